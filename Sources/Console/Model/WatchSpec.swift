import KubeModel

/// One watch the console wants open: a resource type in one namespace (or all), optionally
/// narrowed by a label selector. The reducer derives the full set from the state; the effect
/// runner opens what is new and closes what is gone.
public struct WatchSpec: Sendable, Hashable {
    public var resource: ResourceType
    public var namespace: String?
    public var labelSelector: String?
    /// `involvedObject.name=...` for Events.
    public var fieldSelector: String?

    public init(resource: ResourceType, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil) {
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }
}
