/// A label selector (`matchLabels` and `matchExpressions`).
public struct LabelSelector: Codable, Sendable, Hashable {
    /// One `matchExpressions` entry.
    public struct Requirement: Codable, Sendable, Hashable {
        public var key: String
        public var `operator`: String
        public var values: [String]?
    }

    public var matchLabels: [String: String]?
    public var matchExpressions: [Requirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Whether the labels satisfy the selector, by the API server's rules (`In`, `NotIn`, `Exists`,
    /// `DoesNotExist`). An empty selector matches everything.
    public func matches(_ labels: [String: String]) -> Bool {
        for (k, v) in matchLabels ?? [:] where labels[k] != v { return false }
        for r in matchExpressions ?? [] {
            let value = labels[r.key]
            switch r.operator {
            case "In": if value == nil || !(r.values ?? []).contains(value!) { return false }
            case "NotIn": if let value, (r.values ?? []).contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// The selector as a `labelSelector` query string (`app=x,tier in (a,b)`).
    public var queryString: String {
        var parts = (matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for r in matchExpressions ?? [] {
            let values = (r.values ?? []).joined(separator: ",")
            switch r.operator {
            case "In": parts.append("\(r.key) in (\(values))")
            case "NotIn": parts.append("\(r.key) notin (\(values))")
            case "Exists": parts.append(r.key)
            case "DoesNotExist": parts.append("!\(r.key)")
            default: continue
            }
        }
        return parts.joined(separator: ",")
    }
}
