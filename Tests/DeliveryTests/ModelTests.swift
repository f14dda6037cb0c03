import Foundation
import KubeModel
import Testing
import Yams
@testable import Delivery

/// Decoding tolerance and the small model helpers.
@Suite struct ModelTests {
    @Test func partialObjectsDecode() throws {
        let bare = try JSONDecoder().decode(Rollout.self, from: Data("{}".utf8))
        #expect(bare.metadata.name == "")
        #expect(bare.spec == RolloutSpec())
        let canary = try YAMLDecoder().decode(Canary.self, from: "metadata: {name: c}\nspec: {analysis: {stepWeights: [5, 10], unknown: {a: 1}}}\n")
        #expect(canary.analysis?.stepWeights == [5, 10])
        #expect(try JSONEncoder().encode(bare).count > 0)
    }

    @Test func pauseDurationAsNumberOrString() throws {
        let steps = try YAMLDecoder().decode([CanaryStep].self, from: "- pause: {duration: 30}\n- pause: {duration: 5m}\n- pause: {}\n- setWeight: 20\n- setCanaryScale: {weight: 50}\n- experiment: {templates: []}\n")
        #expect(steps.map(\.summary) == ["pause: 30s", "pause: 5m", "pause", "setWeight: 20", "setCanaryScale{weight: 50}", "experiment"])
    }

    @Test func labelSelector() {
        let s = LabelSelector(matchLabels: ["app": "web"], matchExpressions: [.init(key: "tier", operator: "In", values: ["a", "b"]),
                                                                             .init(key: "legacy", operator: "DoesNotExist", values: nil)])
        #expect(s.matches(["app": "web", "tier": "a"]))
        #expect(!s.matches(["app": "web", "tier": "c"]))
        #expect(!s.matches(["app": "web", "tier": "a", "legacy": "1"]))
        #expect(s.queryString == "app=web,tier in (a,b),!legacy")
        #expect(LabelSelector().matches([:]))
    }

    @Test func eventTimeFallsBack() throws {
        let e = try JSONDecoder().decode(KubeEvent.self, from: Data(#"{"metadata":{"name":"e","creationTimestamp":"2026-01-01T00:00:00Z"},"involvedObject":{"kind":"Canary","name":"c"},"eventTime":"2026-01-01T00:00:05.123456Z","reason":"Synced","type":"Warning"}"#.utf8))
        #expect(e.involvedObject.kind == "Canary")
        #expect(e.time?.rfc3339 == "2026-01-01T00:00:05Z")
    }

    @Test func objectSetLookups() throws {
        var set = try Fixtures.scenario("canary")
        set.append(ObjectSet(canaries: [Canary(metadata: ObjectMeta(name: "c", namespace: "other"))]))
        #expect(set.namespaces == ["jesse-test", "other"])
        #expect(set.rollout(named: "canary-demo", namespace: "jesse-test") != nil)
        #expect(set.rollout(named: "canary-demo", namespace: "elsewhere") == nil)
        #expect(set.canary(named: "c", namespace: nil) != nil)
        #expect(!set.isEmpty)
    }
}
