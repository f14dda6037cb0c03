import APIServer
import Foundation
import JSONValue
import Kube
import KubeModel
import Delivery
import Testing
import TerminalUI
@testable import Console

/// The console's data path on an embedded API server, driven as `ConsoleLoop` drives it but
/// without a terminal: the reducer's effects go through an `EffectRunner` (audited) to a
/// `LiveSource`, and what the source drains goes back through the runner to the reducer.
/// Every connection status and status line the state went through is kept, with its time.
final class ConsoleUnderTest {
    private(set) var server: EmbeddedAPIServer
    let source: LiveSource
    let runner: EffectRunner
    let audit: AuditLog
    var state: ConsoleState
    /// Connection statuses in the order the state took them, with when.
    private(set) var connections: [(time: Date, status: ConnectionStatus)] = []
    /// Status lines in the order the state showed them, with when.
    private(set) var statusLines: [(time: Date, line: StatusMessage)] = []
    let dir: String

    /// A console on `server` as the admin (or as `editKubeconfig` makes the kubeconfig say),
    /// showing `scope`, with its first watches asked for.
    init(server: EmbeddedAPIServer, scope: NamespaceScope = .all, editKubeconfig: (String) -> String = { $0 }) throws {
        self.server = server
        dir = NSTemporaryDirectory() + "rollscope-faults-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/config"
        try Data(editKubeconfig(server.kubeconfigYAML()).utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        (source, _) = try LiveSource.open(options: ConsoleOptions(kubeconfig: [path]), environment: ["HOME": dir])
        audit = AuditLog(path: dir + "/state/rollscope/audit.log")
        runner = EffectRunner(source: source, readOnly: false, audit: audit)
        source.start(wake: {})
        state = ConsoleState(identity: source.identity, scope: scope, watchAllNamespaces: scope == .all, now: Date())
        connections = [(Date(), state.connection)]
        apply(Reducer.start(&state))
    }

    /// The server the console now talks to (a restart replaces it on the same port).
    func replaceServer(_ newServer: EmbeddedAPIServer) { server = newServer }

    func stop() { source.stop() }

    /// Runs effects as the loop does, reducing what the runner hands straight back.
    func apply(_ effects: [ConsoleEffect]) {
        var pending = runner.run(effects).events
        while !pending.isEmpty {
            let events = pending
            pending = []
            for event in events { pending += runner.run(reduce(event)).events }
        }
    }

    /// Presses keys as the operator does.
    func press(_ keys: String...) {
        for key in keys { apply(reduce(.key(KeyEvent(name: key)!))) }
    }

    private func reduce(_ event: ConsoleEvent) -> [ConsoleEffect] {
        let effects = Reducer.reduce(&state, event)
        let now = Date()
        if connections.last?.status != state.connection { connections.append((now, state.connection)) }
        if let line = state.statusLine, statusLines.last?.line != line { statusLines.append((now, line)) }
        return effects
    }

    /// One turn of the loop: the clock, then whatever the source has.
    func pump() {
        let events = runner.observe(source.drain())
        guard !events.isEmpty else { return }
        apply(reduce(.tick(Date())))
        for event in events { apply(reduce(event)) }
    }

    /// Turns the loop every 10 ms until `condition` holds; false after `timeout` seconds.
    func pump(timeout: TimeInterval, until condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump()
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        pump()
        return condition()
    }

    /// How long after `since` the connection was live again, when it left live after `since`.
    func liveAgain(after since: Date) -> TimeInterval? {
        let after = connections.filter { $0.time >= since }
        guard after.contains(where: { $0.status != .live }), let back = after.last(where: { $0.status == .live }) else { return nil }
        return back.time.timeIntervalSince(since)
    }

    /// Whether the state took a status matching `match` at or after `since`.
    func sawConnection(since: Date, _ match: (ConnectionStatus) -> Bool) -> Bool {
        connections.contains { $0.time >= since && match($0.status) }
    }

    // MARK: the truth

    /// The Rollouts and Canaries on the server now, by `namespace/name`, with their resourceVersions.
    static func serverVersions(_ server: EmbeddedAPIServer, namespace: String? = nil) throws -> (rollouts: [String: String], canaries: [String: String]) {
        func versions(_ resource: ResourceType) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try server.store.list(resource, namespace: namespace).items.map { ($0.key, String($0.resourceVersion)) })
        }
        return (try versions(.rollouts), try versions(.canaries))
    }

    /// Why the console does not (yet) show what the server holds, or nil when it does: the
    /// source's caches hold exactly the server's objects at their resourceVersions, the rows
    /// are exactly those objects (none missing, none extra, none twice), each row says what a
    /// row built from the server's own copy says, and the connection is live. A console that
    /// watches one namespace is compared with that namespace.
    func mismatch() -> String? {
        let namespace = state.watchAllNamespaces ? nil : state.scope.namespace
        do {
            let truth = try Self.serverVersions(server, namespace: namespace)
            if let diff = Self.diff("rollouts cache", source.listCacheVersions(.rollouts), truth.rollouts) { return diff }
            if let diff = Self.diff("canaries cache", source.listCacheVersions(.canaries), truth.canaries) { return diff }
            let expected = Set(truth.rollouts.keys.compactMap { Self.ref(.rollout, $0) } + truth.canaries.keys.compactMap { Self.ref(.canary, $0) })
            let shown = Set(state.rows.keys)
            if shown != expected {
                return "rows: missing \(expected.subtracting(shown).sorted().prefix(5)), extra \(shown.subtracting(expected).sorted().prefix(5))"
            }
            if state.filters[.deliveries] == nil, state.visibleOrder.count != expected.count
                || Set(state.visibleOrder).count != state.visibleOrder.count {
                return "list: \(state.visibleOrder.count) lines for \(expected.count) objects"
            }
            for stored in try server.store.list(.rollouts, namespace: namespace).items {
                let rollout = try JSONDecoder().decode(Rollout.self, from: Data(stored.bytes))
                let want = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: state.now)
                if let row = state.rows[want.ref], let diff = Self.diff(row, want) { return diff }
            }
            for stored in try server.store.list(.canaries, namespace: namespace).items {
                let canary = try JSONDecoder().decode(Canary.self, from: Data(stored.bytes))
                let want = CanaryRowBuilder.row(canary, objects: ObjectSet(), now: state.now)
                if let row = state.rows[want.ref], let diff = Self.diff(row, want) { return diff }
            }
        } catch {
            return "the server's list failed: \(error)"
        }
        return state.connection == .live ? nil : "connection: \(state.connection)"
    }

    private static func ref(_ kind: DeliveryKind, _ key: String) -> ObjectRef? {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return parts.count == 2 ? ObjectRef(kind: kind, namespace: parts[0], name: parts[1]) : nil
    }

    private static func diff(_ what: String, _ have: [String: String], _ want: [String: String]) -> String? {
        guard have != want else { return nil }
        let missing = Set(want.keys).subtracting(have.keys).sorted()
        let extra = Set(have.keys).subtracting(want.keys).sorted()
        let stale = want.keys.filter { have[$0] != nil && have[$0] != want[$0] }.sorted().map { "\($0) \(have[$0]!)≠\(want[$0]!)" }
        return "\(what): missing \(missing.prefix(5)), extra \(extra.prefix(5)), stale \(stale.prefix(5))"
    }

    /// What the list shows of a row, compared.
    private static func diff(_ row: Console.DeliveryRow, _ want: Console.DeliveryRow) -> String? {
        // What the object alone decides (a Canary's READY comes from its primary Deployment, compared elsewhere).
        func shown(_ r: Console.DeliveryRow) -> String {
            "\(r.status) \(r.progress.text) \(r.message) \(r.phaseText) \(r.ref.kind == .rollout ? r.readyText : "")"
        }
        return shown(row) == shown(want) ? nil : "\(row.ref): shows \(shown(row)), the server says \(shown(want))"
    }
}

extension ConsoleUnderTest {
    /// How long a test waits for the console's first live screen, before any fault: what it
    /// measures (recovery after a fault, sends across a reconnect) is timed from then on against
    /// its own limits. In a full parallel run the test runner's cooperative threads (two on two
    /// cores) can be held for tens of seconds by the end-to-end tests that wait on processes, and
    /// the informers, which run as tasks, wait with them: seen as 38 s in CI.
    static let firstScreenTimeout: TimeInterval = 120
}

/// Rollouts and Canaries in several namespaces, and a thread that keeps changing them (status
/// messages, new objects, deletions) while it runs.
final class ClusterWriter: @unchecked Sendable {
    static let namespaces = ["alpha", "beta", "gamma"]
    /// Between two changes: about 50 changes a second, more Rollout and Canary churn than a busy
    /// cluster sees (a resumed watch replays every change it missed).
    static let interval: TimeInterval = 0.02
    private let lock = NSLock()
    private var server: EmbeddedAPIServer
    private var running = false
    private var done = DispatchSemaphore(value: 0)
    private var count = 0
    private var step = 0

    init(server: EmbeddedAPIServer) { self.server = server }

    /// Creates the namespaces and, in each, four canary Rollouts and two Canaries.
    static func seed(_ server: EmbeddedAPIServer) throws {
        for ns in namespaces {
            _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]])
            for i in 0..<4 { try createRollout(server, ns, "web-\(i)", message: "seeded") }
            for i in 0..<2 { try createCanary(server, ns, "api-\(i)", message: "seeded") }
        }
    }

    static func rolloutJSON(_ ns: String, _ name: String, message: String) -> JSON {
        ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
         "metadata": ["name": .string(name), "namespace": .string(ns)],
         "spec": ["replicas": 2, "selector": ["matchLabels": ["app": .string(name)]],
                  "strategy": ["canary": ["steps": [["setWeight": 20], ["pause": [:]], ["setWeight": 60]]]]],
         "status": ["phase": "Progressing", "message": .string(message), "currentStepIndex": 0, "replicas": 2, "readyReplicas": 1]]
    }

    static func canaryJSON(_ ns: String, _ name: String, message: String) -> JSON {
        ["apiVersion": "flagger.app/v1beta1", "kind": "Canary",
         "metadata": ["name": .string(name), "namespace": .string(ns)],
         "spec": ["targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(name)],
                  "analysis": ["interval": "1m", "threshold": 5, "maxWeight": 50, "stepWeight": 10]],
         "status": ["phase": "Progressing", "canaryWeight": 10, "failedChecks": 0,
                    "conditions": [["type": "Promoted", "status": "Unknown", "reason": "Progressing", "message": .string(message)]]]]
    }

    static func createRollout(_ server: EmbeddedAPIServer, _ ns: String, _ name: String, message: String) throws {
        try create(server, .rollouts, ns, name, rolloutJSON(ns, name, message: message))
    }

    static func createCanary(_ server: EmbeddedAPIServer, _ ns: String, _ name: String, message: String) throws {
        try create(server, .canaries, ns, name, canaryJSON(ns, name, message: message))
    }

    /// Creates `json`, then writes its status through the subresource, as a controller would
    /// (the server ignores a status sent with the object).
    static func create(_ server: EmbeddedAPIServer, _ resource: ResourceType, _ ns: String, _ name: String, _ json: JSON) throws {
        _ = try server.store.create(resource, namespace: ns, object: json)
        if let status = json["status"] {
            _ = try server.store.patch(resource, namespace: ns, name: name, type: .merge, patch: ["status": status], subresource: "status")
        }
    }

    /// Starts changing objects, one change every few milliseconds, on a thread of its own.
    func start() {
        lock.withLock { running = true }
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                change()
                Thread.sleep(forTimeInterval: Self.interval)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops and returns how many changes were made so far.
    @discardableResult
    func stop() -> Int {
        guard lock.withLock({ defer { running = false }; return running }) else { return count }
        done.wait()
        return count
    }

    /// Makes `n` changes at once on the calling thread.
    func burst(_ n: Int) { for _ in 0..<n { change() } }

    /// One change, chosen in turn: a new status message on a Rollout or a Canary, a new object,
    /// or the deletion of one made earlier.
    private func change() {
        step += 1
        let ns = Self.namespaces[step % Self.namespaces.count]
        let message = "change \(step)"
        do {
            switch step % 6 {
            case 0, 1:
                let name = "web-\(step % 4)"
                _ = try server.store.patch(.rollouts, namespace: ns, name: name, type: .merge,
                                           patch: ["status": ["message": .string(message)]], subresource: "status")
            case 2:
                _ = try server.store.patch(.canaries, namespace: ns, name: "api-\(step % 2)", type: .merge,
                                           patch: ["status": ["conditions": [["type": "Promoted", "status": "Unknown", "reason": "Progressing",
                                                                               "message": .string(message)]]]],
                                           subresource: "status")
            case 3:
                try Self.createRollout(server, ns, "new-\(step)", message: message)
            case 4:
                try Self.createCanary(server, ns, "canary-\(step)", message: message)
            default:
                // Removes the oldest object this writer made in the namespace, if any.
                if let old = try server.store.list(.rollouts, namespace: ns).items.first(where: { $0.name.hasPrefix("new-") }) {
                    _ = try server.store.delete(.rollouts, namespace: ns, name: old.name)
                }
                if let old = try server.store.list(.canaries, namespace: ns).items.first(where: { $0.name.hasPrefix("canary-") }) {
                    _ = try server.store.delete(.canaries, namespace: ns, name: old.name)
                }
            }
            count += 1
        } catch {
            // A namespace or object another change removed: the next turn makes another change.
        }
    }
}

/// One fault's measured recovery, printed as a line of the reliability table.
struct RecoveryRecord {
    var fault: String
    var shown: String
    var recovery: TimeInterval
    var changes: Int
    /// From the injection to the console's return to live, when it left live at all.
    var liveAgain: TimeInterval?
    /// Whether the console equalled a fresh list from the server (then nothing was lost or doubled).
    var converged: Bool
    var test: String

    func print() {
        let result = converged ? String(format: "%.2f s", recovery) : "did not converge"
        let live = liveAgain.map { String(format: "%.2f s", $0) } ?? "stayed live"
        let line = "| \(fault) | \(shown) | \(live) | \(result) | \(changes) | \(converged ? "0" : "?") | \(test) |"
        Swift.print("RELIABILITY \(line)")
        let path = ProcessInfo.processInfo.environment["ROLLSCOPE_RELIABILITY_TABLE"] ?? NSTemporaryDirectory() + "rollscope-reliability.md"
        if let handle = FileHandle(forWritingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
        }
    }
}
