import KubeModel

/// A core/v1 `Event`: the timeline of a Rollout or Canary.
public struct KubeEvent: KubeObject, Hashable {
    /// `involvedObject`.
    public struct InvolvedObject: Codable, Sendable, Hashable {
        public var kind: String?
        public var name: String?
        public var namespace: String?
        public var uid: String?
        public init(kind: String? = nil, name: String? = nil, namespace: String? = nil, uid: String? = nil) {
            self.kind = kind
            self.name = name
            self.namespace = namespace
            self.uid = uid
        }
    }
    /// `source`.
    public struct Source: Codable, Sendable, Hashable {
        public var component: String?
    }

    public var metadata: ObjectMeta
    public var involvedObject: InvolvedObject
    public var reason: String?
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    public var count: Int32?
    public var firstTimestamp: KubeTime?
    public var lastTimestamp: KubeTime?
    public var eventTime: KubeTime?
    public var source: Source?

    public init(metadata: ObjectMeta, involvedObject: InvolvedObject, reason: String? = nil, message: String? = nil,
                type: String? = nil, lastTimestamp: KubeTime? = nil) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.lastTimestamp = lastTimestamp
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, involvedObject, reason, message, type, count, firstTimestamp, lastTimestamp, eventTime, source
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta(name: "")
        involvedObject = try c.decodeIfPresent(InvolvedObject.self, forKey: .involvedObject) ?? InvolvedObject()
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        count = try c.decodeIfPresent(Int32.self, forKey: .count)
        firstTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .firstTimestamp)
        lastTimestamp = try c.decodeIfPresent(KubeTime.self, forKey: .lastTimestamp)
        eventTime = try c.decodeIfPresent(KubeTime.self, forKey: .eventTime)
        source = try c.decodeIfPresent(Source.self, forKey: .source)
    }

    /// When it last happened: `lastTimestamp`, else `eventTime`, else creation.
    public var time: KubeTime? { lastTimestamp ?? eventTime ?? firstTimestamp ?? metadata.creationTimestamp }
}
