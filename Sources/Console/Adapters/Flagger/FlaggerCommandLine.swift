import Foundation
import KubeModel
import Delivery

/// Flagger on the command line: `get|list canary`.
extension CommandLineKind {
    /// A canary's tree: its primary and canary Deployments, their pods, and its gates.
    static let canaries = CommandLineKind(
        resource: .canaries, summary: "A Flagger canary with its primary and canary Deployments, pods and gates.",
        get: Get(reads: [.canaries, .deployments, .pods], notFoundName: "canary.flagger.app", find: { set, name in
            set.canary(named: name, namespace: nil).map { c in
                let phase = c.status.phase ?? ""
                return (CanaryInfo(c, objects: set), phase == "Succeeded" ? 0 : phase == "Failed" ? 1 : nil)
            }
        }, text: { CanaryText.canary($0, now: $1, style: $2) }, document: OutputDocuments.canary),
        list: List(reads: { _ in [.canaries, .deployments, .pods] }, table: { set, request, now in
            CanaryText.listTable(set.canaries.map { CanaryInfo($0, objects: set) }, allNamespaces: request.allNamespaces, wide: request.wide, now: now)
        }, document: { set in OutputDocuments.canaries(set.canaries.map { CanaryInfo($0, objects: set) }) },
        watching: .repaint))
}
