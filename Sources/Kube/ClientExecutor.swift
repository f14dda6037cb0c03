import Foundation

/// The threads the client's own tasks (informers, watch decoding, credential refresh, mutations)
/// run on, apart from Swift's cooperative pool.
///
/// The cooperative pool has one thread per core: two on a small bastion host or CI machine. Code
/// that blocks a thread in an async context (an exec credential plugin waited on with a
/// semaphore, a `Process` waited for, a test's synchronous helper) holds the whole pool, and every
/// informer on it stops: a watch event waits, the screen goes stale, a relist never starts. Tasks
/// started with `ClientExecutor.task` prefer these threads (SE-0417 task executor preference), so
/// the client keeps listing and watching whatever the rest of the process does with the pool. The
/// threads sleep on a condition variable when there is no work (no idle CPU).
public final class ClientExecutor: TaskExecutor, @unchecked Sendable {
    /// The process's one instance: as many threads as cores, at least two.
    public static let shared = ClientExecutor(threads: max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "rollscope-client-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            // Compact now and then so the queue does not grow without bound.
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Starts an unstructured task on the client's threads. (Unstructured tasks do not inherit an
    /// executor preference, so every task the client starts goes through here.)
    @discardableResult
    public static func task<Success: Sendable>(_ operation: sending @escaping () async -> Success) -> Task<Success, Never> {
        Task(executorPreference: shared, operation: operation)
    }

    /// The throwing variant of `task`.
    @discardableResult
    public static func throwingTask<Success: Sendable>(_ operation: sending @escaping () async throws -> Success)
        -> Task<Success, any Error> {
        Task(executorPreference: shared, operation: operation)
    }
}
