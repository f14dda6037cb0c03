import Foundation
import KubeModel
import Testing
@testable import Kube

/// The client's tasks run on their own threads: an informer lists and watches while every thread
/// of Swift's cooperative pool is held by code that blocks (as an exec credential plugin waited on
/// with a semaphore does). Runs in `.ci/test`'s one-at-a-time pass: it holds the pool on purpose.
@Suite(.serialized) struct ClientExecutorTests {
    @Test func anInformerGoesLiveAndWatchesWhileTheCooperativePoolIsBlocked() throws {
        let cluster = try TestCluster()
        for i in 0..<3 { try cluster.createPod("p\(i)") }
        let client = try cluster.client(options: KubeClientOptions(connectTimeout: 5, stallTimeout: 5))
        let informer = Informer<TestPod>(client: client, resource: .pods, scope: ListScope(namespace: "demo"),
                                         options: InformerOptions(pageSize: 10, backoff: Backoff(initial: 0.05, cap: 0.4, jitter: 0)),
                                         deliver: { _ in })
        // Hold more than every cooperative thread, each blocked until the test lets go.
        let release = DispatchSemaphore(value: 0)
        let blockers = 2 * ProcessInfo.processInfo.activeProcessorCount
        let started = Locked(0)
        for _ in 0..<blockers {
            Task.detached {
                started.withLock { $0 += 1 }
                release.wait()
            }
        }
        defer { for _ in 0..<blockers { release.signal() } }
        // This test holds one of them itself, waiting without yielding.
        #expect(waitBlocking(30) { started.withLock { $0 } >= ProcessInfo.processInfo.activeProcessorCount - 1 })

        informer.start()
        defer { informer.stop() }
        #expect(waitBlocking(30) { informer.state == .live }, "state \(informer.state)")
        #expect(informer.objects.count == 3)
        try cluster.createPod("late")
        #expect(waitBlocking(30) { informer.object(forKey: "demo/late") != nil })
    }

    /// Polls `condition` on this thread, never yielding it to the pool.
    private func waitBlocking(_ seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}
