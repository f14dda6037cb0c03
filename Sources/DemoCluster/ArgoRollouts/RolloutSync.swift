import Foundation
import JSONValue

/// One reconcile of one Rollout: what the controller read and what it decided. The strategies
/// edit `status` and `desired` (replicas per ReplicaSet name) and ask for analysis runs or
/// wake-ups; the controller then writes everything through the API.
struct RolloutSync {
    let rollout: JSON
    let now: Date
    let replicas: Int
    let hash: String
    let revision: Int
    var status: JSON
    var newRS: JSON
    /// Every ReplicaSet owned by the Rollout, the new one included.
    var sets: [JSON]
    var desired: [String: Int] = [:]
    var wakeups: [Date] = []
    /// Set when an analysis run failed during this reconcile (the message goes into the condition).
    var abortMessage: String?

    var spec: JSON { rollout["spec"] ?? [:] }
    var stableHash: String { status["stableRS"]?.stringValue ?? "" }
    var aborted: Bool { status["abort"]?.boolValue == true }
    var manuallyPaused: Bool { spec["paused"]?.boolValue == true }
    var pauseConditions: [JSON] { status["pauseConditions"]?.arrayValue ?? [] }
    var controllerPause: Bool { status["controllerPause"]?.boolValue == true }

    func replicaSet(hash: String) -> JSON? { sets.first { $0.label("rollouts-pod-template-hash") == hash } }
    func available(_ rs: JSON?) -> Int { rs?[path: ["status", "availableReplicas"]]?.countValue ?? 0 }
    func specReplicas(_ rs: JSON?) -> Int { rs?[path: ["spec", "replicas"]]?.countValue ?? 0 }

    /// Every ReplicaSet except the new and the stable one goes to zero unless told otherwise.
    mutating func scaleDownOthers(keeping keep: Set<String>) {
        for rs in sets where !keep.contains(rs.name) && desired[rs.name] == nil { desired[rs.name] = 0 }
    }

    mutating func addPause(_ reason: String) {
        status["pauseConditions"] = [["reason": .string(reason), "startTime": timestamp(now)]]
        status["controllerPause"] = true
    }

    mutating func clearPause() {
        status["pauseConditions"] = nil
        status["controllerPause"] = nil
    }

    /// True when an operator cleared the controller's pause (promote) and the controller has not reacted yet.
    var resumedByOperator: Bool { controllerPause && pauseConditions.isEmpty }

    func pauseStart(_ reason: String) -> Date? {
        pauseConditions.first { $0["reason"]?.stringValue == reason }.flatMap { date($0["startTime"]) }
    }
}
