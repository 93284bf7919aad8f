internal import CLua
internal import CShim

/// Holds one Swift closure for Lua; Lua owns one retain and releases it from `__gc`.
final class LuaFunctionBox {
    let name: String
    let body: LuaFunction

    init(name: String, body: @escaping LuaFunction) {
        self.name = name
        self.body = body
    }

    /// Runs the closure. Never lets a Swift error or a Lua error cross this frame: errors are
    /// pushed as values and reported with a code the C trampoline acts on.
    @inline(__always)
    func invoke(_ pointer: OpaquePointer) -> Int32 {
        let stack = LuaStack(pointer)
        do {
            return try body(stack)
        } catch {
            stack.pushError(error, function: name)
            return Int32(LUASHIM_RAISE)
        }
    }

    private static let installOnce: Void = {
        luashim_install(
            { pointer, box in
                // Lua holds a reference for as long as the function exists, so no retain is needed
                // for the call (this keeps ARC traffic off the hot path).
                Unmanaged<LuaFunctionBox>.fromOpaque(box!)._withUnsafeGuaranteedRef { $0.invoke(pointer!) }
            },
            { box in
                Unmanaged<LuaFunctionBox>.fromOpaque(box!).release()
            })
    }()

    static func installDispatcher() { _ = installOnce }
}
