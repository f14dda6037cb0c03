import JSONValue

/// The pod-template hash as Kubernetes controllers compute it: FNV-1a (32 bit) over a stable
/// rendering of the template, printed in decimal and passed through `rand.SafeEncodeString`
/// (each byte mapped onto the vowel-free alphabet), so names look like `canary-demo-65fb5ffc84`.
///
/// The template is rendered with object keys sorted, so a template restored by `undo` (whose
/// key order may differ) hashes to the ReplicaSet it came from. The hash label itself is excluded.
enum PodTemplateHash {
    private static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func of(_ template: JSON, excludingLabel label: String = "rollouts-pod-template-hash") -> String {
        var t = template
        t[path: ["metadata", "labels", label]] = nil
        t[path: ["metadata", "labels", "pod-template-hash"]] = nil
        var hash: UInt32 = 2_166_136_261
        var bytes: [UInt8] = []
        render(t, into: &bytes)
        for b in bytes {
            hash ^= UInt32(b)
            hash = hash &* 16_777_619
        }
        return String(String(hash).utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// JSON with sorted keys; `null` members are dropped (an empty field and a missing one hash alike).
    private static func render(_ value: JSON, into out: inout [UInt8]) {
        switch value {
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for m in o.members.filter({ !$0.value.isNull }).sorted(by: { $0.key < $1.key }) {
                JSON.string(m.key).write(to: &out)
                out.append(UInt8(ascii: ":"))
                render(m.value, into: &out)
                out.append(UInt8(ascii: ","))
            }
            out.append(UInt8(ascii: "}"))
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for e in a {
                render(e, into: &out)
                out.append(UInt8(ascii: ","))
            }
            out.append(UInt8(ascii: "]"))
        default:
            value.write(to: &out)
        }
    }
}
