import CShim
import NIOCore
import NIOPosix

extension NovuServer {
    /// The runtime's hook signature: a job, and the enqueue function it would otherwise use.
    private typealias EnqueueHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Makes Swift concurrency run its tasks on the server's event loops instead of a pool of its own.
    ///
    /// Each request otherwise moves from the event loop that read it to a concurrency thread and back
    /// to write the answer: two thread switches per request (about 30% of GET throughput). Call it once,
    /// at the start of a process that serves. A job enqueued from an event loop stays on that loop.
    /// - Returns: whether the event loops took over (false when another hook is already installed).
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        guard let slot = cshim_concurrency_enqueue_global_hook(), slot.pointee == nil else { return false }
        let hook: EnqueueHook = { job, _ in MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(job) }
        slot.pointee = unsafeBitCast(hook, to: UnsafeMutableRawPointer.self)
        return true
    }
}
