import Foundation
import Kube
import KubeModel

/// The log page's open streams, one task per `LogStreamSpec` reading `KubeClient.logLines`:
/// `set` opens what is new and cancels what is gone (which aborts the transfer, so the server's
/// follow ends with it). Each line, and each stream's end, goes
/// out through `post` as a `ConsoleEvent`. (Task cancellation ends the `for await`, whose
/// stream's termination cancels the libcurl transfer.)
final class LogStreamSet: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [LogStreamSpec: Task<Void, Never>] = [:]
    private let post: @Sendable (ConsoleEvent) -> Void

    init(post: @escaping @Sendable (ConsoleEvent) -> Void) { self.post = post }

    func set(_ wanted: Set<LogStreamSpec>, client: KubeClient) {
        lock.lock()
        defer { lock.unlock() }
        for (spec, task) in tasks where !wanted.contains(spec) {
            task.cancel()
            tasks[spec] = nil
        }
        for spec in wanted where tasks[spec] == nil {
            let post = self.post
            tasks[spec] = ClientExecutor.task {
                let stream = client.logLines(namespace: spec.namespace, pod: spec.pod, spec.options)
                do {
                    // One event per line: the main loop drains them in batches, one frame each.
                    for try await line in stream { post(.logLines(spec, [line])) }
                    if !Task.isCancelled { post(.logStreamEnded(spec, error: nil)) }
                } catch {
                    if !Task.isCancelled { post(.logStreamEnded(spec, error: "\(error)")) }
                }
            }
        }
    }

    func stopAll() {
        lock.lock()
        for task in tasks.values { task.cancel() }
        tasks = [:]
        lock.unlock()
    }
}
