/// Why a JSON patch (RFC 6902) could not be applied; `message` is shown to the API client.
public struct JSONPatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension JSON {
    /// Applies a JSON patch document (RFC 6902): add, remove, replace, move, copy, test.
    /// The whole patch applies or none of it does.
    public func applyingJSONPatch(_ patch: JSON) throws -> JSON {
        guard case .array(let operations) = patch else { throw JSONPatchError(message: "a JSON patch must be an array of operations") }
        var doc = self
        for (n, op) in operations.enumerated() {
            guard let name = op["op"]?.stringValue else { throw JSONPatchError(message: "operation \(n) has no \"op\"") }
            guard let pathText = op["path"]?.stringValue else { throw JSONPatchError(message: "operation \(n) has no \"path\"") }
            let path = try JSONPointer(pathText)
            switch name {
            case "add":
                guard let value = op["value"] else { throw JSONPatchError(message: "add operation does not contain a value") }
                doc = try doc.adding(value, at: path.tokens)
            case "remove":
                doc = try doc.removing(at: path.tokens).0
            case "replace":
                guard let value = op["value"] else { throw JSONPatchError(message: "replace operation does not contain a value") }
                _ = try doc.removing(at: path.tokens)
                doc = try doc.replacing(at: path.tokens, with: value)
            case "move":
                guard let fromText = op["from"]?.stringValue else { throw JSONPatchError(message: "move operation has no \"from\"") }
                let (without, value) = try doc.removing(at: JSONPointer(fromText).tokens)
                doc = try without.adding(value, at: path.tokens)
            case "copy":
                guard let fromText = op["from"]?.stringValue else { throw JSONPatchError(message: "copy operation has no \"from\"") }
                guard let value = doc.value(at: try JSONPointer(fromText).tokens) else {
                    throw JSONPatchError(message: "copy operation does not apply: doc is missing from path: \(fromText)")
                }
                doc = try doc.adding(value, at: path.tokens)
            case "test":
                guard let expected = op["value"] else { throw JSONPatchError(message: "test operation does not contain a value") }
                guard let actual = doc.value(at: path.tokens), actual == expected else {
                    throw JSONPatchError(message: "testing value \(pathText) failed: test failed")
                }
            default:
                throw JSONPatchError(message: "Unexpected kind: \(name)")
            }
        }
        return doc
    }

    /// The value a pointer's tokens designate, or nil.
    public func value(at tokens: [String]) -> JSON? {
        var node = self
        for t in tokens {
            switch node {
            case .object(let o): guard let next = o[t] else { return nil }; node = next
            case .array(let a): guard let i = Int(t), a.indices.contains(i) else { return nil }; node = a[i]
            default: return nil
            }
        }
        return node
    }

    private func adding(_ value: JSON, at tokens: [String]) throws -> JSON {
        guard let first = tokens.first else { return value }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(var o):
            if rest.isEmpty { o[first] = value; return .object(o) }
            guard let child = o[first] else { throw JSONPatchError(message: "add operation does not apply: doc is missing path: /\(tokens.joined(separator: "/"))") }
            o[first] = try child.adding(value, at: rest)
            return .object(o)
        case .array(var a):
            if rest.isEmpty {
                if first == "-" { a.append(value); return .array(a) }
                guard let i = Int(first), i >= 0, i <= a.count else { throw JSONPatchError(message: "add operation does not apply: index \(first) out of bounds") }
                a.insert(value, at: i)
                return .array(a)
            }
            guard let i = Int(first), a.indices.contains(i) else { throw JSONPatchError(message: "add operation does not apply: index \(first) out of bounds") }
            a[i] = try a[i].adding(value, at: rest)
            return .array(a)
        default:
            throw JSONPatchError(message: "add operation does not apply: doc is missing path: /\(tokens.joined(separator: "/"))")
        }
    }

    private func replacing(at tokens: [String], with value: JSON) throws -> JSON {
        guard let first = tokens.first else { return value }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(var o):
            guard let child = o[first] else { throw JSONPatchError(message: "replace operation does not apply: doc is missing key: /\(tokens.joined(separator: "/"))") }
            o[first] = try child.replacing(at: rest, with: value)
            return .object(o)
        case .array(var a):
            guard let i = Int(first), a.indices.contains(i) else { throw JSONPatchError(message: "replace operation does not apply: index \(first) out of bounds") }
            a[i] = try a[i].replacing(at: rest, with: value)
            return .array(a)
        default:
            throw JSONPatchError(message: "replace operation does not apply: doc is missing key: /\(tokens.joined(separator: "/"))")
        }
    }

    private func removing(at tokens: [String]) throws -> (JSON, JSON) {
        guard let first = tokens.first else { throw JSONPatchError(message: "remove operation does not apply: cannot remove the root") }
        let rest = Array(tokens.dropFirst())
        switch self {
        case .object(var o):
            guard let child = o[first] else { throw JSONPatchError(message: "remove operation does not apply: doc is missing path: /\(tokens.joined(separator: "/"))") }
            if rest.isEmpty { o[first] = nil; return (.object(o), child) }
            let (newChild, removed) = try child.removing(at: rest)
            o[first] = newChild
            return (.object(o), removed)
        case .array(var a):
            guard let i = Int(first), a.indices.contains(i) else { throw JSONPatchError(message: "remove operation does not apply: index \(first) out of bounds") }
            if rest.isEmpty { let removed = a.remove(at: i); return (.array(a), removed) }
            let (newChild, removed) = try a[i].removing(at: rest)
            a[i] = newChild
            return (.array(a), removed)
        default:
            throw JSONPatchError(message: "remove operation does not apply: doc is missing path: /\(tokens.joined(separator: "/"))")
        }
    }
}

/// A JSON pointer (RFC 6901), split into unescaped tokens.
public struct JSONPointer: Sendable, Equatable {
    public var tokens: [String]

    public init(_ text: String) throws {
        if text.isEmpty { tokens = []; return }
        guard text.hasPrefix("/") else { throw JSONPatchError(message: "invalid JSON pointer \"\(text)\": must start with /") }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}
