import Foundation
import JSONValue

/// A parsed label selector (`app=web,tier!=db,env in (a,b),!legacy`), matched as kube-apiserver
/// matches: `!=` and `notin` also match objects that lack the key.
public struct LabelSelector: Sendable, Equatable {
    /// One requirement of a selector; all of them must hold.
    public enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
        case greaterThan(String, Int64)
        case lessThan(String, Int64)
    }

    public var requirements: [Requirement]

    public var isEmpty: Bool { requirements.isEmpty }

    /// Parses the selector text; throws a message suitable for a 400 Status.
    public init(_ text: String) throws {
        requirements = []
        var s = Substring(text)
        func skipSpaces() { while s.first == " " { s = s.dropFirst() } }
        func readKey() -> String {
            skipSpaces()
            var key = ""
            while let c = s.first, !" ,=!()<>".contains(c) { key.append(c); s = s.dropFirst() }
            return key
        }
        func readValue() -> String {
            skipSpaces()
            var v = ""
            while let c = s.first, !" ,()".contains(c) { v.append(c); s = s.dropFirst() }
            return v
        }
        func readSet() throws -> Set<String> {
            skipSpaces()
            guard s.first == "(" else { throw SelectorError("unable to parse requirement: found '\(s.first.map(String.init) ?? "")', expected: '('") }
            s = s.dropFirst()
            var values: Set<String> = []
            while true {
                let v = readValue()
                if !v.isEmpty { values.insert(v) }
                skipSpaces()
                if s.first == "," { s = s.dropFirst(); continue }
                if s.first == ")" { s = s.dropFirst(); break }
                throw SelectorError("unable to parse requirement: expected ',' or ')'")
            }
            if values.isEmpty { throw SelectorError("for 'in', 'notin' operators, values set can't be empty") }
            return values
        }
        skipSpaces()
        if s.isEmpty { return }
        while true {
            skipSpaces()
            if s.first == "!" {
                s = s.dropFirst()
                let key = readKey()
                guard !key.isEmpty else { throw SelectorError("found '\(s.first.map(String.init) ?? "")', expected: identifier after '!'") }
                requirements.append(.doesNotExist(key))
            } else {
                let key = readKey()
                guard !key.isEmpty else { throw SelectorError("found '\(s.first.map(String.init) ?? "end of string")', expected: identifier") }
                skipSpaces()
                if s.hasPrefix("==") {
                    s = s.dropFirst(2); requirements.append(.equals(key, readValue()))
                } else if s.hasPrefix("!=") {
                    s = s.dropFirst(2); requirements.append(.notEquals(key, readValue()))
                } else if s.hasPrefix("=") {
                    s = s.dropFirst(); requirements.append(.equals(key, readValue()))
                } else if s.hasPrefix(">") || s.hasPrefix("<") {
                    let greater = s.first == ">"
                    s = s.dropFirst()
                    let v = readValue()
                    guard let n = Int64(v) else { throw SelectorError("for 'Gt', 'Lt' operators, the value must be an integer") }
                    requirements.append(greater ? .greaterThan(key, n) : .lessThan(key, n))
                } else if s.hasPrefix("notin") {
                    s = s.dropFirst(5); requirements.append(.notIn(key, try readSet()))
                } else if s.hasPrefix("in") {
                    s = s.dropFirst(2); requirements.append(.isIn(key, try readSet()))
                } else if s.isEmpty || s.first == "," {
                    requirements.append(.exists(key))
                } else {
                    throw SelectorError("found '\(s.prefix(8))', expected: in, notin, =, ==, !=, gt, lt")
                }
            }
            try LabelSyntax.check(requirements[requirements.count - 1])
            skipSpaces()
            if s.isEmpty { return }
            guard s.first == "," else { throw SelectorError("found '\(s.prefix(8))', expected: ',' or 'end of string'") }
            s = s.dropFirst()
        }
    }

    /// The requirements in a canonical text (sorted, sets sorted): equal for equivalent selectors
    /// however they were written, so a continue token can be bound to the selector.
    public var canonical: String {
        let terms: [String] = requirements.map { r in
            switch r {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .isIn(let k, let set): return "\(k) in (\(set.sorted().joined(separator: ",")))"
            case .notIn(let k, let set): return "\(k) notin (\(set.sorted().joined(separator: ",")))"
            case .exists(let k): return k
            case .doesNotExist(let k): return "!\(k)"
            case .greaterThan(let k, let n): return "\(k)>\(n)"
            case .lessThan(let k, let n): return "\(k)<\(n)"
            }
        }
        return Set(terms).sorted().joined(separator: ",")
    }

    /// Whether labels satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        for r in requirements {
            switch r {
            case .equals(let k, let v): if labels[k] != v { return false }
            case .notEquals(let k, let v): if labels[k] == v { return false }
            case .isIn(let k, let set): guard let v = labels[k], set.contains(v) else { return false }
            case .notIn(let k, let set): if let v = labels[k], set.contains(v) { return false }
            case .exists(let k): if labels[k] == nil { return false }
            case .doesNotExist(let k): if labels[k] != nil { return false }
            case .greaterThan(let k, let n): guard let v = labels[k].flatMap({ Int64($0) }), v > n else { return false }
            case .lessThan(let k, let n): guard let v = labels[k].flatMap({ Int64($0) }), v < n else { return false }
            }
        }
        return true
    }
}

/// A field selector over the fields every kind supports: `metadata.name` and `metadata.namespace`.
public struct FieldSelector: Sendable, Equatable {
    /// One `field=value` or `field!=value` term.
    public struct Term: Sendable, Equatable {
        public var field: String
        public var value: String
        public var negated: Bool
    }

    public var terms: [Term]

    public static let supportedFields: Set<String> = ["metadata.name", "metadata.namespace"]

    public init(_ text: String) throws {
        terms = []
        guard !text.isEmpty else { return }
        for part in FieldSelector.split(text, on: ",") {
            let negated: Bool
            let pieces: [String]
            if let r = part.range(of: "!=") {
                negated = true
                pieces = [String(part[..<r.lowerBound]), String(part[r.upperBound...])]
            } else if let r = part.range(of: "==") {
                negated = false
                pieces = [String(part[..<r.lowerBound]), String(part[r.upperBound...])]
            } else if let r = part.range(of: "=") {
                negated = false
                pieces = [String(part[..<r.lowerBound]), String(part[r.upperBound...])]
            } else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(part)'")
            }
            let field = pieces[0].trimmingSpaces
            guard FieldSelector.supportedFields.contains(field) else { throw SelectorError("field label not supported: \(field)") }
            let value = pieces[1].replacingOccurrences(of: "\\,", with: ",").replacingOccurrences(of: "\\=", with: "=")
                .replacingOccurrences(of: "\\\\", with: "\\")
            terms.append(Term(field: field, value: value, negated: negated))
        }
    }

    /// The terms in a canonical text (sorted; values may hold any character, so each is JSON-quoted).
    public var canonical: String {
        terms.map { t in
            let value = String(decoding: JSON.string(t.value).serialized(), as: UTF8.self)
            return "\(t.field)\(t.negated ? "!=" : "=")\(value)"
        }.sorted().joined(separator: ",")
    }

    public func matches(name: String, namespace: String?) -> Bool {
        for t in terms {
            let actual = t.field == "metadata.name" ? name : (namespace ?? "")
            if (actual == t.value) == t.negated { return false }
        }
        return true
    }

    /// Splits on `separator` unless it is escaped with a backslash.
    private static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { current.append(c); escaped = true; continue }
            if c == separator { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }
}

/// A selector that does not parse; its message goes into a 400 BadRequest Status.
public struct SelectorError: Error, Sendable, Equatable {
    public var message: String
    init(_ message: String) { self.message = message }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension FieldSelector {
    /// The one name a `metadata.name=X` selector narrows to (kube-apiserver authorizes such a list
    /// or watch as a request for X).
    var singleName: String? {
        let names = terms.filter { $0.field == "metadata.name" && !$0.negated }
        return names.count == 1 ? names[0].value : nil
    }
}
