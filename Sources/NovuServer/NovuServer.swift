/// The HTTP face of the engine (`novush serve`). The Hummingbird server lands with the client
/// module issue; until then this target only marks its place in the layering.
public enum NovuServer {}
