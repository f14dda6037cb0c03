import KubeModel

/// A container of a pod spec: only its name and image are read.
public struct Container: Codable, Sendable, Hashable {
    public var name: String?
    public var image: String?
    /// `Always` marks a sidecar init container.
    public var restartPolicy: String?

    public init(name: String? = nil, image: String? = nil, restartPolicy: String? = nil) {
        self.name = name
        self.image = image
        self.restartPolicy = restartPolicy
    }
}

/// The read part of a pod spec.
public struct PodSpec: Codable, Sendable, Hashable {
    public var containers: [Container]?
    public var initContainers: [Container]?
    public var nodeName: String?

    public init(containers: [Container]? = nil, initContainers: [Container]? = nil, nodeName: String? = nil) {
        self.containers = containers
        self.initContainers = initContainers
        self.nodeName = nodeName
    }
}

/// Labels and annotations of a pod template (`spec.template.metadata`).
public struct TemplateMeta: Codable, Sendable, Hashable {
    public var labels: [String: String]?
    public var annotations: [String: String]?

    public init(labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.labels = labels
        self.annotations = annotations
    }
}

/// A pod template as rollscope reads it, plus the whole template verbatim (`raw`) for the
/// requests that send it back (`undo`): the typed view drops every field it does not read.
public struct PodTemplateSpec: Codable, Sendable, Hashable {
    public var metadata: TemplateMeta?
    public var spec: PodSpec?
    /// The template exactly as decoded, every field included.
    public var raw: AnyJSON?

    public init(metadata: TemplateMeta? = nil, spec: PodSpec? = nil, raw: AnyJSON? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.raw = raw
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(TemplateMeta.self, forKey: .metadata)
        spec = try c.decodeIfPresent(PodSpec.self, forKey: .spec)
        raw = try AnyJSON(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        if let raw {
            try raw.encode(to: encoder)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(spec, forKey: .spec)
    }

    /// Images of the regular containers, in order.
    public var images: [String] { (spec?.containers ?? []).compactMap(\.image) }
}

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

/// A condition as every workload kind writes it.
public struct Condition: Codable, Sendable, Hashable {
    public var type: String
    public var status: String?
    public var reason: String?
    public var message: String?
    public var lastUpdateTime: KubeTime?
    public var lastTransitionTime: KubeTime?

    public init(type: String, status: String? = nil, reason: String? = nil, message: String? = nil,
                lastUpdateTime: KubeTime? = nil, lastTransitionTime: KubeTime? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastUpdateTime = lastUpdateTime
        self.lastTransitionTime = lastTransitionTime
    }
}

/// Decoding of a top-level object's `metadata`: absent metadata decodes as an empty name rather
/// than failing, so partial objects (dumps, fault-injected watch events) still load.
extension KeyedDecodingContainer {
    func decodeMetadata(forKey key: Key) throws -> ObjectMeta {
        try decodeIfPresent(ObjectMeta.self, forKey: key) ?? ObjectMeta(name: "")
    }
}
