import Foundation
import KubeModel
import Delivery

extension DeliveryKind {
    /// Flagger `Canary` (flagger.app/v1beta1).
    public static let canary = DeliveryKind(rawValue: "Canary")
}

/// Flagger: a Canary's row reads its target and `-primary` Deployments (READY is the
/// primary's); its detail the ReplicaSets and Pods its row's selector matches and the
/// namespace's Deployments. An approval or a skipped analysis leaves a gate open that rollscope
/// sets back once the canary has moved (`CanaryAwaitedFollowUp`).
public struct FlaggerAdapter: DeliveryAdapter {
    public init() {}

    public var kind: DeliveryKind { .canary }
    public var resource: ResourceType { .canaries }
    public var commandLine: CommandLineKind { .canaries }
    public var toolName: String? { "Flagger" }
    /// Approve opens the confirm gate and abort the rollback gate, each through the loadtester's
    /// service, which may be in another namespace (`CanaryRequests.loadtester`).
    public var crossNamespacePlans: Set<MutationKind> { [.promote, .abort] }

    /// A Canary joins the Deployments named for its target, and `<target>-primary`.
    public var relations: [Relation] {
        [Relation(resource: .deployments, ownKeys: { canary in
            guard let canary = canary as? Canary else { return [] }
            return ["\(canary.metadata.namespace ?? "")/\(canary.spec.targetRef?.name ?? "")"]
        }, relatedKeys: { deployment in
            let key = deployment.metadata.key
            return key.hasSuffix("-primary") ? [key, String(key.dropLast("-primary".count))] : [key]
        })]
    }

    public func listWatches(namespace: String?) -> [WatchSpec] { [WatchSpec(resource: .deployments, namespace: namespace)] }

    /// A Canary's ReplicaSets and Pods match its pod selector; its primary and canary workloads
    /// are Deployments.
    public func detailWatches(of ref: ObjectRef, row: DeliveryRow?) -> [WatchSpec] {
        let selector = row?.selector
        return [WatchSpec(resource: .replicaSets, namespace: ref.namespace, labelSelector: selector),
                WatchSpec(resource: .pods, namespace: ref.namespace, labelSelector: selector),
                WatchSpec(resource: .deployments, namespace: ref.namespace)]
    }

    public func row(_ object: any KubeObject, related: ObjectSet, now: Date) -> DeliveryRow? {
        (object as? Canary).map { CanaryRowBuilder.row($0, objects: related, now: now, as: object) }
    }

    public func plans(_ object: any KubeObject, related: ObjectSet, now: Date) -> RowPlans {
        CanaryRowBuilder.plans(object, now: now)
    }

    public func detail(_ object: any KubeObject, objects: ObjectSet, now: Date) -> DetailModel? {
        (object as? Canary).map { DetailBuilder.detail($0, objects: objects, now: now) }
    }

    public func awaitedFollowUp(after mutation: Mutation, on object: any KubeObject, now: Date) -> (any AwaitedFollowUp)? {
        guard !mutation.isFollowUp, let canary = object as? Canary, let action = Self.action(mutation.kind),
              let followUp = CanaryFollowUp.after(action, on: canary) else { return nil }
        return CanaryAwaitedFollowUp(ref: mutation.target, kind: mutation.kind, followUp: followUp,
                                     origin: AutomaticOrigin(label: mutation.label, time: now))
    }

    /// The Flagger action behind a mutation kind, for follow-ups.
    private static func action(_ kind: MutationKind) -> CanaryAction? {
        switch kind {
        case .promote: .approve
        case .promoteFull: .promote
        case .abort: .abort
        default: nil
        }
    }
}

/// A gate or `skipAnalysis` a Canary mutation left open, closed by the request
/// `CanaryRequests.undo` plans once the canary has moved (`CanaryFollowUp.due`).
struct CanaryAwaitedFollowUp: AwaitedFollowUp {
    var ref: ObjectRef
    var kind: MutationKind
    var followUp: CanaryFollowUp
    var origin: AutomaticOrigin

    var opened: String { followUp.opened }
    var awaited: String { followUp.awaited }

    func isDue(_ object: any KubeObject) -> Bool {
        (object as? Canary).map { followUp.due($0) != nil } ?? false
    }

    func closing(_ object: any KubeObject) -> FollowUp? {
        guard let canary = object as? Canary, let plan = try? CanaryRequests.undo(followUp, for: canary) else { return nil }
        return FollowUp(kind: kind, label: followUp.undo.title, target: ref, requests: plan.requests, after: origin)
    }
}
