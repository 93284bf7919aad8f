internal import CShim
import Foundation

/// Turns Ctrl-C (SIGINT) into an interrupt of running Lua code plus a Swift callback.
///
/// The C signal handler arms the "interrupted!" hook on the running coroutine (stopping busy
/// loops, even inside `pcall`) and wakes a monitor thread that calls `handler`, where the caller
/// cancels the tasks waiting on async work.
public final class InterruptMonitor: Sendable {
    private let readDescriptor: Int32

    /// Installs the SIGINT handler and starts the monitor thread.
    /// - Throws: ``LuaError`` when the pipe or the handler cannot be set up.
    public init(handler: @escaping @Sendable () -> Void) throws(LuaError) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw LuaError(.runtime, "cannot create the interrupt pipe") }
        readDescriptor = descriptors[0]
        guard luashim_install_sigint(descriptors[1]) == 0 else {
            throw LuaError(.runtime, "cannot install the SIGINT handler")
        }
        let reader = descriptors[0]
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(reader, &byte, 1)
                if count == 1 {
                    handler()
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        thread.name = "novush-interrupts"
        thread.start()
    }
}
