import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import NovuServer

/// A request handled with its loop's executor comes back to that loop, whoever wakes it.
@Suite struct EventLoopTaskExecutorTests {
    @Test func aTaskPreferringALoopResumesOnItWhenAnotherThreadWakesIt() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loop = group.next()
        let executor = try #require(try await loop.submit { EventLoopTaskExecutor.current }.get())
        #expect(try await loop.submit { EventLoopTaskExecutor.current }.get() === executor, "one executor per loop")
        #expect(EventLoopTaskExecutor.current == nil, "none off the loops")

        let resumedOnLoop = await withTaskExecutorPreference(executor) {
            var onLoop: [Bool] = []
            for _ in 0..<20 {
                // Resumed from a dispatch thread, as the store's writer resumes a queued write.
                await withCheckedContinuation { continuation in DispatchQueue.global().async { continuation.resume() } }
                onLoop.append(loop.inEventLoop)
            }
            return onLoop
        }
        #expect(resumedOnLoop == Array(repeating: true, count: 20))
        try await group.shutdownGracefully()
    }
}
