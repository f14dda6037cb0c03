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
