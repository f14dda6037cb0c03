import Foundation
import KubeModel
import Delivery
import TerminalUI
import Testing
@testable import Console

/// Issue 14, the list and detail screens: each column has one definition applied to every
/// row (READY, WEIGHT, the phase a user reads), unknown values read `-`, columns never run
/// together, a deleted object's detail says so, one step numbering, and the smaller items.
@Suite struct ListTruthTests {
    static func decode<T: Decodable>(_ json: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }

    /// A basic canary Rollout (no traffic routing) at step 1 of 3, paused: 5 in the spec, 10
    /// pods now (a surge), all ready and available.
    static func surgingRollout(pause: String = "{}") throws -> Rollout {
        try decode("""
        {"metadata": {"name": "web", "namespace": "shop", "uid": "u-web"},
         "spec": {"replicas": 5, "strategy": {"canary": {"steps": [{"setWeight": 20}, {"pause": \(pause)}, {"setWeight": 50}]}}},
         "status": {"replicas": 10, "readyReplicas": 10, "availableReplicas": 10, "updatedReplicas": 2, "currentStepIndex": 1,
                    "currentPodHash": "new", "stableRS": "old", "observedGeneration": "1",
                    "pauseConditions": [{"reason": "CanaryPauseStep", "startTime": "2027-01-15T08:00:00Z"}]}}
        """)
    }

    static func canaryReplicaSet(available: Int) throws -> ReplicaSet {
        try decode("""
        {"metadata": {"name": "web-new", "namespace": "shop", "uid": "rs-new", "labels": {"rollouts-pod-template-hash": "new"},
                      "annotations": {"rollout.argoproj.io/revision": "2"},
                      "ownerReferences": [{"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "web", "uid": "u-web"}]},
         "spec": {"replicas": \(available)}, "status": {"replicas": \(available), "availableReplicas": \(available)}}
        """)
    }

    static func canary(phase: String, suspend: Bool = false, weight: Int = 20, iterations: Int? = nil) throws -> Canary {
        let analysis = iterations.map { #"{"interval": "1m", "threshold": 2, "iterations": \#($0)}"# }
            ?? #"{"interval": "1m", "threshold": 2, "maxWeight": 50, "stepWeight": 10}"#
        return try decode("""
        {"metadata": {"name": "podinfo", "namespace": "test"},
         "spec": {"targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "podinfo"}, "suspend": \(suspend),
                  "analysis": \(analysis)},
         "status": {"phase": "\(phase)", "canaryWeight": \(weight), "iterations": 0}}
        """)
    }

    static func primary(ready: Int, desired: Int) throws -> Deployment {
        try decode("""
        {"metadata": {"name": "podinfo-primary", "namespace": "test"}, "spec": {"replicas": \(desired)},
         "status": {"replicas": \(desired), "readyReplicas": \(ready), "availableReplicas": \(ready)}}
        """)
    }

    /// The list's cells of `row` at `width`, by column title.
    static func cells(_ row: Console.DeliveryRow, width: Int = 120, now: Date = Fixtures.now) -> [String: String] {
        let cells = DeliveryListView.cells(row, width: width, showNamespace: true, glyphs: .unicode, now: now).cells
        let titles = ["NAMESPACE", "NAME", "KIND"] + (width >= 100 ? ["STRATEGY"] : []) + ["STATUS", "STEP", "WEIGHT", "READY", "AGE"]
            + (width >= 100 ? ["MESSAGE"] : [])
        return Dictionary(uniqueKeysWithValues: zip(titles, cells))
    }

    // MARK: READY and WEIGHT

    @Test func aRolloutsReadyIsThePluginsReadyOfCurrent() throws {
        let rollout = try Self.surgingRollout()
        let row = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(row)["READY"] == "10/10", "ready/current, not ready/spec.replicas (10/5)")
        #expect(Self.cells(row)["READY"] == Delivery.RolloutRow(rollout).readyCurrent, "the same as `list rollouts`")
    }

    @Test func aCanarysReadyIsItsPrimarysOrUnknown() throws {
        let canary = try Self.canary(phase: "Progressing")
        let unknown = CanaryRowBuilder.row(canary, objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(unknown)["READY"] == "-", "no primary seen yet: unknown, not 0/0")
        let known = CanaryRowBuilder.row(canary, objects: ObjectSet(deployments: [try Self.primary(ready: 1, desired: 2)]), now: Fixtures.now)
        #expect(Self.cells(known)["READY"] == "1/2")
    }

    @Test func weightIsSetSlashActualOnEveryRow() throws {
        let rollout = try Self.surgingRollout()
        let without = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(without)["WEIGHT"] == "20/-", "the actual weight needs the canary ReplicaSet: unknown until it is seen")
        let with = RolloutRowBuilder.row(rollout, objects: ObjectSet(replicaSets: [try Self.canaryReplicaSet(available: 2)]), now: Fixtures.now)
        #expect(Self.cells(with)["WEIGHT"] == "20/20", "2 of 10 available pods")
        let flagger = CanaryRowBuilder.row(try Self.canary(phase: "Progressing", weight: 30), objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(flagger)["WEIGHT"] == "30/30", "Flagger records the weight it routed")
        let waiting = CanaryRowBuilder.row(try Self.canary(phase: "WaitingPromotion", weight: 0), objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(waiting)["WEIGHT"] == "-", "WaitingPromotion reads 0 while traffic sits at the last weight")
    }

    @Test func theListWatchesWhatItsColumnsNeed() {
        let state = Fixtures.state()
        #expect(state.neededWatches.contains(WatchSpec(resource: .replicaSets, namespace: nil, labelSelector: "rollouts-pod-template-hash")))
        #expect(state.neededWatches.contains(WatchSpec(resource: .deployments, namespace: nil)))
        var rolloutsOnly = ConsoleState(identity: Fixtures.identity, scope: .one("shop"), watchAllNamespaces: false, now: Fixtures.now)
        _ = Reducer.reduce(&rolloutsOnly, .rows(upserted: [Fixtures.checkout], removed: []))
        #expect(rolloutsOnly.neededWatches.contains(WatchSpec(resource: .replicaSets, namespace: "shop", labelSelector: "rollouts-pod-template-hash")))
        #expect(!rolloutsOnly.neededWatches.contains { $0.resource == .deployments }, "no Canary: no Deployments watched")
    }

    // MARK: The phase a user reads

    @Test func flaggersPhasesReadAsFlaggerSaysThem() throws {
        for (phase, status) in [("Waiting", "‖ Waiting"), ("WaitingPromotion", "‖ WaitingPromotion"), ("Progressing", "◌ Progressing")] {
            let row = CanaryRowBuilder.row(try Self.canary(phase: phase), objects: ObjectSet(), now: Fixtures.now)
            #expect(Self.cells(row)["STATUS"] == status)
            #expect(Self.cells(row, width: 80)["STATUS"] == status)
        }
        let suspended = CanaryRowBuilder.row(try Self.canary(phase: "Progressing", suspend: true), objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(suspended)["STATUS"] == "‖ Suspended", "z visibly does something")
        #expect(suspended.status == .paused, "counted with what waits on a human")
        #expect(!suspended.awaitsPromotion, "no bell: the operator suspended it")
        #expect(RowFilter("suspend").keeps(suspended) && RowFilter("paused").keeps(suspended), "filtered by what the list shows and by its group")
    }

    @Test func aTimedPauseCountsDown() throws {
        let start = try #require(KubeTime.parse("2027-01-15T08:00:00Z"))
        let rollout = try Self.surgingRollout(pause: #"{"duration": "90s"}"#)
        let row = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: start)
        #expect(Self.cells(row, now: start.addingTimeInterval(25))["STATUS"] == "‖ Paused 1m05s")
        #expect(Self.cells(row, now: start.addingTimeInterval(95))["STATUS"] == "‖ Paused")
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .tick(start.addingTimeInterval(25.5)))
        _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
        #expect(state.timerDeadline == start.addingTimeInterval(26), "the countdown wakes the console each second")
    }

    @Test func aSucceededCanaryShowsItsReleaseComplete() throws {
        let weights = CanaryRowBuilder.row(try Self.canary(phase: "Succeeded", weight: 0), objects: ObjectSet(), now: Fixtures.now)
        #expect(weights.progress.fraction == 1)
        #expect(Self.cells(weights)["STEP"] == "50/50%")
        let iterations = CanaryRowBuilder.row(try Self.canary(phase: "Succeeded", weight: 0, iterations: 6), objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(iterations)["STEP"] == "it 6/6")
    }

    // MARK: Layout

    /// Every value of every row is shown whole and at least two spaces from its neighbours
    /// (one reads as one value: `5/5 2m51s`, `Progressing it 10/10`).
    @Test(arguments: [80, 120]) func columnsNeverRunTogether(width: Int) throws {
        var state = Fixtures.state()
        var long = Fixtures.gateway
        long.phase = "WaitingPromotion"
        long.progress = .iteration(10, of: 10)
        long.ready = 10
        long.replicas = 10
        long.created = Fixtures.now.addingTimeInterval(-171)
        var wide = Fixtures.checkout
        wide.setWeight = 100
        wide.actualWeight = 100
        _ = Reducer.reduce(&state, .rows(upserted: [long, wide], removed: []))
        _ = Reducer.reduce(&state, .resize(width: width, height: 30))
        let grid = ConsoleView.render(state, glyphs: .unicode)
        let lines = (0..<grid.size.height).map { grid.line($0) }
        for row in state.visibleRows {
            let values = Self.cells(row, width: width)
            // A name may be cut short at 80 columns; the values never are.
            let name = " \(row.ref.name.prefix(5))"
            let line = try #require(lines.first { $0.contains(name) }, "\(row.ref) on screen: \(lines.joined(separator: "\n"))")
            var from = try #require(line.range(of: name)).upperBound
            for title in ["STATUS", "STEP", "WEIGHT", "READY", "AGE"] {
                let value = try #require(values[title])
                let found = try #require(line.range(of: value, range: from..<line.endIndex), "\(title) \(value) whole in \(line)")
                #expect(line[line.index(found.lowerBound, offsetBy: -2)..<found.lowerBound] == "  ",
                        "\(title) \(value) two spaces from what precedes it at \(width) columns: \(line)")
                from = found.upperBound
            }
        }
    }

    @Test func theNamespacesPaneShowsItsFourCountsAt120Columns() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        let grid = ConsoleView.render(state, glyphs: .unicode)
        let header = grid.line(2)
        for status in DeliveryStatus.counted {
            #expect(header.prefix(20).contains(status.glyph(.unicode)), "\(status) counted in the side pane: \(header.prefix(20))")
        }
        #expect(grid.line(3).prefix(20).hasSuffix("1 0 2 1 "), "all namespaces: 1 healthy, 0 progressing, 2 paused, 1 degraded: \(grid.line(3))")
    }

    // MARK: A deleted object's detail

    @Test func aDeletedObjectsDetailSaysSoAndOffersNoActions() {
        var state = Fixtures.state()
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail()))
        _ = Reducer.reduce(&state, .rows(upserted: [], removed: [Fixtures.checkoutRef]))
        _ = Reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(12)))
        #expect(state.screen == .detail(Fixtures.checkoutRef))
        let grid = ConsoleView.render(state, glyphs: .unicode)
        #expect(grid.line(0).hasSuffix("deleted 12s ago "), "in place of ● live: \(grid.line(0))")
        #expect(!grid.line(0).contains("live"))
        let body = (4..<(state.height - 3)).map { grid.line($0) }
        #expect(body.contains { $0.contains("pause (until promoted)") }, "the last state stays on screen")
        #expect(grid[2, 5].role == .dim && grid[2, 10].role == .dim, "greyed")
        #expect(grid.line(state.height - 1).contains("deleted: no actions"), "the footer says why: \(grid.line(state.height - 1))")
        let effects = Fixtures.press(&state, "p")
        #expect(effects.isEmpty && state.overlay == nil)
        #expect(state.statusLine?.text == "cannot promote rollout/checkout: it was deleted 12s ago")
        #expect(state.timerDeadline == Fixtures.now.addingTimeInterval(13), "the age counts up")
        Fixtures.press(&state, "esc")
        #expect(state.deletedDetail == nil)
    }

    // MARK: One step numbering

    @Test func theStepsListAndTheDialogNumberStepsAsThePlugin() throws {
        var rollout = try Self.surgingRollout()
        rollout.spec.strategy?.canary?.steps?.append(CanaryStep(setWeight: 80))
        let row = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: Fixtures.now)
        #expect(Self.cells(row)["STEP"] == "1/4")
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
        while state.selectedDelivery != row.ref { Fixtures.press(&state, "j") }
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(DetailBuilder.detail(rollout, objects: ObjectSet(), now: Fixtures.now)))
        let current = DetailDocument.lines(state).compactMap { line -> (Int, String)? in
            if case let .step(number, step) = line, step.state == .current { return (number, step.text) }
            return nil
        }
        #expect(current.map(\.0) == [1], "the step running is the one STEP counts: 1/4")
        #expect(current.map(\.1) == ["pause"])
        Fixtures.press(&state, "p")
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.label == "promote to step 2/4 (setWeight: 50)", "where it moves, by number and text")
        let target = DetailDocument.lines(state).compactMap { line -> Int? in
            if case let .step(number, step) = line, step.text == "setWeight: 50" { return number }
            return nil
        }
        #expect(target == [2], "the list numbers the target step the same way")
    }

    // MARK: Smaller

    @Test func aCanaryRestartIsItsOwnActionAndItsDialogNamesTheObject() throws {
        let waiting = CanaryRowBuilder.row(try Self.canary(phase: "Waiting"), objects: ObjectSet(), now: Fixtures.now)
        guard case let .ready(label, requests, _) = waiting.plan(.restart) else {
            Issue.record("restart refused: \(waiting.plan(.restart))"); return
        }
        #expect(requests.first?.path == "/apis/apps/v1/namespaces/test/deployments/podinfo")
        let suspended = CanaryRowBuilder.row(try Self.canary(phase: "Waiting", suspend: true), objects: ObjectSet(), now: Fixtures.now)
        #expect(suspended.plan(.restart).disabledReason == "the canary is suspended: resume it first")
        let dialog = ConsoleView.confirmDialog(ConfirmDialog(kind: .restart, label: label, target: waiting.ref, context: "c", requests: requests))
        #expect(dialog.title == "Restart the target of canary/podinfo")
        #expect(dialog.buttons == ["Cancel", "Restart"])
    }

    @Test func mShowsEveryRecentMessageInFullWrapped() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 80, height: 24))
        let long = "promote rollout/checkout (namespace shop) failed: admission webhook \"validate.rollouts.example.com\" denied the request: "
            + "the change window for namespace shop closed at 18:00 UTC; ask the release manager"
        _ = Reducer.reduce(&state, .notice(StatusMessage("sorted by name", isError: false)))
        _ = Reducer.reduce(&state, .notice(StatusMessage(long, isError: true)))
        Fixtures.press(&state, "m")
        #expect(state.overlay == .messages)
        let grid = ConsoleView.render(state, glyphs: .unicode)
        let text = (0..<grid.size.height).map { grid.line($0) }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " │")) }
            .joined(separator: " ")
        #expect(text.contains("ask the release manager"), "the end of a long message is on screen")
        #expect(text.range(of: "denied the request")!.lowerBound < text.range(of: "sorted by name")!.lowerBound, "newest first")
        #expect(state.keys.binding(for: .char("m"), in: .deliveries, readOnly: true)?.action == .messages)
        Fixtures.press(&state, "esc")
        #expect(state.overlay == nil)
    }

    @Test func a403SaysWhoMayNotDoWhatFirst() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        Fixtures.press(&state, "p", "tab")
        let sent = Fixtures.press(&state, "enter").compactMap(\.sentMutation)
        let status = APIStatus(code: 403, reason: "Forbidden", message: #"rollouts.argoproj.io "checkout" is forbidden: User "dev" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "shop""#)
        _ = Reducer.reduce(&state, .mutationFinished(id: sent[0].id, outcome: .failed(status)))
        #expect(state.statusLine?.text.hasPrefix(#"forbidden: User "dev" cannot patch resource "rollouts/status""#) == true, "\(state.statusLine!.text)")
        #expect(state.statusLine?.isError == true)
    }

    @Test func escOnAWideUnfilteredListKeepsTheFocus() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        Fixtures.press(&state, "esc")
        #expect(state.focus == .deliveries, "both panes are on screen: focus moves with tab only")
        Fixtures.press(&state, "tab", "/", "s", "h", "enter")
        let grid = ConsoleView.render(state, glyphs: .unicode)
        #expect(grid.line(2).hasPrefix("  /sh "), "the namespaces pane shows its filter: \(grid.line(2))")
    }

    @Test func escTypedQuicklyBeforeAKeyIsNotLost() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "x", "y")
        // The terminal delivers `esc` then `/` typed together as alt-/.
        Fixtures.press(&state, "alt-/")
        #expect(state.filters[.deliveries] == nil, "esc restored the empty filter")
        #expect(state.overlay == .input(InputLine(kind: .filter(.deliveries), text: "", previous: "")), "and / opened a fresh prompt")
    }
}

extension ListTruthTests {
    @Test func analysisFieldsNeverRunTogether() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        Fixtures.press(&state, "enter")
        var detail = Fixtures.checkoutDetail()
        detail.analysisRuns = [AnalysisSummary(name: "checkout-7d9f-2", phase: "Running", metrics: [
            MetricSummary(name: "success-rate-over-five-minutes", phase: "Inconclusive", successful: 1, inconclusive: 1, lastValue: "0.9"),
        ])]
        _ = Reducer.reduce(&state, .detail(detail))
        let grid = ConsoleView.render(state, glyphs: .unicode)
        let line = (0..<grid.size.height).map { grid.line($0) }.first { $0.contains("Inconclusive") } ?? ""
        #expect(line.contains("success-rate-over-… Inconclusive ✔ 1, ? 1"), "\(line)")
    }
}
