import Foundation
import JSONValue
import KubeModel
import Yams

/// The `-o json|yaml` documents: versioned (`apiVersion: rollscope/v1`), stable field names,
/// no colour or glyph characters. The schema is `docs/output-schema.md`.
public enum OutputSchema {
    public static let apiVersion = "rollscope/v1"
}

/// One computed view with `apiVersion` and `kind` beside its own fields
/// (`{"apiVersion":"rollscope/v1","kind":"RolloutView","name":…}`).
public struct ViewDocument<Item: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var item: Item

    public init(kind: String, item: Item) {
        apiVersion = OutputSchema.apiVersion
        self.kind = kind
        self.item = item
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decode(String.self, forKey: .apiVersion)
        kind = try c.decode(String.self, forKey: .kind)
        item = try Item(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(kind, forKey: .kind)
        try item.encode(to: encoder)
    }
}

/// Several views: `{"apiVersion":"rollscope/v1","kind":"RolloutViewList","items":[…]}`.
public struct ViewList<Item: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var items: [Item]

    public init(kind: String, items: [Item]) {
        apiVersion = OutputSchema.apiVersion
        self.kind = kind
        self.items = items
    }
}

/// The documents of each read command.
public enum OutputDocuments {
    public static func rollout(_ info: RolloutInfo) -> ViewDocument<RolloutInfo> { ViewDocument(kind: "RolloutView", item: info) }
    public static func rollouts(_ infos: [RolloutInfo]) -> ViewList<RolloutInfo> { ViewList(kind: "RolloutViewList", items: infos) }
    public static func experiment(_ info: ExperimentInfo) -> ViewDocument<ExperimentInfo> { ViewDocument(kind: "ExperimentView", item: info) }
    public static func canary(_ info: CanaryInfo) -> ViewDocument<CanaryInfo> { ViewDocument(kind: "CanaryView", item: info) }
    public static func canaries(_ infos: [CanaryInfo]) -> ViewList<CanaryInfo> { ViewList(kind: "CanaryViewList", items: infos) }
    public static func deployment(_ info: DeploymentInfo) -> ViewDocument<DeploymentInfo> { ViewDocument(kind: "DeploymentView", item: info) }
    public static func revisionDiff(_ diff: RevisionDiff) -> ViewDocument<RevisionDiffView> {
        ViewDocument(kind: "RevisionDiffView", item: RevisionDiffView(diff))
    }
    public static func deployments(_ infos: [DeploymentInfo]) -> ViewList<DeploymentInfo> { ViewList(kind: "DeploymentViewList", items: infos) }
}

/// `-o json` or `-o yaml`.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case json, yaml

    /// The document as text: pretty JSON with sorted keys, or YAML with sorted keys; ends with a newline.
    /// JSON is written by Foundation's `JSONEncoder`, the one pretty-printing `Encoder` at hand (the
    /// document is typed output, not an object read from the cluster, so no member order to keep).
    /// Neither holds a raw control, bidi or zero-width character (escaped as each format does).
    public func render<T: Encodable>(_ value: T) throws -> String {
        switch self {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return TerminalSafe.json(String(decoding: try encoder.encode(value), as: UTF8.self)) + "\n"
        case .yaml:
            let encoder = YAMLEncoder()
            encoder.options.sortKeys = true
            return try encoder.encode(value)
        }
    }

    /// Reads a document back (for consumers and the round-trip tests).
    public func parse<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        switch self {
        case .json: try ScanningJSONDecoder().decode(type, from: Data(text.utf8))
        case .yaml: try YAMLDecoder().decode(type, from: text)
        }
    }
}
