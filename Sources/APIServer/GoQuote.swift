import Foundation

/// Go's `%q` for a value echoed in a message: printable text as is, every control or
/// non-printing character escaped (`\x1b`, `\u202e`), so no request can put raw control bytes
/// into a Status that a client then prints.
enum GoQuote {
    static func quote(_ s: String, limit: Int = 256) -> String {
        var out = "\""
        var count = 0
        for scalar in s.unicodeScalars {
            count += 1
            if count > limit { out += "…"; break }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = scalar.value
                let invisible = v < 0x20 || (0x7F...0x9F).contains(v) || (0x200B...0x200F).contains(v)
                    || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0xFEFF
                if !invisible {
                    out.unicodeScalars.append(scalar)
                } else if v < 0x100 {
                    out += String(format: "\\x%02x", v)
                } else {
                    out += String(format: "\\u%04x", v)
                }
            }
        }
        return out + "\""
    }
}
