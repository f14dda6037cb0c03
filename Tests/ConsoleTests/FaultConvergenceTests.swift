import APIServer
import Foundation
import JSONValue
import Kube
import KubeModel
import Testing
@testable import Console

/// The console against the embedded API server while one fault at a time is injected, with
/// objects changing in three namespaces all along: the console stays up, shows the fault while
/// it lasts, and within 2 s of the fault's end its caches and rows equal a fresh list from the
/// server (same objects at the same resourceVersions, none missing, none twice). Each test
/// prints its recovery time as a line of docs/RELIABILITY.md's table.
@Suite(.serialized) struct FaultConvergenceTests {
    /// The most a recovery may take, from the fault's end to rows equal to the server's.
    static let recoveryLimit: TimeInterval = 2

    /// A fault: how it starts, what the console must show while it lasts (checked against the
    /// console and the time it was injected), how long it lasts at least, and how it ends.
    struct Fault {
        var name: String
        var test: String
        var shown: String
        var inject: (ConsoleUnderTest) throws -> Void
        var during: (ConsoleUnderTest, Date) -> Bool = { _, _ in true }
        var lasts: TimeInterval = 0.5
        var lift: (ConsoleUnderTest) throws -> Void = { _ in }
    }

    static func startedServer() throws -> EmbeddedAPIServer {
        let server = try EmbeddedAPIServer()
        try server.start()
        try ClusterWriter.seed(server)
        return server
    }

    /// Waits for the console to show the seeded cluster live, with its two list watches open.
    static func settle(_ console: ConsoleUnderTest) async throws {
        let ready = await console.pump(timeout: ConsoleUnderTest.firstScreenTimeout) { console.mismatch() == nil && console.server.openWatchCount >= 2 }
        try #require(ready, "the console never showed the cluster: \(console.mismatch() ?? "watches: \(console.server.openWatchCount)")")
    }

    /// Injects the fault while a writer changes objects, checks what is shown, ends the fault
    /// and measures how long the console takes to equal the server again.
    @discardableResult
    static func run(_ fault: Fault, console given: ConsoleUnderTest? = nil) async throws -> TimeInterval {
        let console = try given ?? ConsoleUnderTest(server: try startedServer())
        defer { console.stop(); if given == nil { console.server.stop() } }
        try await settle(console)
        let writer = ClusterWriter(server: console.server)
        writer.start()
        // Changes flow while the console is live, then through the fault.
        _ = await console.pump(timeout: 0.2) { false }
        let injected = Date()
        try fault.inject(console)
        let shown = await console.pump(timeout: 20) { fault.during(console, injected) && Date().timeIntervalSince(injected) >= fault.lasts }
        let changes = writer.stop()
        #expect(shown, "\(fault.name): while it lasted the console went through \(console.connections.map(\.status)), status \(console.statusLines.map(\.line.text).suffix(3))")
        try fault.lift(console)
        let lifted = Date()
        let converged = await console.pump(timeout: 20) { console.mismatch() == nil }
        let recovery = Date().timeIntervalSince(lifted)
        #expect(converged, "\(fault.name): \(console.mismatch() ?? "")")
        let after = console.connections.filter { $0.time >= lifted }.map { "\(String(format: "+%.2f", $0.time.timeIntervalSince(lifted))) \($0.status)" }
        #expect(recovery <= recoveryLimit, "\(fault.name): converged \(String(format: "%.2f", recovery)) s after the fault ended; then \(after)")
        RecoveryRecord(fault: fault.name, shown: fault.shown, recovery: recovery, changes: changes,
                       liveAgain: console.liveAgain(after: injected), converged: converged, test: fault.test).print()
        return recovery
    }

    static func reconnecting(_ console: ConsoleUnderTest, since: Date, containing text: String = "") -> Bool {
        console.sawConnection(since: since) { if case let .reconnecting(_, reason) = $0 { text.isEmpty || reason.contains(text) } else { false } }
    }

    /// The list paths, where request faults are injected (mutations are not sent in these tests).
    static let listPaths = "/apis/"

    @Test func aWatchDroppedMidLineResumes() async throws {
        try await Self.run(Fault(
            name: "watch dropped mid-line", test: "aWatchDroppedMidLineResumes", shown: "reconnecting since HH:MM:SS",
            inject: { $0.server.faults.dropWatches() },
            during: { Self.reconnecting($0, since: $1) }))
    }

    @Test func streamsClosedEarlyAreReopened() async throws {
        try await Self.run(Fault(
            name: "watch streams closed early", test: "streamsClosedEarlyAreReopened", shown: "● live (or reconnecting for < 1 s)",
            inject: { $0.server.faults.closeWatches() },
            during: { console, since in console.server.faults.requests.filter { $0.uri.contains("watch=true") }.count >= 4 }))
    }

    @Test func expiredHistoryRelists() async throws {
        try await Self.run(Fault(
            name: "410 Gone (history compacted)", test: "expiredHistoryRelists", shown: "reconnecting since HH:MM:SS",
            inject: { console in
                // Cut off, the console misses changes, then the history it would resume from is compacted.
                console.server.faults.dropWatches()
                ClusterWriter(server: console.server).burst(12)
                console.server.faults.expireHistory()
            },
            during: { Self.reconnecting($0, since: $1, containing: "expired") }))
    }

    @Test func tooManyRequestsWaitsItsRetryAfter() async throws {
        try await Self.run(Fault(
            name: "429 Too Many Requests, Retry-After: 1", test: "tooManyRequestsWaitsItsRetryAfter", shown: "reconnecting since HH:MM:SS",
            inject: { console in
                console.server.faults.failNext(pathPrefix: Self.listPaths, method: "GET", code: 429, count: 1_000_000, retryAfter: 1)
                console.server.faults.dropWatches()
            },
            during: { Self.reconnecting($0, since: $1, containing: "TooManyRequests") }, lasts: 2.5,
            lift: { $0.server.faults.reset() }))
    }

    @Test(arguments: [500, 503])
    func serverErrorsAreRetried(code: Int) async throws {
        try await Self.run(Fault(
            name: "\(code) on every list and watch", test: "serverErrorsAreRetried(code: \(code))", shown: "reconnecting since HH:MM:SS",
            inject: { console in
                console.server.faults.failNext(pathPrefix: Self.listPaths, method: "GET", code: code, count: 1_000_000)
                console.server.faults.dropWatches()
            },
            // The reason as kubectl words it, the server's own (`Error from server (ServiceUnavailable): ...`).
            during: { Self.reconnecting($0, since: $1, containing: code == 503 ? "(ServiceUnavailable)" : "(InternalError)") }, lasts: 3,
            lift: { $0.server.faults.reset() }))
    }

    @Test func aStalledResponseIsWaitedFor() async throws {
        let stall = 3.0
        var started = Date()
        try await Self.run(Fault(
            name: "responses stalled \(Int(stall)) s", test: "aStalledResponseIsWaitedFor", shown: "reconnecting since HH:MM:SS",
            inject: { console in
                started = Date()
                console.server.faults.stall(pathPrefix: Self.listPaths, seconds: stall)
                console.server.faults.dropWatches()
            },
            during: { Self.reconnecting($0, since: $1) }, lasts: 1,
            lift: { console in
                console.server.faults.reset()
                // Requests already stalled are answered when their stall is over: that is the fault's end.
                let end = started.addingTimeInterval(stall)
                if end > Date() { Thread.sleep(until: end) }
            }))
    }

    @Test(arguments: ["malformed", "truncated"])
    func aBrokenWatchLineIsSurvived(kind: String) async throws {
        let line = kind == "malformed" ? "{\"type\":\"MODIFIED\",\"object\":{garbage}}\n" : "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"x\"\n"
        try await Self.run(Fault(
            name: "\(kind) JSON line in a watch", test: "aBrokenWatchLineIsSurvived(kind: \"\(kind)\")",
            shown: "status line: rollouts: watch event of Rollout: …",
            inject: { $0.server.faults.injectIntoWatches(line) },
            during: { console, since in console.statusLines.contains { $0.time >= since && $0.line.isError && $0.line.text.contains("watch event") } }))
    }

    @Test func aTenMebibyteObjectIsListedWatchedAndShown() async throws {
        let blob = String(repeating: "x", count: 10 << 20)
        let ref = ObjectRef(kind: .rollout, namespace: "beta", name: "huge")
        try await Self.run(Fault(
            name: "a 10 MiB Rollout (annotation)", test: "aTenMebibyteObjectIsListedWatchedAndShown", shown: "its row, like any other",
            inject: { console in
                var json = ClusterWriter.rolloutJSON("beta", "huge", message: "huge")
                json["metadata"]?["annotations"] = ["example.com/blob": .string(blob)]
                try ClusterWriter.create(console.server, .rollouts, "beta", "huge", json)
                // Changed once more, then the history is dropped: it comes by watch and by relist.
                _ = try console.server.store.patch(.rollouts, namespace: "beta", name: "huge", type: .merge,
                                                   patch: ["status": ["message": "huge, changed"]], subresource: "status")
            },
            during: { console, _ in console.state.rows[ref]?.message == "huge, changed" },
            lift: { console in
                console.server.faults.dropWatches()
                console.server.faults.expireHistory()
            }))
    }

    @Test func objectsMissingFieldsAreShown() async throws {
        let rollout = ObjectRef(kind: .rollout, namespace: "beta", name: "bare")
        let canary = ObjectRef(kind: .canary, namespace: "gamma", name: "unstarted")
        try await Self.run(Fault(
            name: "a Rollout without spec or status, a Canary without status", test: "objectsMissingFieldsAreShown",
            shown: "their rows (status from what is there)",
            inject: { console in
                _ = try console.server.store.create(.rollouts, namespace: "beta", object: [
                    "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": "bare", "namespace": "beta"]])
                var json = ClusterWriter.canaryJSON("gamma", "unstarted", message: "")
                json["status"] = nil
                try ClusterWriter.create(console.server, .canaries, "gamma", "unstarted", json)
            },
            during: { console, _ in console.state.rows[rollout] != nil && console.state.rows[canary] != nil }))
    }

    @Test func aForbiddenNamespaceIsShownAndComesBackWhenAllowed() async throws {
        let server = try Self.startedServer()
        defer { server.stop() }
        let beta = try ConsoleUnderTest(server: server, scope: .one("beta"))
        // Another console on another namespace of the same cluster, live all along.
        let alpha = try ConsoleUnderTest(server: server, scope: .one("alpha"))
        defer { alpha.stop() }
        try await Self.settle(alpha)
        try await Self.run(Fault(
            name: "403 on one namespace", test: "aForbiddenNamespaceIsShownAndComesBackWhenAllowed",
            shown: "namespaces pane: beta forbidden: <API message>; other namespaces live",
            inject: { console in
                console.server.faults.forbidNamespace("beta")
                console.server.faults.dropWatches()
            },
            during: { console, _ in
                // While beta is refused, alpha's console is live and current.
                alpha.pump()
                return console.state.forbiddenNamespaces["beta"]?.contains("forbidden") == true
                    && console.state.namespaceEntries.contains { $0.namespace == "beta" && $0.forbidden != nil }
                    && alpha.mismatch() == nil && alpha.state.forbiddenNamespaces.isEmpty
            }, lasts: 1.5,
            lift: { $0.server.faults.allowNamespace("beta") }), console: beta)
        #expect(beta.state.forbiddenNamespaces.isEmpty, "allowed again, beta is no longer shown forbidden")
        let alphaLive = await alpha.pump(timeout: 5) { alpha.mismatch() == nil }
        #expect(alphaLive, "alpha: \(alpha.mismatch() ?? "")")
    }

    @Test func anExpiringExecTokenIsRenewed() async throws {
        let server = try Self.startedServer()
        defer { server.stop() }
        let plugin = NSTemporaryDirectory() + "rollscope-exec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
        let script = plugin + "/plugin.sh"
        try Data("#!/bin/sh\necho run >> \"$(dirname \"$0\")/runs\"\ncat \"$(dirname \"$0\")/credential.json\"\n".utf8)
            .write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        func issue(_ token: String, expiring: Date) throws {
            let stamp = ISO8601DateFormatter().string(from: expiring)
            try Data(#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\#(token)","expirationTimestamp":"\#(stamp)"}}"#.utf8)
                .write(to: URL(fileURLWithPath: plugin + "/credential.json"), options: .atomic)
        }
        func runs() -> Int { ((try? String(contentsOfFile: plugin + "/runs", encoding: .utf8)) ?? "").split(separator: "\n").count }
        let expiry = Date().addingTimeInterval(4)
        try issue("short-lived-1", expiring: expiry)
        server.faults.acceptAdminTokens(["short-lived-1"])
        let console = try ConsoleUnderTest(server: server, editKubeconfig: {
            $0.replacingOccurrences(of: "    token: \(server.credentials.adminToken)",
                                    with: "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \(script)\n      interactiveMode: Never")
        })
        try await Self.run(Fault(
            name: "exec token expired and rotated", test: "anExpiringExecTokenIsRenewed", shown: "● live (the plugin runs again)",
            inject: { console in
                // The token expires; the server accepts only its successor from now on, and the
                // watches end (as their timeout or a broken connection ends them).
                if expiry > Date() { Thread.sleep(until: expiry) }
                try issue("short-lived-2", expiring: Date().addingTimeInterval(3600))
                console.server.faults.acceptAdminTokens(["short-lived-2"])
                console.server.faults.clearRequests()
                console.server.faults.dropWatches()
            },
            during: { console, _ in console.server.faults.requests.filter { $0.uri.contains("watch=true") }.count >= 2 }), console: console)
        #expect(runs() >= 2, "the plugin ran again for the new token")
        let refused = server.faults.requests.filter { $0.user == nil }
        #expect(refused.isEmpty, "the expired token was never sent again: \(refused.map(\.uri))")
        #expect(console.statusLines.allSatisfy { !$0.line.text.contains("short-lived") }, "tokens never shown")
    }

    @Test(arguments: [UInt64(1_000_000), 1])
    func aRestartedServerWithANewHistoryIsRelisted(initialResourceVersion: UInt64) async throws {
        let old = try Self.startedServer()
        let console = try ConsoleUnderTest(server: old)
        defer { console.stop(); console.server.stop() }
        try await Self.settle(console)
        let writer = ClusterWriter(server: old)
        writer.start()
        _ = await console.pump(timeout: 0.3) { false }
        writer.stop()
        _ = await console.pump(timeout: 5) { console.mismatch() == nil }
        // The restarted server keeps the credentials and the port; its objects are recreated from
        // the old ones with new resourceVersions, some changed, some gone, some new.
        let restarted = try EmbeddedAPIServer(options: .init(port: old.port, initialResourceVersion: initialResourceVersion),
                                              credentials: old.credentials)
        let oldVersion = old.store.resourceVersion
        for ns in ClusterWriter.namespaces {
            _ = try restarted.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]])
            for (index, object) in try old.store.list(.rollouts, namespace: ns).items.enumerated() where index % 4 != 1 {
                var json = object.json
                json["metadata"] = ["name": .string(object.name), "namespace": .string(ns)]
                if index % 4 == 2 { json["status"]?["message"] = "changed while down" }
                try ClusterWriter.create(restarted, .rollouts, ns, object.name, json)
            }
            for object in try old.store.list(.canaries, namespace: ns).items.dropLast() {
                var json = object.json
                json["metadata"] = ["name": .string(object.name), "namespace": .string(ns)]
                try ClusterWriter.create(restarted, .canaries, ns, object.name, json)
            }
            try ClusterWriter.createRollout(restarted, ns, "added-while-down", message: "new")
        }
        if initialResourceVersion < oldVersion {
            try #require(restarted.store.resourceVersion < oldVersion, "the new history must be behind the old one")
        }
        let down = Date()
        old.stop()
        let shown = await console.pump(timeout: 20) {
            Date().timeIntervalSince(down) >= 2 && Self.reconnecting(console, since: down)
        }
        #expect(shown, "while the server is down: \(console.connections.map(\.status))")
        console.replaceServer(restarted)
        try restarted.start()
        let started = Date()
        let converged = await console.pump(timeout: 20) { console.mismatch() == nil }
        let recovery = Date().timeIntervalSince(started)
        #expect(converged, "\(console.mismatch() ?? "")")
        #expect(recovery <= Self.recoveryLimit, "converged \(String(format: "%.2f", recovery)) s after the restart")
        let direction = initialResourceVersion > oldVersion ? "ahead of" : "behind"
        RecoveryRecord(fault: "server restarted, new history \(direction) the old", shown: "reconnecting since HH:MM:SS",
                       recovery: recovery, changes: 3 * ClusterWriter.namespaces.count, liveAgain: console.liveAgain(after: down),
                       converged: converged,
                       test: "aRestartedServerWithANewHistoryIsRelisted(initialResourceVersion: \(initialResourceVersion))").print()
    }
}
