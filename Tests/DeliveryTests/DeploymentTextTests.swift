import Foundation
import KubeModel
import Testing
@testable import Delivery

/// A Deployment mid-rollout as `get deployment` and `list deployments` show it: the header, the
/// revision tree (newest first, the current ReplicaSet tagged `new`, pods under each ReplicaSet),
/// and kubectl's `get deployments` columns.
@Suite struct DeploymentTextTests {
    static let now = Date(timeIntervalSince1970: 1_765_000_000)

    static func at(_ secondsAgo: Int) -> String { KubeTime.format(now.addingTimeInterval(-TimeInterval(secondsAgo))) }

    static func pod(_ name: String, owner: String, ready: Bool, age: Int) -> String {
        let state = ready ? #"{"running":{}}"# : #"{"waiting":{"reason":"ContainerCreating"}}"#
        return #"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"demo","creationTimestamp":"\#(at(age))","ownerReferences":[{"kind":"ReplicaSet","name":"x","uid":"\#(owner)","controller":true}]},
         "spec":{"containers":[{"name":"web"}]},"status":{"phase":"\#(ready ? "Running" : "Pending")","containerStatuses":[{"name":"web","ready":\#(ready),"state":\#(state)}]}}
        """#
    }

    static func replicaSet(_ hash: String, revision: Int, image: String, desired: Int, ready: Int, age: Int) -> String {
        #"""
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-\#(hash)","namespace":"demo","uid":"rs-\#(hash)","generation":1,"creationTimestamp":"\#(at(age))",
          "labels":{"app":"web","pod-template-hash":"\#(hash)"},"annotations":{"deployment.kubernetes.io/revision":"\#(revision)"},
          "ownerReferences":[{"kind":"Deployment","name":"web","uid":"d-1","controller":true}]},
         "spec":{"replicas":\#(desired),"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"\#(hash)"}},"spec":{"containers":[{"name":"web","image":"\#(image)"}]}}},
         "status":{"replicas":\#(desired),"readyReplicas":\#(ready),"availableReplicas":\#(ready),"observedGeneration":1}}
        """#
    }

    /// Revision 3 (`web:3`) has 1 of 2 pods ready; revision 2 still runs 1 pod; revision 1 is scaled down.
    static var objects: ObjectSet {
        let deployment = #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"demo","uid":"d-1","generation":4,"creationTimestamp":"\#(at(3600))",
          "annotations":{"deployment.kubernetes.io/revision":"3"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:3"}]}}},
         "status":{"observedGeneration":4,"replicas":3,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}}
        """#
        let items = [deployment,
                     replicaSet("aaa", revision: 1, image: "web:1", desired: 0, ready: 0, age: 3600),
                     replicaSet("ccc", revision: 3, image: "web:3", desired: 2, ready: 1, age: 60),
                     replicaSet("bbb", revision: 2, image: "web:2", desired: 1, ready: 1, age: 1800),
                     pod("web-bbb-p1", owner: "rs-bbb", ready: true, age: 1800),
                     pod("web-ccc-p2", owner: "rs-ccc", ready: false, age: 30),
                     pod("web-ccc-p1", owner: "rs-ccc", ready: true, age: 60)]
        return try! ManifestReader.read(Data(#"{"kind":"List","items":[\#(items.joined(separator: ","))]}"#.utf8), file: "list.json")
    }

    @Test func getDeployment() throws {
        let set = Self.objects
        let deployment = try #require(set.deployment(named: "web", namespace: "demo"))
        let info = DeploymentInfo(deployment, objects: set)
        #expect(info.revisions.map(\.revision) == [3, 2, 1])
        let expected = """
        Name:            web
        Namespace:       demo
        Status:          ◌ Progressing
        Message:         Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
        Strategy:        RollingUpdate
        Revision:        3
        Images:          web:2 (old)
                         web:3 (new)
        Replicas:
          Desired:       2
          Current:       3
          Updated:       2
          Ready:         2
          Available:     2

        NAME                   KIND        STATUS               AGE  INFO
        ⧉ web                  Deployment  ◌ Progressing        60m  ready:2/2
        ├──# revision:3
        │  └──⧉ web-ccc        ReplicaSet  ◌ Progressing        60s  new,hash:ccc,ready:1/2
        │     ├──□ web-ccc-p1  Pod         ✔ Running            60s  ready:1/1
        │     └──□ web-ccc-p2  Pod         ◌ ContainerCreating  30s  ready:0/1
        ├──# revision:2
        │  └──⧉ web-bbb        ReplicaSet  ✔ Healthy            30m  hash:bbb,ready:1/1
        │     └──□ web-bbb-p1  Pod         ✔ Running            30m  ready:1/1
        └──# revision:1
           └──⧉ web-aaa        ReplicaSet  • ScaledDown         60m  hash:aaa,ready:0/0

        """
        #expect(DeploymentText.deployment(info, now: Self.now) == expected)
    }

    @Test func listDeployments() throws {
        let set = Self.objects
        let infos = set.deployments.map { DeploymentInfo($0, objects: set) }
        #expect(DeploymentText.list(infos, allNamespaces: false, now: Self.now) == """
        NAME   READY   UP-TO-DATE   AVAILABLE   STATUS        REVISION   AGE
        web    2/2     2            2           Progressing   3          60m

        """)
        #expect(DeploymentText.list(infos, allNamespaces: true, now: Self.now).hasPrefix("NAMESPACE   NAME   READY"))
        #expect(DeploymentText.list([], allNamespaces: false, now: Self.now) == "")
    }

    /// Only ReplicaSets the Deployment controls belong to its tree.
    @Test func foreignReplicaSetsStayOut() throws {
        var set = Self.objects
        var stranger = set.replicaSets[0]
        stranger.metadata.name = "stranger"
        stranger.metadata.ownerReferences = [OwnerReference(kind: "Deployment", name: "web", uid: "d-1", controller: false)]
        set.replicaSets.append(stranger)
        let info = DeploymentInfo(try #require(set.deployment(named: "web", namespace: "demo")), objects: set)
        #expect(!info.revisions.flatMap(\.replicaSets).map(\.name).contains("stranger"))
    }
}
