import Foundation
import JSONValue
import KubeModel

/// The exact requests of `kubectl rollout pause|resume|restart|undo` on a Deployment, with
/// kubectl's refusals and messages (k8s.io/kubectl `pkg/cmd/rollout` and `pkg/polymorphichelpers`).
///
/// Checked by hand against `rollscope demo --serve` with `kubectl -v=8`: the same bodies, types and
/// paths (pause, resume and restart add `?fieldManager=kubectl-rollout`).
///
/// - `pause` (`ObjectPauserFn`): refuses `is already paused`; otherwise the two-way strategic merge
///   patch of `spec.paused: true`, `{"spec":{"paused":true}}`.
/// - `resume` (`ObjectResumerFn`): refuses `is not paused`; otherwise the two-way patch of
///   `spec.paused: false`. `paused` is `omitempty`, so false is written as its removal:
///   `{"spec":{"paused":null}}` (which is what kubectl sends, not `false`).
/// - `restart` (`ObjectRestarterFn`): refuses a paused Deployment; otherwise sets the pod
///   template's `kubectl.kubernetes.io/restartedAt` to now (RFC 3339), a strategic merge patch of that
///   one annotation. When the annotation already holds this second the patch would be empty and
///   kubectl refuses (`if restart has already been triggered within the past second…`).
/// - `undo` (`DeploymentRollbacker.Rollback`): among the ReplicaSets the Deployment controls, the
///   one of revision N (`unable to find specified revision N in history`), or with N = 0 the
///   second-newest revision (`no rollout history found for deployment "NAME"`). Then it refuses a
///   paused Deployment, skips when the templates are semantically equal ignoring the
///   `pod-template-hash` label (`skipped rollback (current template already matches revision N)`,
///   N as given, so 0 without `--to-revision`), and otherwise sends a JSON patch replacing
///   `/spec/template` with the ReplicaSet's template minus that label and `/metadata/annotations`
///   with the Deployment's own revision and apply annotations (`annotationsToSkip`) plus every
///   other annotation of the ReplicaSet. Members are written with sorted keys, as Go's encoder
///   writes maps; the template is the ReplicaSet's as the server returned it.
public enum DeploymentRequests {
    /// `deployments.apps`: how kubectl names the resource in its errors.
    static let resource = "deployments.apps"

    static func path(_ d: Deployment) -> String {
        ResourceType.deployments.path(namespace: d.metadata.namespace, name: d.metadata.name)
    }

    /// The strategic merge patch of pause, resume and restart, which kubectl sends with
    /// `?fieldManager=kubectl-rollout` (undo's JSON patch goes without it).
    static func rolloutPatch(_ d: Deployment, _ body: String) -> APIRequest {
        var request = APIRequest.patch(path(d), .strategicMerge, body)
        request.query = [("fieldManager", "kubectl-rollout")]
        return request
    }

    /// The LIST `undo` reads first: the ReplicaSets of the Deployment's namespace by its selector
    /// (kubectl then keeps those the Deployment controls).
    public static func undoListRequest(_ d: Deployment) -> APIRequest {
        let selector = d.spec.selector?.queryString ?? ""
        return APIRequest(method: .get, path: ResourceType.replicaSets.path(namespace: d.metadata.namespace),
                          query: selector.isEmpty ? [] : [("labelSelector", selector)])
    }

    /// The plan for `action` on `deployment`. `objects` supplies the ReplicaSets of `undo`; `now`
    /// dates a restart. Throws kubectl's refusals.
    public static func plan(_ action: DeploymentAction, for deployment: Deployment, objects: ObjectSet = ObjectSet(),
                            now: Date) throws(ActionError) -> ActionPlan {
        let name = deployment.metadata.name
        let quoted = GoSyntax.quoted(name)
        let paused = deployment.spec.paused == true
        switch action {
        case .pause:
            if paused { throw ActionError("\(resource) \(quoted) is already paused") }
            return ActionPlan(requests: [rolloutPatch(deployment, #"{"spec":{"paused":true}}"#)],
                              message: "deployment.apps/\(name) paused")
        case .resume:
            if !paused { throw ActionError("\(resource) \(quoted) is not paused") }
            return ActionPlan(requests: [rolloutPatch(deployment, #"{"spec":{"paused":null}}"#)],
                              message: "deployment.apps/\(name) resumed")
        case .restart:
            if paused { throw ActionError("\(resource) \(quoted) can't restart paused deployment (run rollout resume first)") }
            let at = KubeTime.format(now)
            if deployment.spec.template?.metadata?.annotations?[DeploymentAnnotations.restartedAt] == at {
                throw ActionError("failed to create patch for \(name): if restart has already been triggered within the past second, please wait before attempting to trigger another")
            }
            let body = #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"\#(at)"}}}}}"#
            return ActionPlan(requests: [rolloutPatch(deployment, body)], message: "deployment.apps/\(name) restarted")
        case .undo(let revision):
            return try undo(deployment, toRevision: revision ?? 0, objects: objects)
        }
    }

    /// kubectl's rollbacker (see the type's comment).
    static func undo(_ deployment: Deployment, toRevision: Int64, objects: ObjectSet) throws(ActionError) -> ActionPlan {
        let name = deployment.metadata.name
        if toRevision < 0 { throw ActionError("unable to find specified revision \(toRevision) in history") }
        let target = try replicaSet(of: deployment, revision: toRevision, objects: objects)
        if deployment.spec.paused == true {
            throw ActionError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
        }
        let template = RolloutRequests.withoutHashLabel(target.spec.template?.raw ?? .object(JSONObject()), label: DeploymentAnnotations.podTemplateHash)
        let current = RolloutRequests.withoutHashLabel(deployment.spec.template?.raw ?? .object(JSONObject()), label: DeploymentAnnotations.podTemplateHash)
        if semantic(template) == semantic(current) {
            return ActionPlan(requests: [], message: "deployment.apps/\(name) skipped rollback (current template already matches revision \(toRevision))")
        }
        // kubectl builds the annotations as a Go map, which its encoder writes in key order.
        var annotations: [String: String] = [:]
        for (key, value) in deployment.metadata.annotations ?? [:] where DeploymentAnnotations.keptByUndo.contains(key) {
            annotations[key] = value
        }
        for (key, value) in target.metadata.annotations ?? [:] where !DeploymentAnnotations.keptByUndo.contains(key) {
            annotations[key] = value
        }
        let annotationObject = JSONObject(annotations.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })
        let body: JSON = [["op": "replace", "path": "/spec/template", "value": template],
                          ["op": "replace", "path": "/metadata/annotations", "value": .object(annotationObject)]]
        return ActionPlan(requests: [APIRequest(method: .patch, path: path(deployment), contentType: APIRequest.PatchType.json.rawValue,
                                                body: body.data)],
                          message: "deployment.apps/\(name) rolled back")
    }

    /// `deploymentRevision`: the ReplicaSet of revision `revision`, or with 0 the second newest
    /// (ReplicaSets with an unreadable revision are passed over, as kubectl does).
    static func replicaSet(of deployment: Deployment, revision toRevision: Int64, objects: ObjectSet) throws(ActionError) -> ReplicaSet {
        var latest: (revision: Int64, rs: ReplicaSet?) = (-1, nil)
        var previous: (revision: Int64, rs: ReplicaSet?) = (-1, nil)
        for rs in DeploymentInfo.replicaSets(of: deployment, in: objects) {
            guard let v = rs.deploymentRevision else { continue }
            if toRevision == 0 {
                if latest.revision < v {
                    previous = latest
                    latest = (v, rs)
                } else if previous.revision < v {
                    previous = (v, rs)
                }
            } else if toRevision == v {
                return rs
            }
        }
        if toRevision > 0 { throw ActionError("unable to find specified revision \(toRevision) in history") }
        guard let rs = previous.rs else {
            throw ActionError("no rollout history found for deployment \(GoSyntax.quoted(deployment.metadata.name))")
        }
        return rs
    }

    /// A template as apimachinery's `Semantic.DeepEqual` compares typed objects: a null, an empty
    /// string, an empty map and an empty list are the same as an absent field.
    static func semantic(_ value: JSON) -> JSON {
        switch value {
        case .object(let members):
            var kept = JSONObject()
            for (key, member) in members {
                let v = semantic(member)
                switch v {
                case .null, .string(""): continue
                case .object(let o) where o.count == 0: continue
                case .array(let a) where a.isEmpty: continue
                default: kept[key] = v
                }
            }
            return .object(kept)
        case .array(let items): return .array(items.map(semantic))
        default: return value
        }
    }
}

/// Whether each `kubectl rollout` command would do something now: nil when it would, otherwise
/// kubectl's own refusal (or its skip message), for the console's greyed-out keys.
public enum DeploymentDisabledReason {
    public static func of(_ action: DeploymentAction, _ deployment: Deployment, objects: ObjectSet = ObjectSet(), now: Date) -> String? {
        do {
            let plan = try DeploymentRequests.plan(action, for: deployment, objects: objects, now: now)
            return plan.requests.isEmpty ? plan.message : nil
        } catch {
            return error.message
        }
    }
}
