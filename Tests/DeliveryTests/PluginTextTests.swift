import Foundation
import KubeModel
import Testing
@testable import Delivery

/// Every expected file of the plugin's `get`, `list` and `status` tests, byte for byte.
@Suite struct PluginTextTests {
    /// `get rollout NAME --no-color` on a scenario.
    func getRollout(_ scenario: String, _ name: String, mutate: (inout ObjectSet) -> Void = { _ in }) throws -> String {
        var set = try Fixtures.scenario(scenario)
        mutate(&set)
        let rollout = try #require(set.rollout(named: name, namespace: nil))
        return RolloutText.rollout(RolloutInfo(rollout, objects: set), now: Fixtures.now)
    }

    @Test(arguments: [
        ("TestGetBlueGreenRollout.txt", "blue-green", "bluegreen-demo"),
        ("TestGetCanaryRollout.txt", "canary", "canary-demo"),
        ("TestExperimentRollout.txt", "experiment-analysis", "rollout-experiment-analysis"),
        ("TestGetInvalidRollout.txt", "rollout-invalid", "rollout-invalid"),
        ("TestGetAbortedRollout.txt", "rollout-aborted", "rollout-background-analysis"),
    ])
    func getRolloutMatchesExpected(file: String, scenario: String, name: String) throws {
        #expect(try getRollout(scenario, name) == Fixtures.expected("get", file))
    }

    @Test func getBlueGreenWithScaleDownDelay() throws {
        let text = try getRollout("blue-green", "bluegreen-demo") { set in
            let deadline = KubeTime.format(Date(timeIntervalSince1970: (Fixtures.now.timeIntervalSince1970 + 4 * 3600).rounded(.down)))
            let i = set.replicaSets.firstIndex { $0.metadata.name == "bluegreen-demo-74b948fccb" }!
            set.replicaSets[i].metadata.annotations?[Annotations.scaleDownDeadline] = deadline
            set.replicaSets[i].metadata.labels?[Annotations.podTemplateHash] = nil
        }
        #expect(text == (try Fixtures.expected("get", "TestGetBlueGreenRolloutScaleDownDelay.txt")))
    }

    @Test func getExperimentMatchesExpected() throws {
        let set = try Fixtures.scenario("experiment-analysis")
        let experiment = try #require(set.experiment(named: "rollout-experiment-analysis-6f646bf7b7-1-vcv27", namespace: "jesse-test"))
        let text = RolloutText.experiment(ExperimentInfo(experiment, objects: set), now: Fixtures.now)
        #expect(text == (try Fixtures.expected("get", "TestGetExperiment.txt")))
    }

    static func listInput(_ name: String) throws -> Rollout {
        try #require(ManifestReader.read(Fixtures.text(Fixtures.argo.appendingPathComponent("cmd/list/inputs/\(name)")), file: name).rollouts.first)
    }

    @Test(arguments: [("TestListCanaryRollout.txt", "can-guestbook.yaml"), ("TestListBlueGreenResource.txt", "bg-guestbook.yaml")])
    func listMatchesExpected(file: String, input: String) throws {
        #expect(ListText.rollouts([try Self.listInput(input)]) == (try Fixtures.expected("list", file)))
    }

    @Test func listWatchAppendsOnlyChangedRows() throws {
        let bg = try Self.listInput("bg-guestbook.yaml"), can = try Self.listInput("can-guestbook.yaml")
        var out = ListText.rollouts([bg, can])
        var watch = RolloutListWatch(initial: [bg, can])
        var more = can
        more.status.availableReplicas = 3
        for event in [can, bg, can, more] { out += watch.update(event) ?? "" }
        #expect(out == (try Fixtures.expected("list", "TestListWithWatch.txt")))
    }

    @Test func listExperimentsAllNamespaces() throws {
        var e = try #require(ManifestReader.read(Fixtures.text(Fixtures.argo.appendingPathComponent("cmd/list/inputs/my-experiment.yaml")), file: "e").experiments.first)
        e.metadata.creationTimestamp = Fixtures.weekAgo
        e.status.availableAt = KubeTime(Date(timeIntervalSince1970: (Fixtures.now.timeIntervalSince1970 - 3600).rounded(.down)))
        var e2 = e
        e2.metadata.name = "my-experiment2"
        e2.metadata.namespace = "my-other-namespace"
        e2.spec.duration = nil
        #expect(ListText.experiments([e2, e], allNamespaces: true, now: Fixtures.now) == (try Fixtures.expected("list", "TestListExperiments.txt")))
    }

    @Test func emptyListPrintsNothingOnStdout() {
        #expect(ListText.rollouts([]) == "")
        #expect(ListText.noResources == "No resources found.\n")
    }

    func status(_ scenario: String, _ name: String) throws -> RolloutStatus {
        RolloutStatus.of(try #require(try Fixtures.scenario(scenario).rollout(named: name, namespace: nil)))
    }

    @Test(arguments: [
        ("TestStatusBlueGreenRollout", "blue-green", "bluegreen-demo", Int32(0)),
        ("TestStatusInvalidRollout", "rollout-invalid", "rollout-invalid", Int32(1)),
        ("TestStatusAbortedRollout", "rollout-aborted", "rollout-background-analysis", Int32(1)),
    ])
    func statusOnceMatchesExpected(test: String, scenario: String, name: String, exit: Int32) throws {
        let outcome = StatusOutcome.once(try status(scenario, name))
        #expect(outcome.stdout == (try Fixtures.expected("status", "\(test).stdout.txt")))
        let stderrURL = Fixtures.argo.appendingPathComponent("cmd/status/expected/\(test).stderr.txt")
        let stderr = FileManager.default.fileExists(atPath: stderrURL.path) ? try Fixtures.text(stderrURL) : ""
        #expect(outcome.stderr == stderr)
        #expect(outcome.exitCode == exit)
    }

    @Test func statusWatchStopsAtDegraded() throws {
        var watch = StatusWatch()
        let (line, done) = watch.observe(try status("rollout-aborted", "rollout-background-analysis"))
        #expect(line == (try Fixtures.expected("status", "TestWatchAbortedRollout.stdout.txt")))
        #expect(done?.stderr == (try Fixtures.expected("status", "TestWatchAbortedRollout.stderr.txt")))
        #expect(done?.exitCode == 1)
    }

    @Test func statusWatchPrintsOnlyChanges() {
        var watch = StatusWatch()
        #expect(watch.observe(RolloutStatus("Progressing", "more replicas need to be updated")).line != nil)
        #expect(watch.observe(RolloutStatus("Progressing", "more replicas need to be updated")).line == nil)
        let end = watch.observe(RolloutStatus("Healthy"))
        #expect(end.line == "Healthy\n")
        #expect(end.done?.exitCode == 0)
    }

    @Test func statusNotFound() throws {
        #expect(StatusOutcome.notFound("does-not-exist").stderr == (try Fixtures.expected("status", "TestStatusRolloutNotFound.stderr.txt")))
    }
}
