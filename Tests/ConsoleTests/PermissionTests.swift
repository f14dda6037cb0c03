import Foundation
import KubeModel
import Testing
import TerminalUI
import Delivery
@testable import Console

/// What the user may do, as the server's reviews said: an action whose requests the user may
/// not make is disabled with the reason (the footer leaves it out, the summary greys it with
/// the reason, pressing its key says why and opens no dialog); an admin's, and those where the
/// server did not answer, stay enabled.
@Suite struct PermissionTests {
    static let viewer = Permissions(user: "viewer", namespace: "shop", rules: [PolicyRule(verbs: ["get", "list", "watch"])])
    static let admin = Permissions(user: "admin", namespace: "shop", rules: [PolicyRule(verbs: ["*"])])

    /// On checkout (in `shop`, its plans patching `rollouts/checkout/status`), with `permissions` answered for shop.
    static func state(_ permissions: Permissions??) -> ConsoleState {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        if let permissions { _ = Reducer.reduce(&state, .permissions(namespace: "shop", permissions)) }
        return state
    }

    static let reason = "user viewer cannot patch rollouts/status in shop"

    @Test(arguments: ReducerMutationTests.mutationKeys)
    func theViewerPressingAMutationKeyIsToldWhyAndNoDialogOpens(key: (String, MutationKind)) {
        var state = Self.state(Self.viewer)
        #expect(Fixtures.press(&state, key.0).isEmpty)
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cannot \(key.1.verb) \(Fixtures.checkoutRef): \(Self.reason)", isError: true))
    }

    @Test func theViewersFooterLeavesTheActionsOutAndTheSummaryGivesTheReason() throws {
        let state = Self.state(Self.viewer)
        let hints = FooterHints.hints(state)
        #expect(!hints.contains { $0.key == "p" })
        #expect(hints.contains { $0.key == "?" }, "the other keys stay")
        var sized = state
        _ = Reducer.reduce(&sized, .resize(width: 120, height: 40))
        let grid = ConsoleView.render(sized, glyphs: .unicode)
        #expect(grid.text.contains("promote: \(Self.reason)"))
        try assertSnapshot(grid, named: "permissions-viewer-120x40")
    }

    @Test(arguments: [("admin", Optional(PermissionTests.admin)), ("no answer", nil), ("not asked", Optional<Permissions>.none)])
    func anAdminOrAServerThatDidNotAnswerKeepsTheActions(answer: (String, Permissions?)) {
        let (name, permissions) = answer
        var state = name == "not asked" ? Self.state(nil) : Self.state(.some(permissions))
        #expect(FooterHints.hints(state).contains { $0.key == "p" }, "\(name)")
        Fixtures.press(&state, "p")
        guard case .confirm = state.overlay else { Issue.record("\(name): no dialog: \(String(describing: state.statusLine))"); return }
    }

    @Test func anotherNamespacesPermissionsDoNotJudgeThisOne() {
        var state = Self.state(nil)
        var web = Self.viewer
        web.namespace = "web"
        _ = Reducer.reduce(&state, .permissions(namespace: "web", web))
        Fixtures.press(&state, "p")
        guard case .confirm = state.overlay else { Issue.record("no dialog: \(String(describing: state.statusLine))"); return }
    }

    @Test func aDialogOpenWhenThePermissionsArriveSendsNothing() {
        var state = Self.state(nil)
        Fixtures.press(&state, "p", "tab")
        _ = Reducer.reduce(&state, .permissions(namespace: "shop", Self.viewer))
        #expect(Fixtures.press(&state, "enter").compactMap(\.sentMutation).isEmpty)
        #expect(state.statusLine == StatusMessage("cannot promote \(Fixtures.checkoutRef) any more: \(Self.reason); nothing sent", isError: true))
    }

    @Test func aNewContextForgetsThePermissions() {
        var state = Self.state(Self.viewer)
        _ = Reducer.reduce(&state, .contextChanged(ClusterIdentity(context: "other", server: "https://other", user: "admin")))
        #expect(state.cluster(state.primary).permissions == ClusterPermissions())
    }

    @Test func readOnlyStillRemovesTheActions() {
        var state = Fixtures.selecting(Fixtures.checkoutRef, readOnly: true)
        _ = Reducer.reduce(&state, .permissions(namespace: "shop", Self.admin))
        #expect(!FooterHints.hints(state).contains { $0.key == "p" })
    }

    /// The source asks about a namespace once, when its rows (or a request their plans would
    /// send there) first come; again for all after a reconnect; afresh after `:ctx`.
    @Test func eachNamespaceIsAskedOnceThenAgainAfterAReconnect() {
        var book = PermissionBook()
        let gate = APIRequest(method: .post, path: "/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/gate/open")
        var canary = Fixtures.allRows[0]
        canary.ref = ObjectRef(kind: .canary, namespace: "apps", name: "podinfo")
        canary.plans = [.promote: .ready(label: "approve", requests: [gate])]
        let rows = ConsoleEvent.rows(upserted: Fixtures.allRows, removed: [])
        let first = book.questions(for: [rows])
        #expect(first.map(\.namespace) == Array(Set(Fixtures.allRows.map(\.ref.namespace))).sorted())
        #expect(first.first { $0.namespace == "shop" }?.requests.contains(Fixtures.promoteRequest(Fixtures.checkoutRef)) == true,
                "the requests an incomplete review would be asked about")
        #expect(book.questions(for: [rows]).isEmpty, "not per event")
        #expect(book.questions(for: [.rows(upserted: [canary], removed: [])]).map(\.namespace) == ["apps", "test"],
                "the loadtester's namespace too")
        var moved = canary
        moved.ref.name = "other"
        #expect(book.questions(for: [.rows(upserted: [moved], removed: [])]).isEmpty)
        #expect(book.questions(for: [.connection(.reconnecting(since: Fixtures.now, reason: "EOF"))]).isEmpty)
        let again = book.questions(for: [.connection(.live)])
        #expect(again.map(\.namespace) == (first.map(\.namespace) + ["apps", "test"]).sorted())
        #expect(book.questions(for: [.connection(.live)]).isEmpty)
        book.reset()
        #expect(book.questions(for: [rows]).map(\.namespace) == first.map(\.namespace))
    }
}
