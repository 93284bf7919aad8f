print("novush")
