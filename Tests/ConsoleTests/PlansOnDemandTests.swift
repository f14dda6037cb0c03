import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
@testable import Console

/// Rows plan their mutations when asked (`RowPlans`), from the object they were built from:
/// every fixture's row (the plugin's test data, Flagger's examples, the seeds) plans each kind as
/// it did when rows planned every kind as they were built. `Snapshots/plans-on-demand.txt` was
/// recorded from those eager rows; Rollouts are decoded in place from their text, as the client
/// decodes them (their pod template's text kept once, in the object's).
@Suite struct PlansOnDemandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func objects() throws -> ObjectSet {
        var set = ObjectSet()
        for case let url as URL in FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil)!
        where url.pathExtension == "yaml" && !url.path.contains("/fragments/") && url.lastPathComponent != "crd.yaml" {
            guard let objects = try? ManifestReader.read(try Data(contentsOf: url), file: url.lastPathComponent) else { continue }
            set.append(objects)
        }
        set.rollouts = try set.rollouts.map { rollout in
            try ScanningJSONDecoder().decode(Rollout.self, from: try #require(rollout.verbatim).value.data)
        }
        return set
    }

    @Test func everyFixtureRowPlansAsItsEagerRowDid() throws {
        let set = try Self.objects()
        #expect(set.rollouts.count >= 10 && set.canaries.count >= 5, "\(set.rollouts.count) rollouts, \(set.canaries.count) canaries")
        var lines: [String] = []
        for adapter in DeliveryRegistry.registered {
            let rows = adapter.rows(in: set, now: Fixtures.now).sorted { "\($0.ref)" < "\($1.ref)" }
            for row in rows {
                lines.append("\(row.ref.kind.rawValue) \(row.ref.namespace)/\(row.ref.name)")
                for kind in MutationKind.allCases { lines += Self.describe(row.plan(kind), as: kind.rawValue) }
            }
        }
        try assertSnapshot(text: lines.joined(separator: "\n"), named: "plans-on-demand")
    }

    /// An action that takes an argument names the requests it sends (`targets`), so permissions
    /// are judged each frame without building a body: for every fixture row, they are the
    /// method and path of what the plan for its starting text sends.
    @Test func anArgumentPlannersTargetsAreWhatItsPlanSends() throws {
        let set = try Self.objects()
        var planners = 0
        for adapter in DeliveryRegistry.registered {
            for row in adapter.rows(in: set, now: Fixtures.now) {
                for kind in MutationKind.allCases {
                    guard case let .needsArgument(planner) = row.plan(kind) else { continue }
                    guard case let .ready(_, requests, _) = planner.plan(planner.initial) else {
                        Issue.record("\(row.ref) \(kind): the starting text plans nothing")
                        continue
                    }
                    planners += 1
                    #expect(planner.targets.map { "\($0.method) \($0.path)" } == requests.map { "\($0.method) \($0.path)" }, "\(row.ref) \(kind)")
                }
            }
        }
        #expect(planners >= 5, "\(planners) planners")
    }

    /// A plan set on a row (a test's, a source's without objects) replaces that kind's alone; the
    /// others are still planned when asked, and rows compare by what they plan.
    @Test func settingOneKindKeepsTheOthersPlannedWhenAsked() throws {
        let set = try Self.objects()
        let rollout = try #require(set.rollouts.first { $0.metadata.name == "canary-demo" })
        let row = try #require(ArgoRolloutsAdapter().row(rollout, related: set, now: Fixtures.now))
        var changed = row
        changed.plans[.abort] = .disabled(reason: "set by hand")
        #expect(changed.plan(.abort) == .disabled(reason: "set by hand"))
        for kind in MutationKind.allCases where kind != .abort { #expect(changed.plan(kind) == row.plan(kind), "\(kind)") }
        #expect(changed != row)
        #expect(row == ArgoRolloutsAdapter().row(rollout, related: set, now: Fixtures.now))
        changed.plans[.abort] = nil
        #expect(changed.plans.all.count == MutationKind.allCases.count - 1)
        #expect(changed.plan(.abort) == .disabled(reason: "abort does not apply to a Rollout"))
    }

    static func describe(_ plan: MutationPlan, as name: String, indent: String = "  ") -> [String] {
        func request(_ r: APIRequest) -> String {
            let query = r.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            return "\(indent)  \(r.method.rawValue) \(r.path)\(query.isEmpty ? "" : "?" + query) \(r.contentType ?? "-") "
                + (r.body.map { String(decoding: $0, as: UTF8.self) } ?? "-")
        }
        switch plan {
        case let .ready(label, requests, onNotFound):
            return ["\(indent)\(name): \(label)"] + requests.map(request) + (onNotFound.map { ["\(indent)  on 404:"] + $0.map(request) } ?? [])
        case let .disabled(reason):
            return ["\(indent)\(name): disabled: \(reason)"]
        case let .needsArgument(planner):
            return ["\(indent)\(name): asks \(planner.prompt) [\(planner.initial)] at \(planner.basis)"]
                + describe(planner.plan(planner.initial), as: "with \(planner.initial)", indent: indent + "  ")
                + describe(planner.plan("nosuch=img:2"), as: "with nosuch=img:2", indent: indent + "  ")
        }
    }
}
