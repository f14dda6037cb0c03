import Foundation
import JSONValue
@testable import Delivery

/// A small JSON Schema validator for the keywords `docs/output-schema.md` uses: `type`, `enum`,
/// `const`, `required`, `properties`, `additionalProperties: false`, `items` and local `$ref`s.
struct JSONSchemaValidator {
    let root: JSON

    /// The schema block of `docs/output-schema.md`.
    static func fromDocs() throws -> JSONSchemaValidator {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/output-schema.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: "```json\n"), let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return JSONSchemaValidator(root: try JSON(parsing: String(text[start.upperBound..<end.lowerBound])))
    }

    func definition(_ name: String) -> JSON { root["$defs"]?[name] ?? .null }

    /// Every violation, as `path: problem`.
    func errors(_ value: JSON, against schema: JSON, at path: String = "$") -> [String] {
        if case .string(let ref)? = schema["$ref"] {
            return errors(value, against: definition(String(ref.dropFirst("#/$defs/".count))), at: path)
        }
        var out: [String] = []
        if let c = schema["const"], c != value { out.append("\(path): expected \(c.text)") }
        if case .array(let options)? = schema["enum"], !options.contains(value) { out.append("\(path): \(value.text) not in enum") }
        if case .string(let type)? = schema["type"] {
            let ok: Bool = switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("integer", .int), ("boolean", .bool): true
            default: false
            }
            if !ok { out.append("\(path): expected \(type), got \(value.text.prefix(40))"); return out }
        }
        if case .object(let object) = value {
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where object[key] == nil { out.append("\(path): missing \(key)") }
            }
            let properties: JSONObject = if case .object(let p)? = schema["properties"] { p } else { JSONObject() }
            for (key, member) in object {
                if let sub = properties[key] {
                    out += errors(member, against: sub, at: "\(path).\(key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    out.append("\(path): unexpected \(key)")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { out += errors(item, against: itemSchema, at: "\(path)[\(i)]") }
        }
        return out
    }
}
