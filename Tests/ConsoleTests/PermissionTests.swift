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
    /// The namespaces on screen (the reducer's question) are asked once each, and those a
    /// Canary's gate reaches (its loadtester's) once seen in the events; all of them again after
    /// a reconnect; none of a row's own namespace merely because its row arrived.
    @Test func eachNamespaceIsAskedOnceThenAgainAfterAReconnect() {
        var book = PermissionBook(registry: .standard)
        let gate = APIRequest(method: .post, path: "/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/gate/open")
        var canary = Fixtures.allRows[0]
        canary.ref = ObjectRef(kind: .canary, namespace: "apps", name: "podinfo")
        canary.plans = [.promote: .ready(label: "approve", requests: [gate])]
        let rows = ConsoleEvent.rows(upserted: Fixtures.allRows, removed: [])
        let onScreen = Set(Fixtures.allRows.map(\.ref.namespace))
        let gates = book.questions(for: [rows])
        #expect(gates == ["training-development"], "the gateway's gate goes through its loadtester there; rows ask nothing else")
        let first = book.ask(onScreen)
        #expect(first == ["shop", "store"], "the screen's other namespaces (the gate's was asked already)")
        #expect(book.requests(to: "shop", from: Fixtures.allRows).contains(Fixtures.promoteRequest(Fixtures.checkoutRef)),
                "the requests an incomplete review would be asked about")
        #expect(book.ask(onScreen).isEmpty, "once")
        #expect(book.questions(for: [.rows(upserted: [canary], removed: [])]) == ["test"], "the loadtester's namespace")
        #expect(book.ask(["apps"]) == ["apps"], "the canary's own once on screen")
        var moved = canary
        moved.ref.name = "other"
        #expect(book.questions(for: [.rows(upserted: [moved], removed: [])]).isEmpty)
        #expect(book.questions(for: [.connection(.reconnecting(since: Fixtures.now, reason: "EOF"))]).isEmpty)
        let again = book.questions(for: [.connection(.live)])
        #expect(again == (gates + first + ["apps", "test"]).sorted())
        #expect(book.questions(for: [.connection(.live)]).isEmpty)
        book.reset()
        #expect(book.ask(onScreen) == onScreen.sorted())
    }

    /// Finding the namespaces to ask about plans only what may reach another namespace (a
    /// Canary's approve and abort, through its loadtester): a Rollout's plans are not made at
    /// all, whether its namespace is new or known.
    @Test func findingTheNamespacesPlansOnlyWhatMayReachAnotherNamespace() {
        let planned = PlannedKinds()
        var book = PermissionBook(registry: .standard)
        var rollout = Fixtures.checkout
        rollout.plans = planned.plans(for: rollout.ref)
        var canary = Fixtures.gateway
        canary.plans = planned.plans(for: canary.ref)
        #expect(book.questions(for: [.rows(upserted: [rollout, canary], removed: [])]) == ["training-development"],
                "the canary's gate through its loadtester; the rows' own namespaces are asked when on screen")
        #expect(book.questions(for: [.rows(upserted: [rollout, canary], removed: [])]).isEmpty)
        #expect(planned.kinds(of: rollout.ref).isEmpty, "a Rollout's plans never reach another namespace")
        #expect(planned.kinds(of: canary.ref) == [.promote, .abort, .promote, .abort])
    }

    /// Where a rules review is incomplete, the access reviews are asked about exactly the
    /// requests the plans would send to that namespace: every plan of its own rows, and a
    /// Canary's gate elsewhere that goes through a loadtester there.
    @Test func anIncompleteNamespaceIsAskedAboutExactlyTheRequestsThePlansWouldSendThere() {
        let book = PermissionBook(registry: .standard)
        let gate = APIRequest(method: .post, path: "/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/gate/open")
        var canary = Fixtures.gateway
        canary.plans[.promote] = .ready(label: "approve", requests: [gate])
        let rows = Fixtures.allRows + [canary]
        let shop = [Fixtures.checkout, Fixtures.payments].flatMap { row in
            MutationKind.allCases.flatMap { kind -> [APIRequest] in
                guard case let .ready(_, requests, _) = row.plan(kind) else { return [] }
                return requests
            }
        }
        #expect(book.requests(to: "shop", from: rows) == shop)
        #expect(book.requests(to: "test", from: rows) == [gate], "the loadtester's namespace")
        #expect(book.requests(to: "store", from: rows) == Array(repeating: Fixtures.promoteRequest(Fixtures.catalogRef), count: MutationKind.allCases.count))
        #expect(book.requests(to: "elsewhere", from: rows).isEmpty)
    }
}

/// Plans that record which kinds were asked for, by row.
private final class PlannedKinds: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [ObjectRef: [MutationKind]] = [:]

    func plans(for ref: ObjectRef) -> RowPlans {
        RowPlans { [self] kind in
            lock.withLock { asked[ref, default: []].append(kind) }
            return .ready(label: kind.verb, requests: [Fixtures.promoteRequest(ref)])
        }
    }

    func kinds(of ref: ObjectRef) -> [MutationKind] { lock.withLock { asked[ref] ?? [] } }
}
