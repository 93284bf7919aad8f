import NIOCore
import NIOPosix
import Synchronization

/// A task executor that runs its jobs on one event loop: a request handled with the executor of the
/// loop that read it (``current``) resumes there after every wait, and writes its answer on its own
/// channel's thread.
///
/// Without it, a request resumed by the store's writer thread went to whichever loop came next
/// (``NovuServer/runTasks(on:)`` hands such jobs round), and nearly half of the answers were written
/// from the other loop, one more thread hop each.
final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    private init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }

    /// The executor of the event loop running the caller, or `nil` off the loops.
    static var current: EventLoopTaskExecutor? {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        let key = ObjectIdentifier(loop)
        return executors.withLock { executors in
            if let known = executors[key] { return known }
            let made = EventLoopTaskExecutor(loop: loop)
            executors[key] = made
            return made
        }
    }

    /// One executor per loop, made on first use and kept; each holds its loop, so no other loop can
    /// come to have the same identifier.
    private static let executors = Mutex<[ObjectIdentifier: EventLoopTaskExecutor]>([:])
}
