import KubeModel

/// A core/v1 `Pod`, with what kubectl's status column and the ready/restart counts need.
public struct Pod: KubeResource, Hashable {
    /// `Pod.status`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var reason: String?
        public var message: String?
        public var initContainerStatuses: [ContainerStatus]?
        public var containerStatuses: [ContainerStatus]?
        public var conditions: [Condition]?
        public init(phase: String? = nil, reason: String? = nil, initContainerStatuses: [ContainerStatus]? = nil,
                    containerStatuses: [ContainerStatus]? = nil, conditions: [Condition]? = nil) {
            self.phase = phase
            self.reason = reason
            self.initContainerStatuses = initContainerStatuses
            self.containerStatuses = containerStatuses
            self.conditions = conditions
        }
    }

    public var metadata: ObjectMeta
    public var spec: PodSpec
    public var status: Status

    public init(metadata: ObjectMeta, spec: PodSpec = PodSpec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

}

/// One entry of `containerStatuses` / `initContainerStatuses`.
public struct ContainerStatus: Codable, Sendable, Hashable {
    /// `state`: one of waiting, running, terminated.
    public struct State: Codable, Sendable, Hashable {
        public var waiting: Waiting?
        public var running: Running?
        public var terminated: Terminated?
        public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
            self.waiting = waiting
            self.running = running
            self.terminated = terminated
        }
    }
    /// `state.waiting`.
    public struct Waiting: Codable, Sendable, Hashable {
        public var reason: String?
        public var message: String?
        public init(reason: String? = nil) { self.reason = reason }
    }
    /// `state.running`.
    public struct Running: Codable, Sendable, Hashable {
        public var startedAt: KubeTime?
        public init(startedAt: KubeTime? = nil) { self.startedAt = startedAt }
    }
    /// `state.terminated`.
    public struct Terminated: Codable, Sendable, Hashable {
        public var exitCode: Int32?
        public var signal: Int32?
        public var reason: String?
        public init(exitCode: Int32? = nil, signal: Int32? = nil, reason: String? = nil) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
        }
    }

    public var name: String?
    public var image: String?
    public var ready: Bool?
    public var started: Bool?
    public var restartCount: Int32?
    public var state: State?

    public init(name: String? = nil, ready: Bool? = nil, started: Bool? = nil, restartCount: Int32? = nil, state: State? = nil) {
        self.name = name
        self.ready = ready
        self.started = started
        self.restartCount = restartCount
        self.state = state
    }
}
