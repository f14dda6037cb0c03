import Foundation
import KubeModel
import Testing
@testable import Delivery

/// `kubectl rollout status` on a Deployment (`DeploymentStatusViewer.Status`): one row per branch
/// of kubectl's function, with kubectl's exact strings, and the console's phase for each.
@Suite struct DeploymentStatusTests {
    /// A Deployment decoded from its JSON, as from a server or a dump.
    static func deployment(_ json: String) -> Deployment {
        try! JSONDecoder().decode(Deployment.self, from: Data(json.utf8))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let verdict: DeploymentStatus.Verdict
        let message: String
        let phase: RolloutPhase
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "spec not observed yet",
            json: #"{"metadata":{"name":"web","generation":3},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":3}}"#,
            verdict: .waiting, message: "Waiting for deployment spec update to be observed...", phase: .progressing),
        Row(name: "not observed wins over a deadline exceeded",
            json: #"{"metadata":{"name":"web","generation":3},"spec":{"replicas":3},"status":{"observedGeneration":2,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}}"#,
            verdict: .waiting, message: "Waiting for deployment spec update to be observed...", phase: .progressing),
        Row(name: "progress deadline exceeded",
            json: #"{"metadata":{"name":"web","generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded","message":"ReplicaSet \"web-5d\" has timed out progressing."}]}}"#,
            verdict: .failed, message: #"deployment "web" exceeded its progress deadline"#, phase: .degraded),
        Row(name: "deadline exceeded on a paused deployment is still a failure",
            json: #"{"metadata":{"name":"web"},"spec":{"replicas":3,"paused":true},"status":{"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}}"#,
            verdict: .failed, message: #"deployment "web" exceeded its progress deadline"#, phase: .degraded),
        Row(name: "new replicas still being updated",
            json: #"{"metadata":{"name":"web","generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"availableReplicas":3,"conditions":[{"type":"Progressing","status":"True","reason":"ReplicaSetUpdated"}]}}"#,
            verdict: .waiting, message: #"Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated..."#, phase: .progressing),
        Row(name: "paused mid-rollout: kubectl still waits, the console says Paused",
            json: #"{"metadata":{"name":"web","generation":2},"spec":{"replicas":3,"paused":true},"status":{"observedGeneration":2,"replicas":4,"updatedReplicas":1,"conditions":[{"type":"Progressing","status":"Unknown","reason":"DeploymentPaused"}]}}"#,
            verdict: .waiting, message: #"Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated..."#, phase: .paused),
        Row(name: "old replicas pending termination",
            json: #"{"metadata":{"name":"web","generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":5,"updatedReplicas":3,"availableReplicas":3}}"#,
            verdict: .waiting, message: #"Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination..."#, phase: .progressing),
        Row(name: "updated replicas not yet available",
            json: #"{"metadata":{"name":"web","generation":2},"spec":{"replicas":3},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":1}}"#,
            verdict: .waiting, message: #"Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available..."#, phase: .progressing),
        Row(name: "available absent counts as zero",
            json: #"{"metadata":{"name":"web"},"spec":{"replicas":2},"status":{"replicas":2,"updatedReplicas":2}}"#,
            verdict: .waiting, message: #"Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available..."#, phase: .progressing),
        Row(name: "rolled out",
            json: #"{"metadata":{"name":"web","generation":4},"spec":{"replicas":3},"status":{"observedGeneration":4,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,"conditions":[{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}}"#,
            verdict: .rolledOut, message: #"deployment "web" successfully rolled out"#, phase: .healthy),
        Row(name: "rolled out and paused",
            json: #"{"metadata":{"name":"web"},"spec":{"replicas":1,"paused":true},"status":{"replicas":1,"updatedReplicas":1,"availableReplicas":1}}"#,
            verdict: .rolledOut, message: #"deployment "web" successfully rolled out"#, phase: .paused),
        Row(name: "no spec.replicas skips the updated check",
            json: #"{"metadata":{"name":"web"},"status":{}}"#,
            verdict: .rolledOut, message: #"deployment "web" successfully rolled out"#, phase: .healthy),
        Row(name: "scaled to zero",
            json: #"{"metadata":{"name":"web","generation":5},"spec":{"replicas":0},"status":{"observedGeneration":5}}"#,
            verdict: .rolledOut, message: #"deployment "web" successfully rolled out"#, phase: .healthy),
        Row(name: "a name is quoted as Go's %q",
            json: #"{"metadata":{"name":"we\"b\u001b"},"status":{}}"#,
            verdict: .rolledOut, message: #"deployment "we\"b\x1b" successfully rolled out"#, phase: .healthy),
    ]

    @Test(arguments: rows)
    func status(_ row: Row) {
        let status = DeploymentStatus.of(Self.deployment(row.json))
        #expect(status == DeploymentStatus(verdict: row.verdict, message: row.message, phase: row.phase))
        #expect(status.rolloutStatus == RolloutStatus(row.phase.rawValue, row.message))
    }

    /// `--revision=N`: kubectl's refusals before the status.
    @Test func revisionCheck() throws {
        let rev2 = Self.deployment(#"{"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"2"}},"status":{}}"#)
        #expect(try DeploymentStatus.of(rev2, revision: 2).verdict == .rolledOut)
        #expect(throws: ActionError("desired revision (3) is different from the running revision (2)")) { try DeploymentStatus.of(rev2, revision: 3) }
        let none = Self.deployment(#"{"metadata":{"name":"web"},"status":{}}"#)
        #expect(throws: ActionError("desired revision (1) is different from the running revision (0)")) { try DeploymentStatus.of(none, revision: 1) }
        let bad = Self.deployment(#"{"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"two"}},"status":{}}"#)
        #expect(throws: ActionError(#"cannot get the revision of deployment "web": strconv.ParseInt: parsing "two": invalid syntax"#)) {
            try DeploymentStatus.of(bad, revision: 1)
        }
        let huge = Self.deployment(#"{"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"99999999999999999999"}},"status":{}}"#)
        #expect(throws: ActionError(#"cannot get the revision of deployment "web": strconv.ParseInt: parsing "99999999999999999999": value out of range"#)) {
            try DeploymentStatus.of(huge, revision: 1)
        }
    }

    /// Absent fields decode as absent; the new spec fields decode when present.
    @Test func tolerantDecoding() {
        let empty = Self.deployment("{}")
        #expect(empty.spec.paused == nil && empty.spec.strategy == nil && empty.status.conditions == nil && empty.revision == 0)
        let full = Self.deployment(#"{"metadata":{"name":"w"},"spec":{"paused":true,"strategy":{"type":"Recreate","rollingUpdate":null}},"status":{"observedGeneration":7}}"#)
        #expect(full.spec.paused == true && full.spec.strategy?.type == "Recreate" && full.status.observedGeneration == 7)
    }
}
