import JSONValue
import KubeModel

/// The field checks kube-apiserver makes on the built-in kinds whose numbers the simulation
/// reads: the replica counts of Deployments and ReplicaSets are int32 (a number that is not a
/// whole int32 does not decode: 400) and never negative (422 Invalid). Custom resources are
/// checked only as their CRDs' schemas would, which here is not at all: the simulation clamps
/// what it reads from them instead.
enum ObjectValidation {
    /// The int32, non-negative fields of a kind, as paths.
    static func counts(_ r: ResourceType) -> [[String]] {
        switch r {
        case .deployments:
            return [["spec", "replicas"], ["status", "replicas"], ["status", "updatedReplicas"], ["status", "readyReplicas"],
                    ["status", "availableReplicas"], ["status", "unavailableReplicas"]]
        case .replicaSets:
            return [["spec", "replicas"], ["status", "replicas"], ["status", "fullyLabeledReplicas"], ["status", "readyReplicas"],
                    ["status", "availableReplicas"]]
        default:
            return []
        }
    }

    /// Throws the Status kube-apiserver answers for `object` (a whole object as it would be stored).
    static func validate(_ r: ResourceType, _ object: JSON, name: String) throws(APIStatus) {
        for path in counts(r) {
            guard let value = object[path: path], value != .null else { continue }
            let field = path.joined(separator: ".")
            guard let n = value.intValue, let count = Int32(exactly: n) else {
                let text = String(decoding: value.serialized(), as: UTF8.self)
                throw APIErrors.badRequest("\(r.kind) in version \"\(r.version)\" cannot be handled as a \(r.kind): json: cannot unmarshal \(text.prefix(64)) into Go struct field of type int32 (\(field))")
            }
            if count < 0 {
                throw APIErrors.invalid(r, name, field, "Invalid value: \(count): must be greater than or equal to 0")
            }
        }
    }
}
