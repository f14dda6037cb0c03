import Testing
import KubeModel
@testable import Console

@Suite struct ReducerNavigationTests {
    /// The Rollouts' ReplicaSets with them (only Argo Rollouts makes those); a Canary's
    /// Deployments wait for a Canary.
    @Test func startWatchesRolloutsAndCanariesClusterWide() {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        let effects = Reducer.start(&state)
        #expect(effects == [.watch([WatchSpec(resource: .rollouts, namespace: nil), ArgoRolloutsAdapter.replicaSets(nil),
                                    WatchSpec(resource: .canaries, namespace: nil)])])
        #expect(Reducer.start(&state).isEmpty, "the same watches are not asked for twice")
    }

    @Test func listMovesWithJKArrowsGAndPages() {
        var state = Fixtures.state()
        #expect(state.selectedDelivery == Fixtures.checkoutRef)
        Fixtures.press(&state, "j")
        #expect(state.selectedDelivery == Fixtures.paymentsRef)
        Fixtures.press(&state, "down", "down")
        #expect(state.selectedDelivery == Fixtures.gatewayRef)
        Fixtures.press(&state, "j")
        #expect(state.selectedDelivery == Fixtures.gatewayRef, "the cursor stops at the end")
        Fixtures.press(&state, "k")
        #expect(state.selectedDelivery == Fixtures.catalogRef)
        Fixtures.press(&state, "up", "g")
        #expect(state.deliveryCursor == 0)
        Fixtures.press(&state, "G")
        #expect(state.deliveryCursor == 3)
        Fixtures.press(&state, "pgup")
        #expect(state.deliveryCursor == 0)
        Fixtures.press(&state, "pgdn")
        #expect(state.deliveryCursor == 3)
    }

    @Test func tabMovesFocusAndTheNamespacesPaneScopesTheList() {
        var state = Fixtures.state()
        Fixtures.press(&state, "tab")
        #expect(state.focus == .namespaces)
        #expect(state.namespaceEntries.map(\.title) == ["all namespaces", "shop", "store", "training-development"])
        Fixtures.press(&state, "j", "enter")
        #expect(state.scope == .one("shop"))
        #expect(state.focus == .deliveries)
        #expect(state.visibleRows.map(\.ref) == [Fixtures.checkoutRef, Fixtures.paymentsRef])
        #expect(state.scopeCounts == [.paused: 1, .degraded: 1])
        Fixtures.press(&state, "tab", "g", "enter")
        #expect(state.scope == .all)
    }

    @Test func enterOpensTheDetailWithItsWatchesAndEscClosesThem() {
        var state = Fixtures.state()
        let opened = Fixtures.press(&state, "enter")
        #expect(state.screen == .detail(Fixtures.checkoutRef))
        guard case let .watch(specs) = opened.first else { Issue.record("no watch effect"); return }
        // The namespace's, not by the rollout's `app` label: its Experiments' ReplicaSets carry none.
        #expect(specs.contains(WatchSpec(resource: .replicaSets, namespace: "shop")))
        #expect(specs.contains(WatchSpec(resource: .pods, namespace: "shop")))
        #expect(specs.contains(WatchSpec(resource: .analysisRuns, namespace: "shop")))
        #expect(specs.contains(WatchSpec(resource: .experiments, namespace: "shop")))
        #expect(specs.contains(WatchSpec(resource: .events, namespace: "shop",
                                         fieldSelector: "involvedObject.kind=Rollout,involvedObject.name=checkout")))
        #expect(specs.count == 9, "the detail's five and the list's four")
        let closed = Fixtures.press(&state, "esc")
        #expect(state.screen == .main)
        #expect(closed == [.watch([WatchSpec(resource: .rollouts, namespace: nil), WatchSpec(resource: .canaries, namespace: nil),
                                   ArgoRolloutsAdapter.replicaSets(nil), WatchSpec(resource: .deployments, namespace: nil)])])
    }

    @Test func aCanaryDetailWatchesNoArgoObjects() {
        var state = Fixtures.selecting(Fixtures.gatewayRef)
        let effects = Fixtures.press(&state, "enter")
        guard case let .watch(specs) = effects.first else { Issue.record("no watch effect"); return }
        #expect(!specs.contains { $0.resource == .analysisRuns || $0.resource == .experiments })
        #expect(specs.contains(WatchSpec(resource: .pods, namespace: "training-development",
                                         labelSelector: "app in (api-gateway,api-gateway-primary)")))
    }

    @Test func detailScrollsWithinItsContent() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 80, height: 10))
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail()))
        let max = DetailDocument.maxScroll(state)
        #expect(max > 0)
        Fixtures.press(&state, "G")
        #expect(state.detailScroll == max)
        Fixtures.press(&state, "j")
        #expect(state.detailScroll == max)
        Fixtures.press(&state, "k", "g")
        #expect(state.detailScroll == 0)
    }

    @Test func aDetailForAnotherObjectIsIgnored() {
        var state = Fixtures.selecting(Fixtures.paymentsRef)
        Fixtures.press(&state, "enter")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail()))
        #expect(state.detail == nil)
    }

    @Test func escGoesBackOneLevelAtATime() {
        var state = Fixtures.state()
        Fixtures.press(&state, "/", "s", "h", "o", "p", "enter", "enter")
        #expect(state.screen == .detail(Fixtures.checkoutRef))
        Fixtures.press(&state, "esc")
        #expect(state.screen == .main)
        #expect(state.filters[.deliveries] == "shop")
        Fixtures.press(&state, "esc")
        #expect(state.filters[.deliveries] == nil)
        #expect(state.focus == .deliveries)
        Fixtures.press(&state, "esc")
        #expect(state.focus == .namespaces)
    }

    @Test func helpTogglesAndTakesTheKeys() {
        var state = Fixtures.state()
        Fixtures.press(&state, "?")
        #expect(state.overlay == .help)
        #expect(state.keyScope == .help)
        Fixtures.press(&state, "j", "j")
        #expect(state.deliveryCursor == 0, "keys under the help do not reach the list")
        #expect(state.helpScroll == 2, "they scroll the help")
        Fixtures.press(&state, "p")
        #expect(state.overlay == .help, "nor does a mutation key")
        Fixtures.press(&state, "?")
        #expect(state.overlay == nil)
        Fixtures.press(&state, "?", "esc")
        #expect(state.overlay == nil)
        #expect(state.focus == .deliveries)
    }

    @Test(arguments: ["q", "ctrl-c"])
    func quitKeysQuitFromEveryScreen(key: String) {
        var main = Fixtures.state()
        #expect(Fixtures.press(&main, key) == [.quit])
        var detail = Fixtures.state()
        Fixtures.press(&detail, "enter")
        #expect(Fixtures.press(&detail, key) == [.quit])
        var namespaces = Fixtures.state()
        Fixtures.press(&namespaces, "tab")
        #expect(Fixtures.press(&namespaces, key) == [.quit])
    }

    @Test func sortCyclesColumnsAndReverses() {
        var state = Fixtures.state()
        Fixtures.press(&state, "s")
        #expect(state.sort == SortOrder(.name))
        #expect(state.visibleRows.map(\.ref.name) == ["api-gateway", "catalog", "checkout", "payments"])
        Fixtures.press(&state, "S")
        #expect(state.visibleRows.map(\.ref.name) == ["payments", "checkout", "catalog", "api-gateway"])
        #expect(state.selectedDelivery == Fixtures.checkoutRef, "the selection follows its object")
        Fixtures.press(&state, "s")
        #expect(state.visibleRows.map(\.ref.name) == ["payments", "checkout", "api-gateway", "catalog"],
                "status: degraded, paused (ties by namespace), healthy")
        Fixtures.press(&state, "s", "s")
        #expect(state.visibleRows.map(\.ref.name) == ["catalog", "api-gateway", "payments", "checkout"], "age: youngest first")
        Fixtures.press(&state, "s")
        #expect(state.sort.column == .progress)
        Fixtures.press(&state, "s")
        #expect(state.sort.column == .namespace)
    }

    @Test func resizeIsRemembered() {
        var state = Fixtures.state()
        #expect(Reducer.reduce(&state, .resize(width: 120, height: 40)).isEmpty)
        #expect(state.width == 120 && state.height == 40)
    }
}
