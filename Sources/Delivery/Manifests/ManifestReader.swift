import Foundation
import KubeModel
import Yams

/// A manifest that cannot be read: which file, which document (1-based) and which line.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based position of the YAML document in the stream.
    public var document: Int
    /// 1-based line, when known.
    public var line: Int?
    public var reason: String

    public init(file: String, document: Int, line: Int?, reason: String) {
        self.file = file
        self.document = document
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let at = line.map { ", line \($0)" } ?? ""
        return "\(file): document \(document)\(at): \(reason)"
    }
}

/// Reads YAML (one or several `---` documents) or JSON text into an `ObjectSet`: single objects,
/// kubectl `List`s (`kind: List`, `items`) and typed lists (`RolloutList`, `PodList`, ...).
/// Kinds rollscope does not use are skipped; empty documents are allowed.
public enum ManifestReader {
    /// Parses `text`; `file` names it in errors (`-` for standard input).
    public static func read(_ text: String, file: String) throws(ManifestError) -> ObjectSet {
        // JSON (a kubectl `-o json` dump) takes Foundation's decoder, several times faster than
        // composing YAML nodes; anything it cannot take is read as YAML, whose errors carry lines.
        if text.first(where: { !$0.isWhitespace }) == "{", let set = readJSON(Data(text.utf8)) { return set }
        return try readYAML(text, file: file)
    }

    /// The JSON fast path: nil when the text is not a JSON object or an object does not decode.
    static func readJSON(_ data: Data) -> ObjectSet? {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        var set = ObjectSet()
        func add(_ object: [String: Any], defaultKind: String?) -> Bool {
            let kind = object["kind"] as? String ?? defaultKind ?? ""
            if kind == "List" || (kind.hasSuffix("List") && object["items"] != nil) {
                let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
                for case let item as [String: Any] in object["items"] as? [Any] ?? [] where !add(item, defaultKind: itemKind) { return false }
                return true
            }
            guard let entry = ObjectSetKind.named(kind) else { return true }
            guard let bytes = try? JSONSerialization.data(withJSONObject: object) else { return false }
            let decoder = JSONDecoder()
            func decode<T: KubeObject>(_ type: T.Type) throws -> any KubeObject { try decoder.decode(type, from: bytes) }
            do {
                entry.append([try decode(entry.type)], to: &set)
            } catch {
                return false
            }
            return true
        }
        return add(root, defaultKind: nil) ? set : nil
    }

    /// Reads YAML documents one by one, so an error names its document and line.
    static func readYAML(_ text: String, file: String) throws(ManifestError) -> ObjectSet {
        var set = ObjectSet()
        let parser: Parser
        do {
            parser = try Parser(yaml: text)
        } catch {
            throw ManifestError(file: file, document: 1, line: line(of: error), reason: reason(of: error))
        }
        var document = 0
        while true {
            document += 1
            let root: Node?
            do {
                root = try parser.nextRoot()
            } catch {
                throw ManifestError(file: file, document: document, line: line(of: error), reason: reason(of: error))
            }
            guard let root else { break }
            try add(root, to: &set, file: file, document: document)
        }
        return set
    }

    /// Reads `Data` (UTF-8).
    public static func read(_ data: Data, file: String) throws(ManifestError) -> ObjectSet {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: file, document: 1, line: nil, reason: "not UTF-8 text")
        }
        return try read(text, file: file)
    }

    private static func add(_ node: Node, to set: inout ObjectSet, file: String, document: Int) throws(ManifestError) {
        guard case .mapping = node else {
            if node.null != nil { return }
            throw ManifestError(file: file, document: document, line: node.mark.map { $0.line }, reason: "expected an object")
        }
        let kind = node["kind"]?.string ?? ""
        if kind == "List" || (kind.hasSuffix("List") && node["items"] != nil) {
            let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
            for item in node["items"]?.sequence ?? [] {
                if let itemKind, item["kind"] == nil {
                    try decode(item, kind: itemKind, into: &set, file: file, document: document)
                } else {
                    try add(item, to: &set, file: file, document: document)
                }
            }
            return
        }
        try decode(node, kind: kind, into: &set, file: file, document: document)
    }

    private static func decode(_ node: Node, kind: String, into set: inout ObjectSet, file: String, document: Int) throws(ManifestError) {
        guard let entry = ObjectSetKind.named(kind) else { return }
        let decoder = YAMLDecoder()
        func decode<T: KubeObject>(_ type: T.Type) throws -> any KubeObject { try decoder.decode(type, from: node) }
        do {
            entry.append([try decode(entry.type)], to: &set)
        } catch let error as DecodingError {
            let (path, text) = describe(error)
            let at = locate(path, in: node) ?? node
            throw ManifestError(file: file, document: document, line: at.mark.map { $0.line },
                                reason: "\(kind) \(node["metadata"]?["name"]?.string ?? ""): \(text)")
        } catch {
            throw ManifestError(file: file, document: document, line: node.mark.map { $0.line }, reason: "\(error)")
        }
    }

    /// The field path and message of a decoding error (`spec.replicas: expected Int32`).
    private static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        func dotted(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let ctx):
            return (ctx.codingPath, "\(dotted(ctx.codingPath)): expected \(type)")
        case .valueNotFound(let type, let ctx):
            return (ctx.codingPath, "\(dotted(ctx.codingPath)): missing \(type)")
        case .keyNotFound(let key, let ctx):
            return (ctx.codingPath, "\(dotted(ctx.codingPath + [key])): required field missing")
        case .dataCorrupted(let ctx):
            return (ctx.codingPath, "\(dotted(ctx.codingPath)): \(ctx.debugDescription)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    /// The deepest node along a coding path, for its line.
    private static func locate(_ path: [any CodingKey], in node: Node) -> Node? {
        var current = node
        for key in path {
            if let i = key.intValue, let seq = current.sequence, i < seq.count {
                current = seq[i]
            } else if let next = current[key.stringValue] {
                current = next
            } else {
                break
            }
        }
        return current
    }

    /// The 1-based line of a Yams scanner, parser or composer error.
    private static func line(of error: any Error) -> Int? {
        guard let yaml = error as? YamlError else { return nil }
        switch yaml {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func reason(of error: any Error) -> String {
        guard let yaml = error as? YamlError else { return "\(error)" }
        switch yaml {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default:
            return "\(yaml)"
        }
    }
}
