print("novush-bench: see Scripts/bench")
