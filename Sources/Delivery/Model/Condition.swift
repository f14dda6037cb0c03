import KubeModel

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
