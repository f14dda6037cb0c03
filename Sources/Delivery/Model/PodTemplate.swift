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
/// Decoded in place (`ScanningJSONDecoder`), only its text is taken, and the typed fields are
/// read from it when asked: a list's rows, counts and status rules never read a template (a
/// detail, `set image`, `undo` and the command line's text do), and decoding every Rollout's and
/// ReplicaSet's template was 11.5 % of the console's start.
public struct PodTemplateSpec: Codable, Sendable, Hashable {
    /// The typed fields: given (built in code, set, or decoded from a tree), or nil: read from
    /// `text` when asked.
    private var fields: Fields?
    /// The template verbatim: its text when decoded by `ScanningJSONDecoder` (parsed only when a
    /// request needs it), otherwise the tree.
    private var verbatim: RawJSON?
    /// The text the typed fields are read from: `verbatim`'s, or the same bytes inside the text
    /// of the object that holds the template (`sharingText(of:)`: no copy of its own).
    private var text: ArraySlice<UInt8>?

    /// The fields read, as one value.
    private struct Fields: Codable, Sendable, Hashable {
        var metadata: TemplateMeta?
        var spec: PodSpec?
    }

    /// The typed fields, read from the text when only the text is held (none if it does not
    /// decode as a template: the object around it decoded).
    private var read: Fields {
        if let fields { return fields }
        guard let text else { return Fields() }
        return (try? ScanningJSONDecoder().decode(Fields.self, from: Data(text))) ?? Fields()
    }

    public var metadata: TemplateMeta? {
        get { read.metadata }
        set { fields = Fields(metadata: newValue, spec: read.spec) }
    }

    public var spec: PodSpec? {
        get { read.spec }
        set { fields = Fields(metadata: read.metadata, spec: newValue) }
    }

    /// The typed fields only, so that equal templates hash alike whichever form they hold.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(read)
    }

    /// The typed fields and the verbatim template; two templates read from equal texts are equal
    /// without reading them.
    public static func == (a: PodTemplateSpec, b: PodTemplateSpec) -> Bool {
        guard a.verbatim == b.verbatim else { return false }
        if a.fields == nil, b.fields == nil, let x = a.text, let y = b.text, x.elementsEqual(y) { return true }
        return a.read == b.read
    }

    /// The template exactly as decoded, every field included.
    public var raw: JSON? {
        get { verbatim?.value }
        set {
            fields = read
            text = nil
            verbatim = newValue.map(RawJSON.init)
        }
    }

    public init(metadata: TemplateMeta? = nil, spec: PodSpec? = nil, raw: JSON? = nil) {
        fields = Fields(metadata: metadata, spec: spec)
        verbatim = raw.map(RawJSON.init)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try RawJSON(from: decoder)
        verbatim = raw
        if let bytes = raw.text {
            text = bytes[...]
        } else {
            fields = try Fields(from: decoder)
        }
    }

    public func encode(to encoder: any Encoder) throws { try read.encode(to: encoder) }

    /// The template read from `whole`, the text of the object that holds it, instead of a copy of
    /// its own, and without `raw` (the object keeps the template verbatim: `Rollout.templateRaw`).
    /// A template built or decoded from a tree keeps its typed fields.
    public mutating func sharingText(of whole: [UInt8]?) {
        defer { verbatim = nil }
        guard fields == nil, let own = text else { return }
        if let whole, let range = Self.range(of: own, in: whole) {
            text = whole[range]
        } else {
            fields = read
            text = nil
        }
    }

    /// Where the bytes `part` are in `whole` (the same bytes read alike wherever they are): each
    /// place its first byte is at, compared whole (`memcmp`; Glibc's `memmem` is not exported).
    private static func range(of part: ArraySlice<UInt8>, in whole: [UInt8]) -> Range<Int>? {
        guard let first = part.first, part.count <= whole.count else { return nil }
        return whole.withUnsafeBytes { w in
            part.withUnsafeBytes { p -> Range<Int>? in
                guard let base = w.baseAddress, let needle = p.baseAddress else { return nil }
                var start = 0
                while start <= w.count - p.count {
                    guard let at = w[start...(w.count - p.count)].firstIndex(of: first) else { return nil }
                    if memcmp(base + at, needle, p.count) == 0 { return at..<at + p.count }
                    start = at + 1
                }
                return nil
            }
        }
    }

    /// Images of the regular containers, in order.
    public var images: [String] { (spec?.containers ?? []).compactMap(\.image) }
}
