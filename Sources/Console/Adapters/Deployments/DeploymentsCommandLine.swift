import Foundation
import KubeModel
import Delivery

/// Plain Deployments on the command line: `get|list deployment`.
extension CommandLineKind {
    /// A Deployment's revision tree: its ReplicaSets and their pods.
    static let deployments = CommandLineKind(
        resource: .deployments, summary: "A plain Deployment as `kubectl rollout status` sees it, with its revisions, ReplicaSets and pods.",
        get: Get(reads: [.deployments, .replicaSets, .pods], notFoundName: "deployments.apps", find: { set, name in
            set.deployments.first { $0.metadata.name == name }.map { d in
                let verdict = DeploymentStatus.of(d).verdict
                return (DeploymentInfo(d, objects: set), verdict == .rolledOut ? 0 : verdict == .failed ? 1 : nil)
            }
        }, text: { DeploymentText.deployment($0, now: $1, style: $2) }, document: OutputDocuments.deployment),
        list: List(reads: { _ in [.deployments, .replicaSets, .pods] }, table: { set, request, now in
            DeploymentText.listTable(set.deployments.map { DeploymentInfo($0, objects: set) }, allNamespaces: request.allNamespaces, now: now)
        }, document: { set in OutputDocuments.deployments(set.deployments.map { DeploymentInfo($0, objects: set) }) },
        watching: .once))
}
