import Foundation
import KubeModel
import Testing
@testable import Console

@Suite struct EffectRunnerTests {
    static func mutation(id: Int = 1) -> Mutation {
        Mutation(id: id, kind: .promote, label: "promote", target: Fixtures.checkoutRef, context: "kind-demo",
                 requests: [Fixtures.promoteRequest(Fixtures.checkoutRef)])
    }

    static func temporaryLog() -> AuditLog {
        AuditLog(path: NSTemporaryDirectory() + "rollscope-test-\(UUID().uuidString)/state/audit.log")
    }

    @Test func aMutationIsSentOnceAndAuditedTwice() throws {
        let source = FakeSource()
        let log = Self.temporaryLog()
        let runner = EffectRunner(source: source, readOnly: false, audit: log, clock: { Fixtures.now })
        let out = runner.run([.send(Self.mutation())])
        #expect(out.events.isEmpty)
        #expect(source.sent == [Self.mutation()])
        let passed = runner.observe([.mutationFinished(id: 1, outcome: .succeeded)])
        #expect(passed.count == 1)
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["result"] as? String == "sent")
        #expect(first?["object"] as? String == "rollout/checkout")
        #expect(first?["namespace"] as? String == "shop")
        #expect(first?["context"] as? String == "kind-demo")
        #expect(first?["user"] as? String == "admin")
        #expect(first?["action"] as? String == "promote")
        #expect(first?["time"] as? String == "2027-01-15T08:00:00Z")
        let requests = first?["requests"] as? [[String: String]]
        #expect(requests?.first?["path"] == "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status")
        #expect(requests?.first?["body"] == #"{"status":{"pauseConditions":null, "currentStepIndex":3}}"#)
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(second?["result"] as? String == "ok")
        let attributes = try FileManager.default.attributesOfItem(atPath: log.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func readOnlyIsEnforcedWhereRequestsAreSent() {
        let source = FakeSource()
        let runner = EffectRunner(source: source, readOnly: true, audit: Self.temporaryLog())
        let out = runner.run([.send(Self.mutation())])
        #expect(source.sent.isEmpty)
        #expect(out.events.count == 1)
        guard case let .mutationFinished(id, outcome) = out.events.first else { Issue.record("no refusal"); return }
        #expect(id == 1)
        #expect(outcome == .refusedReadOnly)
    }

    @Test func anUnwritableAuditLogStopsTheMutation() {
        let source = FakeSource()
        let runner = EffectRunner(source: source, readOnly: false, audit: AuditLog(path: "/proc/rollscope/audit.log"))
        let out = runner.run([.send(Self.mutation())])
        #expect(source.sent.isEmpty)
        guard case let .mutationFinished(_, .unreachable(reason)) = out.events.first else { Issue.record("not refused"); return }
        #expect(reason.contains("nothing sent"))
    }

    @Test func theAPIsErrorIsAudited() throws {
        let source = FakeSource()
        let log = Self.temporaryLog()
        let runner = EffectRunner(source: source, readOnly: false, audit: log, clock: { Fixtures.now })
        _ = runner.run([.send(Self.mutation())])
        _ = runner.observe([.mutationFinished(id: 1, outcome: .failed(APIStatus(code: 409, reason: "Conflict", message: "modified")))])
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(text.contains(#""result":"error 409 Conflict: modified""#))
        #expect(!text.lowercased().contains("bearer"))
        #expect(!text.lowercased().contains("authorization"))
    }

    @Test func otherEffectsReachTheSource() {
        let source = FakeSource()
        let runner = EffectRunner(source: source, readOnly: false, audit: nil)
        let specs: Set<WatchSpec> = [WatchSpec(resource: .rollouts, namespace: nil)]
        let out = runner.run([.watch(specs), .switchContext("prod"), .bell, .quit])
        #expect(source.watchRequests == [specs])
        #expect(source.contexts == ["prod"])
        #expect(out.bell && out.quit)
    }
}
