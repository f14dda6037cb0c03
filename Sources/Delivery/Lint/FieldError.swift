/// One finding of `lint`, worded as apimachinery's `field.Error` is (`Error()`:
/// `<path>: <type>: <value>: <detail>`), which is what the plugin prints.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// `field.ErrorType`'s text.
    public enum Kind: String, Sendable, Hashable {
        case invalid = "Invalid value"
        case required = "Required value"
        case `internal` = "Internal error"
    }

    /// A bad value as Go's `ErrorBody` prints it: numbers and booleans bare (`%v`), strings quoted
    /// (`%q`), anything else as Go's `%#v` of the typed value (written out by the rule).
    public enum Value: Sendable, Hashable {
        case int(Int64)
        case bool(Bool)
        case string(String)
        case goSyntax(String)

        var text: String {
            switch self {
            case .int(let n): "\(n)"
            case .bool(let b): "\(b)"
            case .string(let s): GoSyntax.quoted(s)
            case .goSyntax(let s): s
            }
        }
    }

    public var path: String
    public var kind: Kind
    /// Printed only for `invalid` (a required value or an internal error has none).
    public var value: Value?
    public var detail: String

    public static func invalid(_ path: String, _ value: Value, _ detail: String) -> FieldError {
        FieldError(path: path, kind: .invalid, value: value, detail: detail)
    }

    public static func required(_ path: String, _ detail: String) -> FieldError {
        FieldError(path: path, kind: .required, value: nil, detail: detail)
    }

    public static func `internal`(_ path: String, _ detail: String) -> FieldError {
        FieldError(path: path, kind: .internal, value: nil, detail: detail)
    }

    /// `ErrorBody()`: the type, the value and the detail, without the path.
    public var body: String {
        var text = kind.rawValue
        if kind == .invalid { text += ": " + (value?.text ?? "null") }
        return detail.isEmpty ? text : text + ": " + detail
    }

    /// `Error()`: `spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100`.
    public var description: String { "\(path): \(body)" }
}

/// Go's `%q` and `%#v`, as kubectl and the plugin print values (lint's findings, kubectl's
/// rollout messages).
enum GoSyntax {
    /// `%q`: double-quoted with Go's escapes (non-printable characters as `\x`/`\u`).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{7}": out += "\\a"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\u{B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else if scalar != " ", !scalar.properties.isPrintableInGo {
                    out += (scalar.value > 0xFFFF ? "\\U" + String(scalar.value, radix: 16).leftPadded(to: 8)
                            : "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `%#v` of a `map[string]string`: keys sorted, `map[string]string{"a":"b", "c":"d"}`.
    static func stringMap(_ map: [String: String]?) -> String {
        guard let map else { return "map[string]string(nil)" }
        return "map[string]string{" + map.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(quoted($0.value))" }.joined(separator: ", ") + "}"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

private extension Unicode.Scalar.Properties {
    /// Close to Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    var isPrintableInGo: Bool {
        switch generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
        case .spaceSeparator: false
        default: true
        }
    }
}
