import Foundation
import KubeModel
@testable import Console

/// A source that records what it is asked and delivers what the test queues.
final class FakeSource: ConsoleSource, @unchecked Sendable {
    let identity = Fixtures.identity
    private let lock = NSLock()
    private var queued: [ConsoleEvent] = []
    private(set) var watchRequests: [Set<WatchSpec>] = []
    private(set) var sent: [Mutation] = []
    private(set) var contexts: [String] = []
    private(set) var permissionQuestions: [Set<String>] = []
    private(set) var started = false
    private(set) var stopped = false
    private var wake: (@Sendable () -> Void)?

    func start(wake: @escaping @Sendable () -> Void) {
        started = true
        self.wake = wake
    }

    func queue(_ events: [ConsoleEvent]) {
        lock.withLock { queued += events }
        wake?()
    }

    func drain() -> [ConsoleEvent] { lock.withLock { defer { queued = [] }; return queued } }
    func setWatches(_ watches: Set<WatchSpec>) { watchRequests.append(watches) }
    func send(_ mutation: Mutation) { sent.append(mutation) }
    func askPermissions(_ namespaces: Set<String>, in cluster: ClusterID) { permissionQuestions.append(namespaces) }
    func switchContext(_ name: String) { contexts.append(name) }
    func stop() { stopped = true }
}
