import Foundation
import JSONValue
import KubeModel
import Testing
import TerminalUI
@testable import Console
@testable import Delivery

/// `i` (set image: an input line with the first container's CONTAINER=IMAGE, then the usual
/// confirm, sent as the plugin's PUT of the whole Rollout, planned again at confirm) and `T`
/// (terminate the newest running AnalysisRun, from the detail), on rows and details built from
/// real Rollouts, as the live source builds them.
@Suite struct ImageAndTerminateKeyTests {
    static let rolloutYAML = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: r, namespace: ns, uid: r-uid, resourceVersion: "7"}
    spec:
      replicas: 1
      selector: {matchLabels: {app: r}}
      strategy: {canary: {steps: [{setWeight: 10}, {pause: {}}]}}
      template:
        metadata: {labels: {app: r}}
        spec:
          containers: [{name: web, image: "web:1", ports: [{containerPort: 8080}]}, {name: sidecar, image: "proxy:3"}]
    """

    static func rollout(_ yaml: String = rolloutYAML) throws -> Rollout {
        try #require(try ManifestReader.read(yaml, file: "r.yaml").rollouts.first)
    }

    static let ref = ObjectRef(kind: .rollout, namespace: "ns", name: "r")

    /// The console on the one rollout's row, the list focused.
    static func state(_ rollout: Rollout) -> ConsoleState {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        _ = Reducer.start(&state)
        _ = Reducer.reduce(&state, .connection(.live))
        _ = Reducer.reduce(&state, .rows(upserted: [RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: Fixtures.now)], removed: []))
        return state
    }

    static func typing(_ text: String) -> [String] { text.map { String($0) } }

    @Test func setImageAsksWithTheFirstContainerThenConfirmsThePluginsPUT() throws {
        let rollout = try Self.rollout()
        var state = Self.state(rollout)
        #expect(Fixtures.press(&state, "i").isEmpty)
        guard case let .input(line) = state.overlay else { Issue.record("no input line: \(String(describing: state.overlay))"); return }
        #expect(line.text == "web=web:1", "the first container, editable")
        #expect(line.prompt == "set image CONTAINER=IMAGE (rollout/r): ")
        // Replace the image: erase the line, type the new assignment, enter.
        for key in ["ctrl-u"] + Self.typing("web=web:2") + ["enter"] { Fixtures.press(&state, key) }
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog: \(String(describing: state.statusLine))"); return }
        #expect(dialog.question == "Set image web=web:2 rollout/r in namespace ns on context kind-demo?")
        #expect(!dialog.confirmFocused)
        let expected = try RolloutRequests.setImage(container: "web", image: "web:2", object: try #require(rollout.verbatim?.value), rolloutName: "r")
        #expect(dialog.requests == expected.requests)
        let body = try JSON(parsing: try #require(dialog.requests.first?.body))
        #expect(dialog.requests.first?.method == .put && dialog.requests.first?.path == "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r")
        #expect(body[path: ["spec", "template", "spec", "containers"]] == [["name": "web", "image": "web:2", "ports": [["containerPort": 8080]]],
                                                                            ["name": "sidecar", "image": "proxy:3"]],
                "only the named container's image changes; the fields rollscope does not model are kept")
        #expect(body[path: ["metadata", "resourceVersion"]] == "7", "the PUT carries the version it was read at")
        let sent = Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation)
        #expect(sent.count == 1)
        #expect(sent.first?.kind == .setImage && sent.first?.requests == expected.requests)
    }

    @Test func setImageIsPlannedAgainFromTheLatestObjectAtConfirm() throws {
        let rollout = try Self.rollout()
        var state = Self.state(rollout)
        for key in ["i", "ctrl-u"] + Self.typing("*=web:9") + ["enter"] { Fixtures.press(&state, key) }
        #expect(state.keyScope == .dialog)
        // The object moves on while the dialog is open (a new resourceVersion).
        let newer = try Self.rollout(Self.rolloutYAML.replacingOccurrences(of: "resourceVersion: \"7\"", with: "resourceVersion: \"8\""))
        _ = Reducer.reduce(&state, .rows(upserted: [RolloutRowBuilder.row(newer, objects: ObjectSet(), now: Fixtures.now)], removed: []))
        let sent = Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation)
        let body = try JSON(parsing: try #require(sent.first?.requests.first?.body))
        #expect(body[path: ["metadata", "resourceVersion"]] == "8", "the PUT is of the object as it is now")
        #expect(body[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.compactMap { $0["image"]?.stringValue } == ["web:9", "web:9"],
                "* sets every container")
    }

    /// A user who may not update the rollout is told so before typing anything (judged on the
    /// planner's targets), and no input line opens; one who may gets the line.
    @Test func setImageIsDisabledForAUserWhoMayNotUpdateTheRollout() throws {
        var state = Self.state(try Self.rollout())
        let viewer = Permissions(user: "viewer", namespace: "ns", rules: [PolicyRule(verbs: ["get", "list", "watch"])])
        _ = Reducer.reduce(&state, .permissions(namespace: "ns", viewer))
        #expect(Fixtures.press(&state, "i").isEmpty)
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cannot set image rollout/r: user viewer cannot update rollouts in ns", isError: true))
        let editor = Permissions(user: "editor", namespace: "ns", rules: [PolicyRule(verbs: ["update"], apiGroups: ["argoproj.io"], resources: ["rollouts"])])
        _ = Reducer.reduce(&state, .permissions(namespace: "ns", editor))
        Fixtures.press(&state, "i")
        guard case .input = state.overlay else { Issue.record("no input line: \(String(describing: state.statusLine))"); return }
    }

    @Test func setImageRefusalsAndCancel() throws {
        var state = Self.state(try Self.rollout())
        for key in ["i", "ctrl-u"] + Self.typing("web") + ["enter"] { Fixtures.press(&state, key) }
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cannot set image rollout/r: expected CONTAINER=IMAGE, not web", isError: true))
        for key in ["i", "ctrl-u"] + Self.typing("db=postgres:16") + ["enter"] { Fixtures.press(&state, key) }
        #expect(state.statusLine == StatusMessage("cannot set image rollout/r: there is no container named \"db\"", isError: true))
        let effects = Fixtures.press(&state, "i", "esc")
        #expect(effects.isEmpty && state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cancelled: set image rollout/r; nothing sent"))
        // A Rollout whose template is a Deployment's says where to set it.
        let referenced = try Self.rollout(Self.rolloutYAML.replacingOccurrences(of: "  replicas: 1\n", with: "  replicas: 1\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"))
        var other = Self.state(referenced)
        Fixtures.press(&other, "i")
        #expect(other.overlay == nil)
        #expect(other.statusLine?.text.hasPrefix("cannot set image rollout/r: its pod template is Deployment web's (workloadRef)") == true, "\(String(describing: other.statusLine))")
    }

    static func analysisRun(_ name: String, phase: String?, minutesAgo: Double) -> AnalysisRun {
        var run = AnalysisRun(metadata: ObjectMeta(name: name, namespace: "ns"))
        run.metadata.ownerReferences = [OwnerReference(apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "r", uid: "r-uid", controller: true)]
        run.metadata.creationTimestamp = KubeTime(Fixtures.now.addingTimeInterval(-60 * minutesAgo))
        run.status.phase = phase
        return run
    }

    /// The state with the rollout's detail open, built from `runs`.
    static func detail(_ runs: [AnalysisRun]) throws -> ConsoleState {
        let rollout = try Self.rollout()
        var state = Self.state(rollout)
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(DetailBuilder.detail(rollout, objects: ObjectSet(analysisRuns: runs), now: Fixtures.now)))
        return state
    }

    @Test func terminateTheNewestRunningAnalysisRunFromTheDetail() throws {
        var state = try Self.detail([Self.analysisRun("r-1", phase: "Failed", minutesAgo: 30), Self.analysisRun("r-2", phase: "Running", minutesAgo: 20),
                                     Self.analysisRun("r-3", phase: "Successful", minutesAgo: 10)])
        #expect(FooterHints.hints(state).contains(KeyHint("T", "terminate")))
        Fixtures.press(&state, "T")
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog: \(String(describing: state.statusLine))"); return }
        #expect(dialog.question == "Terminate analysisrun r-2 rollout/r in namespace ns on context kind-demo?")
        #expect(dialog.requests == [.patch("/apis/argoproj.io/v1alpha1/namespaces/ns/analysisruns/r-2", .merge, #"{"spec":{"terminate":true}}"#)])
        // It finishes while the dialog is open: the confirm sends nothing.
        _ = Reducer.reduce(&state, .detail(DetailBuilder.detail(try Self.rollout(), objects: ObjectSet(analysisRuns: [
            Self.analysisRun("r-2", phase: "Successful", minutesAgo: 20)]), now: Fixtures.now)))
        #expect(Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation).isEmpty)
        #expect(state.statusLine == StatusMessage("cannot terminate analysisrun r-2 rollout/r any more: r-2: the AnalysisRun has already finished (Successful); nothing sent",
                                                  isError: true))
    }

    @Test func terminateIsDisabledWithTheReasonWhenNoneRuns() throws {
        var state = try Self.detail([Self.analysisRun("r-3", phase: "Successful", minutesAgo: 10)])
        #expect(!FooterHints.hints(state).contains(KeyHint("T", "terminate")))
        Fixtures.press(&state, "T")
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cannot terminate rollout/r: r-3: the AnalysisRun has already finished (Successful)", isError: true))
        var none = try Self.detail([])
        Fixtures.press(&none, "T")
        #expect(none.statusLine == StatusMessage("cannot terminate rollout/r: the rollout has no AnalysisRun", isError: true))
        // On the list, T is not bound: nothing happens.
        var list = Self.state(try Self.rollout())
        #expect(Fixtures.press(&list, "T").isEmpty && list.overlay == nil && list.statusLine == nil)
    }

    @Test func thePromptOnScreen() throws {
        var state = Self.state(try Self.rollout())
        Fixtures.press(&state, "i")
        try ScreenSnapshotTests.check(state, "set-image-prompt")
    }
}
