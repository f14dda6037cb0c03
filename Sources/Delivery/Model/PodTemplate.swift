import Foundation
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
    /// The template verbatim: its JSON text when the decoder reads JSON in place (decoded into
    /// a tree only when a request needs it: every Rollout and ReplicaSet holds a template, and
    /// building their trees was most of the cost of a large list), otherwise the tree.
    private var verbatim: Verbatim?

    private enum Verbatim: Sendable, Hashable {
        case text(Data)
        case tree(AnyJSON)
    }

    /// Equal when the typed fields and the verbatim template are: texts compare as bytes, trees
    /// as trees, and a text with a tree through the text's tree.
    public static func == (a: PodTemplateSpec, b: PodTemplateSpec) -> Bool {
        guard a.metadata == b.metadata, a.spec == b.spec else { return false }
        switch (a.verbatim, b.verbatim) {
        case let (.text(x)?, .text(y)?): return x == y
        case let (.tree(x)?, .tree(y)?): return x == y
        case (nil, nil): return true
        default: return a.raw == b.raw
        }
    }

    /// The typed fields only, so that equal templates hash alike whichever form they hold.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(metadata)
        hasher.combine(spec)
    }

    /// The template exactly as decoded, every field included.
    public var raw: AnyJSON? {
        get {
            switch verbatim {
            case nil: nil
            case let .tree(tree): tree
            case let .text(text): try? JSONDecoder().decode(AnyJSON.self, from: text)
            }
        }
        set { verbatim = newValue.map(Verbatim.tree) }
    }

    public init(metadata: TemplateMeta? = nil, spec: PodSpec? = nil, raw: AnyJSON? = nil) {
        self.metadata = metadata
        self.spec = spec
        verbatim = raw.map(Verbatim.tree)
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(TemplateMeta.self, forKey: .metadata)
        spec = try c.decodeIfPresent(PodSpec.self, forKey: .spec)
        if let inPlace = decoder as? any InPlaceJSONDecoder {
            verbatim = .text(try inPlace.jsonText())
        } else {
            verbatim = .tree(try AnyJSON(from: decoder))
        }
    }

    /// Images of the regular containers, in order.
    public var images: [String] { (spec?.containers ?? []).compactMap(\.image) }
}
