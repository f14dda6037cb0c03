import Foundation
import KubeModel

/// The confirm flow: a mutation key opens a dialog (or says why it cannot), the dialog's
/// confirm sends the mutation once, and its outcome lands in the status line.
extension Reducer {
    /// `argument` is the text typed for an action that asks first (`set image`), on the row
    /// it was asked for (`target`); without it such an action opens its input line.
    static func openConfirm(_ state: inout ConsoleState, _ kind: MutationKind, argument: String? = nil, target: ObjectRef? = nil) {
        if let deleted = state.deletedDetail {
            state.statusLine = StatusMessage("cannot \(kind.verb) \(deleted.row.ref): it was deleted \(deleted.age(state.now)) ago",
                                          isError: true)
            return
        }
        guard let row = target.map({ state.rows[$0] }) ?? state.targetRow else {
            state.statusLine = StatusMessage(target.map { "\($0) is gone; nothing sent" } ?? "\(kind.verb): select a rollout or canary first",
                                             isError: true)
            return
        }
        if let busy = state.inFlight.values.first(where: { $0.target == row.ref }) {
            state.statusLine = StatusMessage("\(busy.label) \(row.ref) is still being sent; wait for its answer", isError: true)
            return
        }
        if let reason = state.readOnlyReason(row.ref.cluster) {
            state.statusLine = StatusMessage("cannot \(kind.verb) \(row.ref): \(reason)", isError: true)
            return
        }
        switch state.plan(kind, for: row, argument: argument) {
        case let .disabled(reason):
            state.statusLine = StatusMessage("cannot \(kind.verb) \(row.ref): \(reason)", isError: true)
        case let .ready(label, requests, onNotFound):
            let cluster = state.cluster(row.ref.cluster)
            var dialog = ConfirmDialog(kind: kind, label: label, target: row.ref, context: cluster.identity.context,
                                       requests: requests, onNotFound: onNotFound, argument: argument)
            if state.isFleet || cluster.settings.production {
                dialog.cluster = DialogCluster(name: cluster.displayName, context: cluster.identity.context,
                                               server: cluster.identity.server, production: cluster.settings.production)
            }
            state.overlay = .confirm(dialog)
        case let .needsArgument(planner):
            state.overlay = .input(InputLine(kind: .argument(kind, target: row.ref, prompt: planner.prompt), text: planner.initial))
        }
    }

    /// Enter in the dialog: Cancel if it is focused; otherwise the plan is checked again
    /// against the object as it is now (it may have moved on while the dialog was open). If
    /// the action itself changed (its label, or where its requests go), the dialog shows the
    /// new one and asks again; otherwise the current requests are sent, once. (Bodies may
    /// differ by a timestamp alone: a restart's `restartAt` is the time the plan was made.)
    static func confirm(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard case var .confirm(dialog) = state.overlay else { return [] }
        guard dialog.confirmFocused else {
            state.overlay = nil
            state.statusLine = StatusMessage("cancelled: \(dialog.label) \(dialog.target); nothing sent")
            return []
        }
        guard let row = state.rows[dialog.target] else {
            state.overlay = nil
            state.statusLine = StatusMessage("\(dialog.target) is gone; nothing sent", isError: true)
            return []
        }
        switch state.plan(dialog.kind, for: row, argument: dialog.argument) {
        case let .disabled(reason):
            state.overlay = nil
            state.statusLine = StatusMessage("cannot \(dialog.label) \(dialog.target) any more: \(reason); nothing sent", isError: true)
            return []
        case .needsArgument:
            // It asks for an argument now, which it did not when the dialog opened: ask again.
            state.overlay = nil
            openConfirm(&state, dialog.kind, target: dialog.target)
            return []
        case let .ready(label, requests, onNotFound):
            func targets(_ r: [APIRequest]) -> [String] { r.map { "\($0.method.rawValue) \($0.pathAndQuery)" } }
            let changed = label != dialog.label || targets(requests) != targets(dialog.requests)
            dialog.label = label
            dialog.requests = requests
            dialog.onNotFound = onNotFound
            if changed {
                dialog.confirmFocused = false
                dialog.note = "\(dialog.target) changed while this was open: check again"
                state.overlay = .confirm(dialog)
                return []
            }
        }
        if let reason = state.readOnlyReason(dialog.target.cluster) {
            state.overlay = nil
            state.statusLine = StatusMessage("\(reason): nothing sent", isError: true)
            return []
        }
        let mutation = Mutation(id: state.nextMutationID, kind: dialog.kind, label: dialog.label, target: dialog.target,
                                context: dialog.context, requests: dialog.requests, onNotFound: dialog.onNotFound)
        state.nextMutationID += 1
        state.inFlight[mutation.id] = mutation
        state.overlay = nil
        state.statusLine = clusterMessage(state, mutation.target, "\(mutation.label) \(mutation.target)…")
        return [.send(mutation)]
    }

    /// `prod-eu: `, the start of every status line about an object when several clusters are shown.
    static func clusterPrefix(_ state: ConsoleState, _ ref: ObjectRef) -> String {
        state.isFleet ? "\(state.cluster(ref.cluster).displayName): " : ""
    }

    /// A status line about `ref`: its cluster's name first (`clusterPrefix`), which the view draws
    /// in the cluster's colour.
    static func clusterMessage(_ state: ConsoleState, _ ref: ObjectRef, _ text: String, isError: Bool = false) -> StatusMessage {
        let prefix = clusterPrefix(state, ref)
        return StatusMessage(prefix: prefix, cluster: prefix.isEmpty ? nil : ref.cluster, text, isError: isError)
    }

    /// Sends a follow-up at once (the operator confirmed the mutation that needs it) and says
    /// so, as rollscope's own request, never as the operator's.
    static func sendFollowUp(_ state: inout ConsoleState, _ followUp: FollowUp, why: String = "moved on") -> [ConsoleEffect] {
        guard !state.readOnly else { return [] }
        state.openFollowUps.removeAll { $0.close.target == followUp.target && $0.close.label == followUp.label }
        let mutation = Mutation(id: state.nextMutationID, kind: followUp.kind, label: followUp.label, target: followUp.target,
                                context: state.cluster(followUp.target.cluster).identity.context, requests: followUp.requests,
                                automatic: followUp.after)
        state.nextMutationID += 1
        state.inFlight[mutation.id] = mutation
        state.statusLine = clusterMessage(state, followUp.target,
                                          "\(automaticPrefix(followUp.after, now: state.now)) \(followUp.target) \(why): \(followUp.label)…")
        return [.send(mutation)]
    }

    /// `automatic, after your approve at 15:02:11:`, the start of every line about an automatic request.
    static func automaticPrefix(_ origin: AutomaticOrigin, now: Date) -> String {
        "automatic, after your \(origin.label) at \(TimeText.clock(origin.time, now: now)):"
    }

    /// `q`: quits, unless rollscope still holds something open for a release (a Flagger gate,
    /// skipAnalysis): then it says so and asks whether to close it or leave it open.
    static func quit(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard !state.openFollowUps.isEmpty, !state.readOnly else { return [.quit] }
        state.overlay = .quit(QuitDialog())
        return []
    }

    /// The quit dialog's answer: close what is open and quit once the answers are in, leave it
    /// open and quit now, or stay.
    static func answerQuit(_ state: inout ConsoleState, _ choice: QuitDialog.Choice) -> [ConsoleEffect] {
        state.overlay = nil
        switch choice {
        case .cancel:
            state.statusLine = StatusMessage("not quitting; rollscope still closes what it opened once each canary has moved on")
            return []
        case .leaveOpenAndQuit:
            return [.quit]
        case .closeAndQuit:
            let open = state.openFollowUps
            state.openFollowUps = []
            let effects = open.flatMap { sendFollowUp(&state, $0.close, why: "before quitting") }
            state.quitWhenSent = true
            return state.inFlight.isEmpty ? [.quit] : effects
        }
    }

    /// A confirmed mutation opened something: remember it until it is closed.
    static func followUpOpened(_ state: inout ConsoleState, _ open: OpenFollowUp) {
        state.openFollowUps.removeAll { $0.close.target == open.close.target && $0.close.label == open.close.label }
        state.openFollowUps.append(open)
        state.statusLine = StatusMessage("\(open.close.after.label) \(open.close.target): done; rollscope sets \(open.opened) back "
                                         + "once the canary has moved on (waiting for it to \(open.awaited))")
    }

    /// The outcome in the status line; the last answer awaited before quitting quits.
    static func finishMutation(_ state: inout ConsoleState, id: Int, outcome: MutationOutcome) -> [ConsoleEffect] {
        guard let mutation = state.inFlight.removeValue(forKey: id) else { return [] }
        describe(&state, mutation, outcome)
        return state.quitWhenSent && state.inFlight.isEmpty ? [.quit] : []
    }

    private static func describe(_ state: inout ConsoleState, _ mutation: Mutation, _ outcome: MutationOutcome) {
        // Which cluster comes first, whatever the outcome.
        func say(_ text: String, isError: Bool = false) { state.statusLine = clusterMessage(state, mutation.target, text, isError: isError) }
        let what = (mutation.automatic.map { automaticPrefix($0, now: state.now) + " " } ?? "")
            + "\(mutation.label) \(mutation.target) (namespace \(mutation.target.namespace))"
        switch outcome {
        case .succeeded:
            say("\(what): done")
        case let .failed(status) where status.code == 409:
            say("\(what): conflict, the object changed: \(status.message); nothing retried, look and try again", isError: true)
        case let .failed(status) where status.code == 403:
            // Who may not do what comes first, where a narrow status line still shows it.
            let message = status.message
            let who = message.range(of: "User ").map { String(message[$0.lowerBound...]) } ?? message
            say("forbidden: \(who) (\(what) refused)", isError: true)
        case let .failed(status):
            say("\(what) failed: \(status.message)", isError: true)
        case let .unreachable(reason):
            say("\(what): no answer (\(reason)); not resent, check the object and try again", isError: true)
        case .refusedReadOnly:
            say("\(what): refused, read-only", isError: true)
        }
    }
}
