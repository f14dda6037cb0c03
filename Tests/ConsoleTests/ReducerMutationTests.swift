import Testing
import KubeModel
import TerminalUI
@testable import Console

@Suite struct ReducerMutationTests {
    static let mutationKeys: [(String, MutationKind)] = [("p", .promote), ("P", .promoteFull), ("a", .abort), ("r", .retry),
                                                         ("R", .restart), ("u", .undo), ("z", .pauseToggle)]

    /// The state on the list (false) or in the detail (true) of checkout.
    static func onCheckout(detail: Bool, readOnly: Bool = false) -> ConsoleState {
        var state = Fixtures.selecting(Fixtures.checkoutRef, readOnly: readOnly)
        if detail { Fixtures.press(&state, "enter") }
        return state
    }

    @Test(arguments: mutationKeys, [false, true])
    func everyMutationKeyOpensADialogFocusedOnCancel(key: (String, MutationKind), inDetail: Bool) throws {
        var state = Self.onCheckout(detail: inDetail)
        #expect(Fixtures.press(&state, key.0).isEmpty)
        guard case let .confirm(dialog) = state.overlay else { Issue.record("no dialog for \(key.0)"); return }
        #expect(dialog.kind == key.1)
        #expect(!dialog.confirmFocused)
        #expect(dialog.question == "\(key.1.verb.prefix(1).uppercased() + key.1.verb.dropFirst()) rollout/checkout in namespace shop on context kind-demo?")
        #expect(state.keyScope == .dialog)
    }

    @Test(arguments: mutationKeys, [false, true])
    func enterOnCancelSendsNothing(key: (String, MutationKind), inDetail: Bool) {
        var state = Self.onCheckout(detail: inDetail)
        let effects = Fixtures.press(&state, key.0, "enter")
        #expect(effects.allSatisfy { $0.sentMutation == nil })
        #expect(state.overlay == nil)
        #expect(state.statusLine?.text.hasPrefix("cancelled") == true)
        #expect(state.inFlight.isEmpty)
    }

    @Test(arguments: mutationKeys, ["esc", "q"])
    func escAndQCancel(key: (String, MutationKind), cancel: String) {
        var state = Self.onCheckout(detail: false)
        let effects = Fixtures.press(&state, key.0, "tab", cancel)
        #expect(effects.isEmpty, "q in a dialog cancels, it does not quit")
        #expect(state.overlay == nil)
    }

    @Test(arguments: mutationKeys, [false, true])
    func confirmSendsExactlyOnce(key: (String, MutationKind), inDetail: Bool) {
        var state = Self.onCheckout(detail: inDetail)
        let effects = Fixtures.press(&state, key.0, "right", "enter", "enter")
        let sent = effects.compactMap(\.sentMutation)
        #expect(sent.count == 1)
        #expect(sent.first?.kind == key.1)
        #expect(sent.first?.target == Fixtures.checkoutRef)
        #expect(sent.first?.context == "kind-demo")
        #expect(sent.first?.requests == [Fixtures.promoteRequest(Fixtures.checkoutRef)])
        #expect(state.inFlight.count == 1)
        // While it is on its way, the same object takes no second mutation.
        Fixtures.press(&state, key.0)
        #expect(state.overlay == nil)
        #expect(state.statusLine?.isError == true)
    }

    @Test(arguments: mutationKeys, [false, true])
    func readOnlyOpensNoDialogAndSaysWhy(key: (String, MutationKind), inDetail: Bool) {
        var state = Self.onCheckout(detail: inDetail, readOnly: true)
        #expect(Fixtures.press(&state, key.0).isEmpty)
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("read-only: \(KeyTable.defaults.binding(for: KeyEvent(name: key.0)!, in: .deliveries, readOnly: false)!.hint) is disabled (--readonly)", isError: true))
    }

    @Test(arguments: mutationKeys)
    func mutationKeysDoNothingInTheNamespacesPane(key: (String, MutationKind)) {
        var state = Fixtures.state()
        Fixtures.press(&state, "tab", key.0)
        #expect(state.overlay == nil)
    }

    @Test func aDisabledActionSaysWhy() {
        var state = Fixtures.selecting(Fixtures.paymentsRef)
        #expect(Fixtures.press(&state, "p").isEmpty)
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("cannot promote rollout/payments: the rollout is aborted: retry it first", isError: true))
        Fixtures.press(&state, "a")
        #expect(state.statusLine?.text == "cannot abort rollout/payments: already aborted")
    }

    @Test func anUnplannedActionIsDisabled() {
        var state = Fixtures.state()
        var row = Fixtures.checkout
        row.plans = [:]
        _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
        Fixtures.press(&state, "u")
        #expect(state.statusLine?.text == "cannot undo rollout/checkout: undo does not apply to a Rollout")
    }

    @Test func aFlaggerPromoteApprovesTheGate() {
        var state = Fixtures.selecting(Fixtures.gatewayRef)
        let effects = Fixtures.press(&state, "p", "tab", "enter")
        let sent = effects.compactMap(\.sentMutation)
        #expect(sent.first?.label == "approve the start gate")
        #expect(sent.first?.requests.first?.path == "/api/v1/namespaces/training-development/services/flagger-loadtester:80/proxy/gate/open")
    }

    @Test func aFlaggerUndoIsDisabled() {
        var state = Fixtures.selecting(Fixtures.gatewayRef)
        Fixtures.press(&state, "u")
        #expect(state.statusLine?.text == "cannot undo canary/api-gateway: Flagger keeps no revision history to undo to")
    }

    @Test func aPlanThatChangesWhileTheDialogIsOpenIsShownAgain() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        Fixtures.press(&state, "p", "tab")
        var moved = Fixtures.checkout
        let newer = APIRequest.patch("/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status", .merge,
                                     #"{"status":{"pauseConditions":null, "currentStepIndex":4}}"#)
        moved.plans[.promote] = .ready(label: "promote to step 5/8", requests: [newer])
        _ = Reducer.reduce(&state, .rows(upserted: [moved], removed: []))
        let first = Fixtures.press(&state, "enter")
        #expect(first.isEmpty, "nothing is sent on a stale plan")
        guard case let .confirm(dialog) = state.overlay else { Issue.record("dialog closed"); return }
        #expect(dialog.requests == [newer])
        #expect(!dialog.confirmFocused)
        #expect(dialog.note != nil)
        let second = Fixtures.press(&state, "tab", "enter")
        #expect(second.compactMap(\.sentMutation).first?.requests == [newer])
    }

    /// The same requests under another label (a Flagger approve that now opens the promotion
    /// gate instead of the start gate) is a different action: shown again, not sent.
    @Test func aPlanWhoseLabelAloneChangedIsShownAgain() {
        var state = Fixtures.selecting(Fixtures.gatewayRef)
        Fixtures.press(&state, "p", "tab")
        var moved = Fixtures.gateway
        guard case let .ready(_, requests, _)? = moved.plans[.promote] else { Issue.record("no plan"); return }
        moved.plans[.promote] = .ready(label: "approve the promotion gate", requests: requests)
        _ = Reducer.reduce(&state, .rows(upserted: [moved], removed: []))
        #expect(Fixtures.press(&state, "enter").isEmpty)
        guard case let .confirm(dialog) = state.overlay else { Issue.record("dialog closed"); return }
        #expect(dialog.label == "approve the promotion gate")
        #expect(!dialog.confirmFocused)
        #expect(Fixtures.press(&state, "tab", "enter").compactMap(\.sentMutation).first?.label == "approve the promotion gate")
    }

    @Test func aPlanWhoseBodyAloneChangedIsSentAsItIsNow() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        Fixtures.press(&state, "R", "tab")
        var later = Fixtures.checkout
        let now = APIRequest.patch("/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout", .merge,
                                   #"{"spec":{"restartAt":"2027-01-15T08:00:09Z"}}"#)
        var fresh = Fixtures.promoteRequest(Fixtures.checkoutRef)
        fresh.body = now.body
        later.plans[.restart] = .ready(label: "restart", requests: [fresh])
        _ = Reducer.reduce(&state, .rows(upserted: [later], removed: []))
        let sent = Fixtures.press(&state, "enter").compactMap(\.sentMutation)
        #expect(sent.first?.requests == [fresh])
    }

    @Test func aPlanDisabledWhileTheDialogIsOpenSendsNothing() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        Fixtures.press(&state, "p", "tab")
        var aborted = Fixtures.checkout
        aborted.plans[.promote] = .disabled(reason: "the rollout is aborted: retry it first")
        _ = Reducer.reduce(&state, .rows(upserted: [aborted], removed: []))
        #expect(Fixtures.press(&state, "enter").isEmpty)
        #expect(state.overlay == nil)
        #expect(state.statusLine?.text.contains("the rollout is aborted") == true)
    }

    @Test func anObjectDeletedWhileTheDialogIsOpenSendsNothing() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        Fixtures.press(&state, "a", "tab")
        _ = Reducer.reduce(&state, .rows(upserted: [], removed: [Fixtures.checkoutRef]))
        #expect(Fixtures.press(&state, "enter").isEmpty)
        #expect(state.statusLine == StatusMessage("rollout/checkout is gone; nothing sent", isError: true))
    }

    static func sendPromote(_ state: inout ConsoleState) -> Int {
        Fixtures.press(&state, "p", "tab", "enter").compactMap(\.sentMutation).first!.id
    }

    @Test func successShowsInTheStatusLine() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        let id = Self.sendPromote(&state)
        _ = Reducer.reduce(&state, .mutationFinished(id: id, outcome: .succeeded))
        #expect(state.statusLine == StatusMessage("promote rollout/checkout (namespace shop): done"))
        #expect(state.inFlight.isEmpty)
        Fixtures.press(&state, "p")
        #expect(state.overlay != nil, "the operator may act again once the answer is in")
    }

    @Test func theAPIsOwnMessageIsShownOnFailure() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        let id = Self.sendPromote(&state)
        let status = APIStatus(code: 422, reason: "Invalid",
                               message: #"Rollout.argoproj.io "checkout" is invalid: spec.replicas: Invalid value: -1"#)
        _ = Reducer.reduce(&state, .mutationFinished(id: id, outcome: .failed(status)))
        #expect(state.statusLine == StatusMessage("promote rollout/checkout (namespace shop) failed: \(status.message)", isError: true))
    }

    @Test func aConflictIsReportedNotRetried() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        let id = Self.sendPromote(&state)
        let effects = Reducer.reduce(&state, .mutationFinished(id: id, outcome: .failed(
            APIStatus(code: 409, reason: "Conflict", message: "the object has been modified"))))
        #expect(effects.compactMap(\.sentMutation).isEmpty)
        #expect(state.statusLine?.text.contains("conflict") == true)
        #expect(state.statusLine?.text.contains("the object has been modified") == true)
    }

    @Test func aLostAnswerIsNotResent() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        let id = Self.sendPromote(&state)
        _ = Reducer.reduce(&state, .connection(.reconnecting(since: Fixtures.now, reason: "connection refused")))
        let effects = Reducer.reduce(&state, .mutationFinished(id: id, outcome: .unreachable("connection refused")))
        _ = Reducer.reduce(&state, .connection(.live))
        #expect(effects.compactMap(\.sentMutation).isEmpty)
        #expect(state.statusLine?.text.contains("not resent") == true)
    }

    @Test func anUnknownOutcomeIsIgnored() {
        var state = Fixtures.state()
        let before = state.statusLine
        _ = Reducer.reduce(&state, .mutationFinished(id: 99, outcome: .succeeded))
        #expect(state.statusLine == before)
    }

    static let closeGate = APIRequest(method: .post, path: "/api/v1/namespaces/training-development/services/flagger-loadtester:80/proxy/gate/close")
    /// The operator's approve, 90 s before the fixtures' now.
    static let approvedAt = AutomaticOrigin(label: "approve", time: Fixtures.now.addingTimeInterval(-90))
    static let closeFollowUp = FollowUp(kind: .promote, label: "halt", target: Fixtures.gatewayRef, requests: [closeGate], after: approvedAt)

    @Test func aDueFollowUpIsSentWithoutADialogAndSaidSo() {
        var state = Fixtures.state()
        let effects = Reducer.reduce(&state, .followUpDue(Self.closeFollowUp))
        let sent = effects.compactMap(\.sentMutation)
        #expect(sent.count == 1)
        #expect(sent.first?.isFollowUp == true)
        #expect(sent.first?.requests == [Self.closeGate])
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("automatic, after your approve at 07:58:30: canary/api-gateway moved on: halt…"))
        var readOnly = Fixtures.state(readOnly: true)
        #expect(Reducer.reduce(&readOnly, .followUpDue(Self.closeFollowUp)).isEmpty)
    }

    /// An automatic request is rollscope's, never the operator's: in the status line when it
    /// finishes and in the audit log's `by`.
    @Test func anAutomaticRequestIsLabelledAsSuchInTheStatusLineAndTheAuditLog() throws {
        var state = Fixtures.state()
        let sent = try #require(Reducer.reduce(&state, .followUpDue(Self.closeFollowUp)).compactMap(\.sentMutation).first)
        _ = Reducer.reduce(&state, .mutationFinished(id: sent.id, outcome: .succeeded))
        #expect(state.statusLine?.text.hasPrefix("automatic, after your approve at 07:58:30: halt canary/api-gateway") == true)
        let line = AuditRecord(time: Fixtures.now, context: "kind-demo", user: "admin", mutation: sent, result: "ok").line
        #expect(line.contains(#""by":"rollscope, after approve at 2027-01-15T07:58:30Z""#))
        let own = Mutation(id: 9, kind: .promote, label: "approve", target: Fixtures.gatewayRef, context: "kind-demo", requests: [])
        #expect(AuditRecord(time: Fixtures.now, context: "kind-demo", user: "admin", mutation: own, result: "ok").line.contains(#""by":"operator""#))
    }

    /// Quitting while a gate rollscope opened is still open says so and asks: Cancel stays,
    /// "close it" sends the closing request and quits once it is answered, "leave it open" quits.
    @Test func quittingWithAnOpenGateAsks() throws {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .followUpOpened(OpenFollowUp(opened: "the gate", awaited: "pass confirm-rollout", close: Self.closeFollowUp)))
        #expect(state.statusLine?.text.contains("rollscope sets the gate back once the canary has moved on") == true)
        #expect(Fixtures.press(&state, "q").isEmpty, "q does not quit at once")
        guard case .quit = state.overlay else { Issue.record("no quit dialog"); return }
        let text = ConsoleView.render(state, glyphs: .unicode).text
        #expect(text.contains("the gate is open") && text.contains("since your approve"))
        #expect(text.contains("Close it and quit"))
        #expect(Fixtures.press(&state, "enter").isEmpty, "Cancel is focused first")
        #expect(state.overlay == nil)

        var leave = state
        #expect(Fixtures.press(&leave, "q", "tab", "tab", "enter") == [.quit])

        let effects = Fixtures.press(&state, "q", "tab", "enter")
        let close = try #require(effects.compactMap(\.sentMutation).first)
        #expect(close.requests == [Self.closeGate] && close.isFollowUp)
        #expect(state.statusLine?.text.contains("before quitting: halt") == true)
        #expect(Reducer.reduce(&state, .mutationFinished(id: close.id, outcome: .succeeded)) == [.quit])
    }

    /// What rollscope opened on this context is closed on it: no `:ctx` while it is open.
    @Test func noContextSwitchWhileAGateIsOpen() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .followUpOpened(OpenFollowUp(opened: "the gate", awaited: "pass confirm-rollout", close: Self.closeFollowUp)))
        #expect(Fixtures.press(&state, ":", "c", "t", "x", " ", "o", "t", "h", "e", "r", "enter").isEmpty)
        #expect(state.statusLine?.text.hasPrefix("the gate of canary/api-gateway is still open on this context") == true)
    }

    /// Once the gate was closed (the canary moved on), quitting asks nothing.
    @Test func quittingAfterTheGateClosedDoesNotAsk() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .followUpOpened(OpenFollowUp(opened: "the gate", awaited: "pass confirm-rollout", close: Self.closeFollowUp)))
        _ = Reducer.reduce(&state, .followUpDue(Self.closeFollowUp))
        #expect(Fixtures.press(&state, "q") == [.quit])
    }
    /// Issue 21, survivor 6: the reducer's own read-only refusal at confirm (the effect runner's is
    /// a second line of defence): a dialog that is open when the state is read-only sends nothing.
    @Test(arguments: mutationKeys)
    func confirmInAReadOnlyStateSendsNothing(key: (String, MutationKind)) {
        var state = Self.onCheckout(detail: false)
        Fixtures.press(&state, key.0, "tab")
        state.readOnly = true
        let effects = Fixtures.press(&state, "enter")
        #expect(effects.compactMap(\.sentMutation).isEmpty)
        #expect(state.inFlight.isEmpty)
        #expect(state.overlay == nil)
        #expect(state.statusLine == StatusMessage("read-only: nothing sent", isError: true))
    }

    /// Each outcome's exact line, and the mutation leaves the in-flight set whatever the outcome.
    @Test(arguments: [
        (MutationOutcome.succeeded, "promote rollout/checkout (namespace shop): done", false),
        (.failed(APIStatus(code: 409, reason: "Conflict", message: "modified")),
         "promote rollout/checkout (namespace shop): conflict, the object changed: modified; nothing retried, look and try again", true),
        (.failed(APIStatus(code: 404, reason: "NotFound", message: "gone")), "promote rollout/checkout (namespace shop) failed: gone", true),
        (.failed(APIStatus(code: 422, reason: "Invalid", message: "bad")), "promote rollout/checkout (namespace shop) failed: bad", true),
        (.unreachable("timeout"), "promote rollout/checkout (namespace shop): no answer (timeout); not resent, check the object and try again", true),
        (.refusedReadOnly, "promote rollout/checkout (namespace shop): refused, read-only", true),
    ])
    func outcomeLine(_ outcome: MutationOutcome, _ text: String, _ isError: Bool) {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        let id = Self.sendPromote(&state)
        #expect(state.inFlight[id] != nil)
        _ = Reducer.reduce(&state, .mutationFinished(id: id, outcome: outcome))
        #expect(state.statusLine == StatusMessage(text, isError: isError))
        #expect(state.inFlight.isEmpty)
    }

    /// The mutation sent is the dialog's: kind, label, target, context, requests and fallback,
    /// with ids that grow by one per mutation.
    @Test func theSentMutationCarriesTheWholePlan() {
        var state = Fixtures.state()
        var row = Fixtures.checkout
        let status = APIRequest.patch("/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status", .merge, #"{"status":{"abort":true}}"#)
        let main = APIRequest.patch("/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout", .merge, #"{"status":{"abort":true}}"#)
        row.plans[.abort] = .ready(label: "abort", requests: [status], onNotFound: [main])
        _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
        for _ in Fixtures.allRows where state.selectedDelivery != Fixtures.checkoutRef { Fixtures.press(&state, "j") }
        let first = state.nextMutationID
        let sent = Fixtures.press(&state, "a", "tab", "enter").compactMap(\.sentMutation)
        #expect(sent == [Mutation(id: first, kind: .abort, label: "abort", target: Fixtures.checkoutRef, context: "kind-demo",
                                  requests: [status], onNotFound: [main])])
        #expect(state.nextMutationID == first + 1)
        #expect(state.statusLine == StatusMessage("abort rollout/checkout…"))
    }
}
