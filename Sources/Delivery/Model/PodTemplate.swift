import Foundation
import JSONValue
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
    /// The template verbatim: its text when decoded by `ScanningJSONDecoder` (parsed only when a
    /// request needs it), otherwise the tree.
    private var verbatim: RawJSON?

    /// The typed fields only, so that equal templates hash alike whichever form they hold.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(metadata)
        hasher.combine(spec)
    }

    /// The template exactly as decoded, every field included.
    public var raw: JSON? {
        get { verbatim?.value }
        set { verbatim = newValue.map(RawJSON.init) }
    }

    public init(metadata: TemplateMeta? = nil, spec: PodSpec? = nil, raw: JSON? = nil) {
        self.metadata = metadata
        self.spec = spec
        verbatim = raw.map(RawJSON.init)
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(TemplateMeta.self, forKey: .metadata)
        spec = try c.decodeIfPresent(PodSpec.self, forKey: .spec)
        verbatim = try RawJSON(from: decoder)
    }

    /// Images of the regular containers, in order.
    public var images: [String] { (spec?.containers ?? []).compactMap(\.image) }
}
