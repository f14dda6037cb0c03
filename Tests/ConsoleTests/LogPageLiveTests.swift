import APIServer
import Foundation
import JSONValue
import Kube
import KubeModel
import Testing
@testable import Console

/// The log page end to end on the embedded server over TLS: `l` on a Rollout opens one
/// followed stream per pod (canary and stable), lines arrive (the server's and new ones), and
/// `esc` closes them: the server is left with no follower.
@Suite(.serialized) struct LogPageLiveTests {
    static func pod(_ name: String, hash: String) -> JSON {
        ["metadata": ["name": .string(name), "namespace": "shop", "labels": ["rollouts-pod-template-hash": .string(hash)]],
         "spec": ["containers": [["name": "app", "image": "x"]]],
         "status": ["phase": "Running", "containerStatuses": [["name": "app", "restartCount": 0, "state": ["running": [:]]]]]]
    }

    @Test func lOpensTheStreamsLinesArriveAndEscClosesThem() async throws {
        let (server, source, _) = try LiveSourceTests.start()
        defer { server.stop(); source.stop() }
        _ = try server.store.patch(.rollouts, namespace: "shop", name: "checkout", type: .merge,
                                   patch: ["status": ["stableRS": "aaa", "currentPodHash": "bbb"]], subresource: "status")
        for (name, hash) in [("checkout-aaa-1", "aaa"), ("checkout-bbb-1", "bbb")] {
            _ = try server.store.create(.pods, namespace: "shop", object: Self.pod(name, hash: hash))
            server.logs.append(namespace: "shop", pod: name, container: "app", "hello from \(name)", at: Date())
        }
        source.start(wake: {})
        let runner = EffectRunner(source: source, readOnly: false, audit: nil)
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, now: Date())
        _ = runner.run(Console.Reducer.start(&state))
        func pump(until done: (ConsoleState) -> Bool) async -> Bool {
            for _ in 0..<400 {
                for event in source.drain() { _ = runner.run(Console.Reducer.reduce(&state, event)) }
                if done(state) { return true }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
            return false
        }
        #expect(await pump { $0.selectedDelivery != nil })
        _ = runner.run(Console.Reducer.reduce(&state, .key(.char("l"))))
        #expect(await pump { $0.logView.map { $0.new.lines.count == 1 && $0.old.lines.count == 1 } ?? false },
                "the canary's and the stable's lines arrive")
        #expect(state.logView?.new.lines.first?.text == "hello from checkout-bbb-1")
        #expect(server.logs.followerCount == 2)
        server.logs.append(namespace: "shop", pod: "checkout-bbb-1", container: "app", "a new line", at: Date())
        #expect(await pump { $0.logView?.new.lines.last?.text == "a new line" }, "a followed line arrives")
        _ = runner.run(Console.Reducer.reduce(&state, .key(.special(.escape))))
        #expect(state.logStreams.isEmpty)
        #expect(await pump { _ in server.logs.followerCount == 0 }, "esc closed the streams on the server too")
    }
}
