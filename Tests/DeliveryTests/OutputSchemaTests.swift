import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// `-o json|yaml`: every fixture's view validates against the documented schema and round-trips.
@Suite struct OutputSchemaTests {
    static let scenarios = ["blue-green", "canary", "experiment-analysis", "experiment-step", "rollout-aborted", "rollout-invalid"]

    func check<T: Codable & Equatable>(_ document: T, definition: String, items: String? = nil) throws {
        let validator = try JSONSchemaValidator.fromDocs()
        let json = try OutputFormat.json.render(document)
        let value = try JSON(parsing: json)
        var problems = validator.errors(value, against: validator.definition(definition))
        if let items, case .array(let list)? = value["items"] {
            for (i, item) in list.enumerated() { problems += validator.errors(item, against: validator.definition(items), at: "$.items[\(i)]") }
        }
        #expect(problems.isEmpty, "\(problems)")
        #expect(!json.contains("\u{1B}"))
        for glyph in ["✔", "✖", "◌", "॥", "⚠", "◷", "Σ", "⟳", "⧉"] { #expect(!json.contains(glyph), "glyph \(glyph) in JSON") }
        #expect(try OutputFormat.json.parse(T.self, from: json) == document)
        let yaml = try OutputFormat.yaml.render(document)
        #expect(try OutputFormat.yaml.parse(T.self, from: yaml) == document)
    }

    @Test(arguments: scenarios)
    func rolloutViewsOfEveryScenario(scenario: String) throws {
        let set = try Fixtures.scenario(scenario)
        #expect(!set.rollouts.isEmpty)
        let infos = set.rollouts.map { RolloutInfo($0, objects: set) }
        for info in infos { try check(OutputDocuments.rollout(info), definition: "rollout") }
        try check(OutputDocuments.rollouts(infos), definition: "list", items: "rollout")
        for e in set.experiments { try check(OutputDocuments.experiment(ExperimentInfo(e, objects: set)), definition: "experiment") }
    }

    /// Several clusters' list documents (each item with its `cluster`) and the fleet's validate too.
    @Test func documentsOfSeveralClusters() throws {
        let set = try Fixtures.scenario("canary")
        let rollouts = set.rollouts.map { RolloutInfo($0, objects: set) }
        try check(ViewList(kind: "RolloutViewList", items: rollouts.map { ClusterItem(cluster: "prod-eu", item: $0) }), definition: "list", items: "rollout")
        let lineup = FleetLineup([ClusterObjects(cluster: "staging", objects: set), ClusterObjects(cluster: "prod-eu", objects: try FleetLineupTests.pausedAtStep())])
        #expect(!lineup.applications.isEmpty)
        try check(FleetText.document(lineup), definition: "fleetList")
    }

    @Test func experimentTagsAreWordsInJSON() throws {
        let info = ImageInfo(image: "a:1", tags: ["stable", "Σ:baseline"])
        let json = try OutputFormat.json.render(info)
        #expect(json.contains("\"experiment:baseline\""))
        #expect(try OutputFormat.json.parse(ImageInfo.self, from: json) == info)
    }

    @Test func canaryViewsOfEveryExample() throws {
        let dir = Fixtures.flagger.appendingPathComponent("examples")
        var canaries = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().flatMap {
            try ManifestReader.read(Fixtures.text(dir.appendingPathComponent($0)), file: $0).canaries
        }
        canaries += try ManifestReader.read(Fixtures.text(Fixtures.root.appendingPathComponent("seed/flagger-api-gateway-canary.yaml")), file: "seed").canaries
        #expect(canaries.count == 16)
        for (i, phase) in ["Initialized", "Waiting", "Progressing", "WaitingPromotion", "Promoting", "Finalising", "Succeeded", "Failed"].enumerated() {
            canaries[i].status = .init(phase: phase, failedChecks: 1, canaryWeight: 10, iterations: 2, lastTransitionTime: Fixtures.weekAgo)
        }
        let infos = canaries.map { CanaryInfo($0, objects: ObjectSet()) }
        for info in infos { try check(OutputDocuments.canary(info), definition: "canary") }
        try check(OutputDocuments.canaries(infos), definition: "list", items: "canary")
    }

    /// `diff -o json`: the fixtures' canary and blue/green revisions, and an identical pair.
    @Test func revisionDiffViews() throws {
        for scenario in ["canary", "blue-green"] {
            let set = try Fixtures.scenario(scenario)
            let rollout = try #require(set.rollouts.first { $0.metadata.name.hasSuffix("-demo") })
            try check(OutputDocuments.revisionDiff(try RevisionDiff.of(rollout, objects: set).get()), definition: "revisionDiff")
        }
        let same = RevisionDiff(old: .init(role: "primary", revision: nil, name: "a-primary"), new: .init(role: "canary", revision: nil, name: "a"),
                                oldLines: ["x"], newLines: ["x"])
        try check(OutputDocuments.revisionDiff(same), definition: "revisionDiff")
    }

    @Test func seedRolloutWithoutStatus() throws {
        let set = try ManifestReader.read(Fixtures.text(Fixtures.root.appendingPathComponent("seed/argo-rollouts-demo-workloadref.yaml")), file: "seed")
        let info = RolloutInfo(try #require(set.rollouts.first), objects: set)
        #expect(info.status == "Progressing")
        #expect(info.message == "more replicas need to be updated")
        #expect(info.strategy == "BlueGreen")
        try check(OutputDocuments.rollout(info), definition: "rollout")
    }

    @Test func validatorRejectsWhatTheSchemaForbids() throws {
        let validator = try JSONSchemaValidator.fromDocs()
        let bad: JSON = ["name": 3, "extra": true]
        let problems = validator.errors(bad, against: validator.definition("pod"))
        #expect(problems.contains("$.name: expected string, got 3"))
        #expect(problems.contains("$: unexpected extra"))
        #expect(problems.contains("$: missing status"))
    }
}
