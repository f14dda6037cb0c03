import JSONValue
import Yams

extension JSON {
    /// A composed YAML node as JSON, as kubectl turns a YAML manifest into JSON before decoding it:
    /// a plain scalar's resolved tag (YAML 1.1's null, bool, int and float) makes it a JSON null,
    /// boolean or number, every other scalar (quoted, timestamps) is a string, and mappings keep
    /// their order. An integer beyond `Int64` becomes a double, as in a JSON number; an infinite or
    /// NaN float, which JSON cannot hold, stays the text it was written as. A mapping key is its text.
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: self = .null
            case .bool: self = Bool.construct(from: scalar).map(JSON.bool) ?? .string(scalar.string)
            case .int:
                if let i = Int.construct(from: scalar) { self = .int(Int64(i)) }
                else if let d = Double.construct(from: scalar), d.isFinite { self = .double(d) }
                else { self = .string(scalar.string) }
            case .float:
                if let d = Double.construct(from: scalar), d.isFinite { self = .double(d) } else { self = .string(scalar.string) }
            default: self = .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping { object[key.string ?? ""] = JSON(yaml: value) }
            self = .object(object)
        case .sequence(let sequence):
            self = .array(sequence.map { JSON(yaml: $0) })
        case .alias:
            // The parser resolves aliases while composing; a node left as an alias holds no value.
            self = .null
        }
    }
}
