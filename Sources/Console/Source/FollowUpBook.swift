import Foundation
import KubeModel

/// The follow-ups the adapters asked for, on plain values: waiting for their mutation (by id),
/// then, once it succeeded, for their object to move far enough, when the request that closes
/// each is planned from the object as cached then.
struct FollowUpBook {
    private var sent: [Int: any AwaitedFollowUp] = [:]
    private var active: [any AwaitedFollowUp] = []

    /// The follow-up `mutation` opens, if its adapter named one.
    mutating func sending(_ mutation: Mutation, _ followUp: (any AwaitedFollowUp)?) {
        if let followUp { sent[mutation.id] = followUp }
    }

    /// A mutation ended: a successful one's follow-up starts waiting, and is shown as open.
    mutating func finished(_ id: Int, _ outcome: MutationOutcome, object: (ObjectRef) -> (any KubeObject)?) -> [ConsoleEvent] {
        guard let followUp = sent.removeValue(forKey: id), outcome == .succeeded else { return [] }
        active.append(followUp)
        guard let current = object(followUp.ref), let close = followUp.closing(current) else { return [] }
        return [.followUpOpened(OpenFollowUp(opened: followUp.opened, awaited: followUp.awaited, close: close))]
    }

    /// Follow-ups whose object (among `changed`) has moved far enough, as events; they stop waiting.
    mutating func due(changed: Set<ObjectRef>, object: (ObjectRef) -> (any KubeObject)?) -> [ConsoleEvent] {
        var due: [ConsoleEvent] = []
        active.removeAll { followUp in
            guard changed.contains(followUp.ref), let current = object(followUp.ref), followUp.isDue(current) else { return false }
            if let close = followUp.closing(current) { due.append(.followUpDue(close)) }
            return true
        }
        return due
    }

    /// Whether anything waits (a test's view).
    var isEmpty: Bool { sent.isEmpty && active.isEmpty }
}
