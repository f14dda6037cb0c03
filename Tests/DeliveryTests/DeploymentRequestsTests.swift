import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// `kubectl rollout pause|resume|restart|undo` on a Deployment, compared as data: the requests
/// kubectl sends (method, path, patch type, body byte for byte), its messages and its refusals.
@Suite struct DeploymentRequestsTests {
    static let path = "/apis/apps/v1/namespaces/demo/deployments/web"
    static let now = Date(timeIntervalSince1970: 1_765_000_000)

    /// Decoded as the client decodes a server's answer (member order kept, as a real API server
    /// writes it: Go's struct order, the order kubectl re-encodes a template in).
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
        try! ScanningJSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func template(_ image: String, hash: String? = nil) -> String {
        let hashLabel = hash.map { #","pod-template-hash":"\#($0)""# } ?? ""
        return #"{"metadata":{"labels":{"app":"web"\#(hashLabel)}},"spec":{"containers":[{"name":"web","image":"\#(image)"}]}}"#
    }

    /// The Deployment at revision 3 (image v3), paused or not, with apply and revision annotations.
    static func deployment(paused: Bool = false, image: String = "v3", templateAnnotations: String = "") -> Deployment {
        var t = template(image)
        if !templateAnnotations.isEmpty { t = t.replacingOccurrences(of: #""labels""#, with: #""annotations":\#(templateAnnotations),"labels""#) }
        return decode(Deployment.self, #"""
        {"metadata":{"name":"web","namespace":"demo","uid":"d-1","annotations":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}","team":"shop"}},
         "spec":{"replicas":2,"paused":\#(paused),"selector":{"matchLabels":{"app":"web"}},"template":\#(t)},"status":{}}
        """#)
    }

    static func replicaSet(_ name: String, revision: String?, image: String, owner: String = "d-1", extra: String = "") -> ReplicaSet {
        let rev = revision.map { #""deployment.kubernetes.io/revision":"\#($0)","# } ?? ""
        return decode(ReplicaSet.self, #"""
        {"metadata":{"name":"\#(name)","namespace":"demo","uid":"\#(name)-uid","labels":{"app":"web","pod-template-hash":"h\#(image)"},
          "annotations":{\#(rev)\#(extra)"deployment.kubernetes.io/desired-replicas":"2"},
          "ownerReferences":[{"kind":"Deployment","name":"web","uid":"\#(owner)","controller":true}]},
         "spec":{"replicas":0,"template":\#(template(image, hash: "h" + image))}}
        """#)
    }

    /// Revisions 1 (v1, with an annotation of its own), 2 (v2) and 3 (v3, current), plus a
    /// ReplicaSet of revision 5 controlled by another Deployment.
    static let history = ObjectSet(replicaSets: [
        replicaSet("web-a", revision: "1", image: "v1", extra: #""note":"first","#),
        replicaSet("web-c", revision: "3", image: "v3"),
        replicaSet("web-b", revision: "2", image: "v2"),
        replicaSet("other", revision: "5", image: "v9", owner: "d-2"),
    ])

    /// A pause, resume or restart patch as kubectl sends it.
    static func rollout(_ body: String) -> APIRequest {
        var r = APIRequest.patch(path, .strategicMerge, body)
        r.query = [("fieldManager", "kubectl-rollout")]
        return r
    }

    static func plan(_ action: DeploymentAction, _ d: Deployment, objects: ObjectSet = history) throws(ActionError) -> ActionPlan {
        try DeploymentRequests.plan(action, for: d, objects: objects, now: now)
    }

    @Test func pause() throws {
        #expect(try Self.plan(.pause, Self.deployment()) == ActionPlan(
            requests: [Self.rollout(#"{"spec":{"paused":true}}"#)], message: "deployment.apps/web paused"))
        #expect(throws: ActionError(#"deployments.apps "web" is already paused"#)) { try Self.plan(.pause, Self.deployment(paused: true)) }
    }

    /// kubectl's two-way patch removes `paused` (omitempty false), so the body holds null.
    @Test func resume() throws {
        #expect(try Self.plan(.resume, Self.deployment(paused: true)) == ActionPlan(
            requests: [Self.rollout(#"{"spec":{"paused":null}}"#)], message: "deployment.apps/web resumed"))
        #expect(throws: ActionError(#"deployments.apps "web" is not paused"#)) { try Self.plan(.resume, Self.deployment()) }
    }

    @Test func restart() throws {
        let at = KubeTime.format(Self.now)
        #expect(at == "2025-12-06T05:46:40Z")
        #expect(try Self.plan(.restart, Self.deployment()) == ActionPlan(
            requests: [Self.rollout(#"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-12-06T05:46:40Z"}}}}}"#)],
            message: "deployment.apps/web restarted"))
        #expect(throws: ActionError(#"deployments.apps "web" can't restart paused deployment (run rollout resume first)"#)) {
            try Self.plan(.restart, Self.deployment(paused: true))
        }
        let sameSecond = Self.deployment(templateAnnotations: #"{"kubectl.kubernetes.io/restartedAt":"2025-12-06T05:46:40Z"}"#)
        #expect(throws: ActionError("failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another")) {
            try Self.plan(.restart, sameSecond)
        }
    }

    /// Undo to the previous revision: revision 2's template without its hash label, in the order
    /// the server wrote it (Go's struct order, which kubectl's typed re-encoding also writes), and the
    /// Deployment's kept annotations plus the ReplicaSet's others, keys sorted (a Go map).
    @Test func undoToPrevious() throws {
        let body = #"[{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"v2"}]}}},"#
            + #"{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}"}}]"#
        let expected = ActionPlan(requests: [.patch(Self.path, .json, body)], message: "deployment.apps/web rolled back")
        #expect(try Self.plan(.undo(toRevision: nil), Self.deployment()) == expected)
        #expect(try Self.plan(.undo(toRevision: 0), Self.deployment()) == expected)
    }

    @Test func undoToRevision() throws {
        let body = #"[{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"v1"}]}}},"#
            + #"{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3","kubectl.kubernetes.io/last-applied-configuration":"{}","note":"first"}}]"#
        #expect(try Self.plan(.undo(toRevision: 1), Self.deployment()) == ActionPlan(requests: [.patch(Self.path, .json, body)], message: "deployment.apps/web rolled back"))
    }

    @Test func undoListsReplicaSetsBySelector() {
        let list = DeploymentRequests.undoListRequest(Self.deployment())
        #expect(list == APIRequest(method: .get, path: "/apis/apps/v1/namespaces/demo/replicasets", query: [("labelSelector", "app=web")]))
        #expect(list.pathAndQuery == "/apis/apps/v1/namespaces/demo/replicasets?labelSelector=app%3Dweb")
    }

    @Test func undoRefusals() {
        #expect(throws: ActionError("unable to find specified revision 5 in history")) { try Self.plan(.undo(toRevision: 5), Self.deployment()) }
        #expect(throws: ActionError("unable to find specified revision -1 in history")) { try Self.plan(.undo(toRevision: -1), Self.deployment()) }
        let onlyCurrent = ObjectSet(replicaSets: [Self.replicaSet("web-c", revision: "3", image: "v3")])
        #expect(throws: ActionError(#"no rollout history found for deployment "web""#)) { try Self.plan(.undo(toRevision: nil), Self.deployment(), objects: onlyCurrent) }
        // History is looked up before the pause is refused, as kubectl does.
        #expect(throws: ActionError(#"no rollout history found for deployment "web""#)) {
            try Self.plan(.undo(toRevision: nil), Self.deployment(paused: true), objects: onlyCurrent)
        }
        #expect(throws: ActionError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")) {
            try Self.plan(.undo(toRevision: nil), Self.deployment(paused: true))
        }
    }

    /// A ReplicaSet whose revision does not parse is passed over; one without the annotation is revision 0.
    @Test func undoSkipsUnreadableRevisions() throws {
        let objects = ObjectSet(replicaSets: [Self.replicaSet("web-c", revision: "3", image: "v3"), Self.replicaSet("web-x", revision: "x", image: "v7"),
                                              Self.replicaSet("web-0", revision: nil, image: "v0")])
        let plan = try Self.plan(.undo(toRevision: nil), Self.deployment(), objects: objects)
        #expect(String(decoding: plan.requests[0].body ?? Data(), as: UTF8.self).contains(#""image":"v0""#))
    }

    /// The current template already equals the target's (ignoring the hash label and empty fields): skipped, nothing sent.
    @Test func undoSkipsAnEqualTemplate() throws {
        let back = Self.deployment(image: "v2")
        #expect(try Self.plan(.undo(toRevision: nil), back) == ActionPlan(
            requests: [], message: "deployment.apps/web skipped rollback (current template already matches revision 0)"))
        #expect(try Self.plan(.undo(toRevision: 2), back).message == "deployment.apps/web skipped rollback (current template already matches revision 2)")
        let withEmptyFields = Self.deployment(image: "v2", templateAnnotations: "{}")
        #expect(try Self.plan(.undo(toRevision: 2), withEmptyFields).requests.isEmpty)
    }

    /// The console greys out what kubectl would refuse or skip, with kubectl's words.
    @Test func disabledReasons() {
        func reason(_ a: DeploymentAction, _ d: Deployment, _ o: ObjectSet = Self.history) -> String? {
            DeploymentDisabledReason.of(a, d, objects: o, now: Self.now)
        }
        #expect(reason(.pause, Self.deployment()) == nil)
        #expect(reason(.pause, Self.deployment(paused: true)) == #"deployments.apps "web" is already paused"#)
        #expect(reason(.resume, Self.deployment()) == #"deployments.apps "web" is not paused"#)
        #expect(reason(.resume, Self.deployment(paused: true)) == nil)
        #expect(reason(.restart, Self.deployment()) == nil)
        #expect(reason(.restart, Self.deployment(paused: true)) == #"deployments.apps "web" can't restart paused deployment (run rollout resume first)"#)
        #expect(reason(.undo(toRevision: nil), Self.deployment()) == nil)
        #expect(reason(.undo(toRevision: nil), Self.deployment(), ObjectSet()) == #"no rollout history found for deployment "web""#)
        #expect(reason(.undo(toRevision: 2), Self.deployment(image: "v2")) == "deployment.apps/web skipped rollback (current template already matches revision 2)")
    }
}
