import Foundation

extension JSON {
    /// Compact JSON bytes (no spaces), members in their stored order, as kube-apiserver writes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    public var data: Data { Data(serialized()) }

    /// Compact JSON text.
    public var text: String { String(decoding: serialized(), as: UTF8.self) }

    /// Appends the compact serialization to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .double(let v):
            if v.isFinite {
                if v.rounded() == v, abs(v) < 1e15 { out.append(contentsOf: String(Int64(v)).utf8) } else { out.append(contentsOf: "\(v)".utf8) }
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (n, e) in a.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                e.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o): JSON.writeObject(o, to: &out) { value, _, out in value.write(to: &out) }
        }
    }

    /// `{"key":value,…}` of `members` in their order, each value written by `value` (given the
    /// value, its key and the output): the one object writer, for a whole encode and for
    /// `PartialJSONObject`'s, which copies some values as text.
    static func writeObject(_ members: JSONObject, to out: inout [UInt8],
                            value: (JSON, String, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for m in members {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSON.writeString(m.key, to: &out)
            out.append(UInt8(ascii: ":"))
            value(m.value, m.key, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Copies each run of bytes that need no escape at once (a Kubernetes object's strings
    /// are almost all such runs), escaping the rest one by one.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var start = 0
            for (i, c) in utf8.enumerated() where c == 0x22 || c == 0x5C || c < 0x20 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                switch c {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hexDigits[Int(c >> 4)])
                    out.append(hexDigits[Int(c & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
