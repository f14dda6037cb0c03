import JSONValue

/// The self reviews as kubectl sends them: its typed client posts built-in kinds as Kubernetes
/// protobuf (`application/vnd.kubernetes.protobuf`: the magic `k8s\0`, then a `runtime.Unknown`
/// whose `raw` is the review), and `kubectl auth can-i` cannot be told otherwise. This reads
/// just the fields a review's spec has (k8s.io/api authorization/v1 and authentication/v1
/// `generated.proto`) into the JSON body the review is answered from; the answer is JSON, which
/// kubectl accepts too. Every other kind stays JSON only (`APIHandler.parseBody`).
enum SelfReviewProtobuf {
    /// `raw`'s message as its JSON body (`spec` only: metadata and status are the server's), or
    /// nil when the bytes are not a Kubernetes protobuf envelope.
    static func body(_ bytes: [UInt8], review: SelfReview) -> JSON? {
        guard bytes.starts(with: [0x6b, 0x38, 0x73, 0x00]),
              let unknown = fields(bytes[4...]), let raw = unknown[2] else { return nil }
        guard let message = fields(raw) else { return nil }
        var spec: JSON = [:]
        let specFields = message[2].flatMap(fields) ?? [:]
        switch review {
        case .access:
            if let attributes = specFields[1].flatMap(fields) {
                let names = [1: "namespace", 2: "verb", 3: "group", 4: "version", 5: "resource", 6: "subresource", 7: "name"]
                spec["resourceAttributes"] = strings(attributes, names)
            }
            if let attributes = specFields[2].flatMap(fields) {
                spec["nonResourceAttributes"] = strings(attributes, [1: "path", 2: "verb"])
            }
        case .rules:
            if let namespace = specFields[1] { spec["namespace"] = .string(String(decoding: namespace, as: UTF8.self)) }
        case .subject:
            break
        }
        return ["spec": spec]
    }

    private static func strings(_ fields: [Int: ArraySlice<UInt8>], _ names: [Int: String]) -> JSON {
        var o: JSON = [:]
        for (number, name) in names.sorted(by: { $0.key < $1.key }) {
            if let value = fields[number] { o[name] = .string(String(decoding: value, as: UTF8.self)) }
        }
        return o
    }

    /// The length-delimited fields of one message by number (the last of a repeated one);
    /// varint and fixed fields are skipped. Nil on bytes that are not a message.
    private static func fields(_ bytes: ArraySlice<UInt8>) -> [Int: ArraySlice<UInt8>]? {
        var out: [Int: ArraySlice<UInt8>] = [:]
        var i = bytes.startIndex
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.endIndex, shift < 64 {
                let b = bytes[i]
                i += 1
                value |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while i < bytes.endIndex {
            guard let key = varint() else { return nil }
            switch key & 7 {
            case 0: guard varint() != nil else { return nil }
            case 1: i += 8
            case 5: i += 4
            case 2:
                guard let length = varint(), length <= UInt64(bytes.endIndex - i) else { return nil }
                out[Int(key >> 3)] = bytes[i..<(i + Int(length))]
                i += Int(length)
            default: return nil
            }
            if i > bytes.endIndex { return nil }
        }
        return out
    }
}
