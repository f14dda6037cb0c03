import Foundation
import JSONValue
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
/// Each document is parsed once into a `JSON` value (JSON text by `JSONParser`, YAML by Yams and
/// converted as kubectl converts it), and its objects are decoded from that value by the same
/// decoder that reads the cluster's answers, so a dump reads exactly as the live objects do.
public enum ManifestReader {
    /// Parses `text`; `file` names it in errors (`-` for standard input).
    public static func read(_ text: String, file: String) throws(ManifestError) -> ObjectSet {
        // JSON (a kubectl `-o json` dump) is read as JSON, several times faster than composing YAML
        // nodes; anything it cannot take is read as YAML, whose errors carry lines.
        if text.first(where: { !$0.isWhitespace }) == "{", let set = readJSON(Data(text.utf8)) { return set }
        return try readYAML(text, file: file)
    }

    /// The JSON fast path: nil when the text is not a JSON object or an object does not decode.
    static func readJSON(_ data: Data) -> ObjectSet? {
        guard let root = try? JSON(parsing: data), root.objectValue != nil else { return nil }
        var set = ObjectSet()
        do { try add(root, to: &set) } catch { return nil }
        return set
    }

    /// Reads YAML documents one by one, so an error names its document and line.
    static func readYAML(_ text: String, file: String) throws(ManifestError) -> ObjectSet {
        var set = ObjectSet()
        try eachYAMLDocument(text, file: file) { (root, node, document) throws(ManifestError) in
            do throws(ObjectFailure) {
                try add(root, to: &set)
            } catch {
                let at = locate(error.path, in: node) ?? node
                throw ManifestError(file: file, document: document, line: at.mark.map { $0.line }, reason: error.reason)
            }
        }
        return set
    }

    /// Every document of `text` as a JSON value, in order, empty ones skipped (a JSON text is one
    /// document): what `lint` checks, field by field, as written.
    public static func documents(_ text: String, file: String) throws(ManifestError) -> [JSON] {
        if text.first(where: { !$0.isWhitespace }) == "{", let root = try? JSON(parsing: Data(text.utf8)), root.objectValue != nil {
            return [root]
        }
        var roots: [JSON] = []
        try eachYAMLDocument(text, file: file) { (root, _, _) throws(ManifestError) in roots.append(root) }
        return roots
    }

    /// Calls `body` with each non-empty YAML document: its JSON value, its node (for lines) and its number from 1.
    private static func eachYAMLDocument(_ text: String, file: String,
                                         _ body: (JSON, Node, Int) throws(ManifestError) -> Void) throws(ManifestError) {
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
            guard case .mapping = root else {
                if root.null != nil { continue }
                throw ManifestError(file: file, document: document, line: root.mark.map { $0.line }, reason: "expected an object")
            }
            try body(JSON(yaml: root), root, document)
        }
    }

    /// Reads `Data` (UTF-8).
    public static func read(_ data: Data, file: String) throws(ManifestError) -> ObjectSet {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: file, document: 1, line: nil, reason: "not UTF-8 text")
        }
        return try read(text, file: file)
    }

    /// An object of a document that did not decode: where it is (from the document's root) and why.
    struct ObjectFailure: Error {
        var path: [any CodingKey]
        var reason: String
    }

    /// A member name or an index, for a failure's path.
    private struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) {
            self.intValue = intValue
            stringValue = "\(intValue)"
        }
    }

    /// Adds one object, or the items of a `List` (an item without `kind` takes a typed list's).
    private static func add(_ object: JSON, defaultKind: String? = nil, at path: [any CodingKey] = [],
                            to set: inout ObjectSet) throws(ObjectFailure) {
        guard object.objectValue != nil else { return }
        let kind = object["kind"]?.stringValue ?? defaultKind ?? ""
        if kind == "List" || (kind.hasSuffix("List") && object["items"] != nil) {
            let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
            let itemsPath = path + [PathKey(stringValue: "items")]
            for (i, item) in (object["items"]?.arrayValue ?? []).enumerated() {
                try add(item, defaultKind: itemKind, at: itemsPath + [PathKey(intValue: i)], to: &set)
            }
            return
        }
        do {
            try decode(object, kind: kind, into: &set)
        } catch let error as DecodingError {
            let (at, text) = describe(error)
            throw ObjectFailure(path: path + at, reason: "\(kind) \(object[path: ["metadata", "name"]]?.stringValue ?? ""): \(text)")
        } catch {
            throw ObjectFailure(path: path, reason: "\(error)")
        }
    }

    private static func decode(_ object: JSON, kind: String, into set: inout ObjectSet) throws {
        guard let entry = ObjectSetKind.named(kind) else { return }
        func decode<T: KubeObject>(_ type: T.Type) throws -> any KubeObject { try object.decode(as: type) }
        entry.append([try decode(entry.type)], to: &set)
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
