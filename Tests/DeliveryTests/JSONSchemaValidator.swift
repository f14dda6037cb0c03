import Foundation
@testable import Delivery

/// A small JSON Schema validator for the keywords `docs/output-schema.md` uses: `type`, `enum`,
/// `const`, `required`, `properties`, `additionalProperties: false`, `items` and local `$ref`s.
struct JSONSchemaValidator {
    let root: AnyJSON

    /// The schema block of `docs/output-schema.md`.
    static func fromDocs() throws -> JSONSchemaValidator {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/output-schema.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: "```json\n"), let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return JSONSchemaValidator(root: try JSONDecoder().decode(AnyJSON.self, from: Data(text[start.upperBound..<end.lowerBound].utf8)))
    }

    func definition(_ name: String) -> AnyJSON { root["$defs"]?[name] ?? .null }

    /// Every violation, as `path: problem`.
    func errors(_ value: AnyJSON, against schema: AnyJSON, at path: String = "$") -> [String] {
        if case .string(let ref)? = schema["$ref"] {
            return errors(value, against: definition(String(ref.dropFirst("#/$defs/".count))), at: path)
        }
        var out: [String] = []
        if let c = schema["const"], c != value { out.append("\(path): expected \(c.jsonText)") }
        if case .array(let options)? = schema["enum"], !options.contains(value) { out.append("\(path): \(value.jsonText) not in enum") }
        if case .string(let type)? = schema["type"] {
            let ok: Bool = switch (type, value) {
            case ("object", .object), ("array", .array), ("string", .string), ("integer", .int), ("boolean", .bool): true
            default: false
            }
            if !ok { out.append("\(path): expected \(type), got \(value.jsonText.prefix(40))"); return out }
        }
        if case .object(let object) = value {
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where object[key] == nil { out.append("\(path): missing \(key)") }
            }
            let properties: [String: AnyJSON] = if case .object(let p)? = schema["properties"] { p } else { [:] }
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
