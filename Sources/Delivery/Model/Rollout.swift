import JSONValue
import KubeModel

/// An Argo Rollouts `Rollout` (argoproj.io/v1alpha1), holding the fields the status rules,
/// the info view and the actions read. Unknown fields are ignored; every field may be absent.
public struct Rollout: KubeResource, Hashable {
    public var metadata: ObjectMeta
    public var spec: RolloutSpec
    public var status: RolloutStatusFields
    /// The whole object as decoded, every field included (its text, from `ScanningJSONDecoder`):
    /// what the console's `set image` sends back in its PUT, and where `templateRaw` reads the pod
    /// template from. Not compared: the typed fields, `metadata.resourceVersion` among them, tell
    /// two reads of one object apart.
    public var verbatim: RawJSON?

    public init(metadata: ObjectMeta, spec: RolloutSpec = RolloutSpec(), status: RolloutStatusFields = RolloutStatusFields()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// As every `KubeResource`, plus the object verbatim. The pod template's own copy of its text
    /// is dropped: the same text is inside `verbatim`, and a console watching 20,000 Rollouts kept
    /// each twice (`templateRaw` reads it from there, for `undo`, the one request that needs it;
    /// the template's typed fields are read from there too, when asked).
    public init(from decoder: any Decoder) throws {
        try self.init(parts: decoder)
        verbatim = try RawJSON(from: decoder)
        spec.template?.sharingText(of: verbatim?.text)
    }

    /// `spec.template` verbatim: the template's own when it was given one (a Rollout built in
    /// code), else read from the object's `verbatim` (a decoded Rollout keeps it only there).
    public var templateRaw: JSON? {
        spec.template?.raw ?? verbatim?.value[path: ["spec", "template"]]
    }

    public static func == (a: Rollout, b: Rollout) -> Bool { a.metadata == b.metadata && a.spec == b.spec && a.status == b.status }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(metadata)
        hasher.combine(spec)
        hasher.combine(status)
    }

    /// `spec.replicas`, defaulting to 1 as the controller does.
    public var desiredReplicas: Int32 { spec.replicas ?? 1 }
    /// The plugin's READY column, `ready/current` (`status.readyReplicas` of `status.replicas`,
    /// the pods that exist now, not `spec.replicas`): the one definition `list rollouts`,
    /// `get rollout` and the console's list share.
    public var readyOfCurrent: (ready: Int32, current: Int32) { (status.readyReplicas ?? 0, status.replicas ?? 0) }
    public var isCanary: Bool { spec.strategy?.canary != nil }
    public var isBlueGreen: Bool { spec.strategy?.canary == nil && spec.strategy?.blueGreen != nil }
    /// The canary steps (empty for blue-green or a step-less canary).
    public var steps: [CanaryStep] { spec.strategy?.canary?.steps ?? [] }
}

/// `Rollout.spec`.
public struct RolloutSpec: Codable, Sendable, Hashable {
    public var replicas: Int32?
    public var selector: LabelSelector?
    public var template: PodTemplateSpec?
    public var workloadRef: WorkloadRef?
    public var paused: Bool?
    public var restartAt: KubeTime?
    public var progressDeadlineSeconds: Int32?
    public var progressDeadlineAbort: Bool?
    public var strategy: RolloutStrategy?

    public init(replicas: Int32? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil,
                workloadRef: WorkloadRef? = nil, paused: Bool? = nil, restartAt: KubeTime? = nil,
                progressDeadlineSeconds: Int32? = nil, progressDeadlineAbort: Bool? = nil, strategy: RolloutStrategy? = nil) {
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.workloadRef = workloadRef
        self.paused = paused
        self.restartAt = restartAt
        self.progressDeadlineSeconds = progressDeadlineSeconds
        self.progressDeadlineAbort = progressDeadlineAbort
        self.strategy = strategy
    }
}

/// `spec.workloadRef`: the Deployment, ReplicaSet or PodTemplate whose template the Rollout adopts.
public struct WorkloadRef: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var name: String?
    public var scaleDown: String?

    public init(apiVersion: String? = nil, kind: String? = nil, name: String? = nil, scaleDown: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.scaleDown = scaleDown
    }
}

/// `spec.strategy`: exactly one of canary or blue-green.
public struct RolloutStrategy: Codable, Sendable, Hashable {
    public var canary: CanaryStrategy?
    public var blueGreen: BlueGreenStrategy?

    public init(canary: CanaryStrategy? = nil, blueGreen: BlueGreenStrategy? = nil) {
        self.canary = canary
        self.blueGreen = blueGreen
    }
}

/// `spec.strategy.canary`.
public struct CanaryStrategy: Codable, Sendable, Hashable {
    public var canaryService: String?
    public var stableService: String?
    public var steps: [CanaryStep]?
    /// Kept verbatim: only its presence and `maxTrafficWeight` matter to the rules.
    public var trafficRouting: JSON?
    public var pingPong: PingPong?
    public var analysis: JSON?
    public var scaleDownDelaySeconds: Int32?

    public init(canaryService: String? = nil, stableService: String? = nil, steps: [CanaryStep]? = nil,
                trafficRouting: JSON? = nil, pingPong: PingPong? = nil, analysis: JSON? = nil,
                scaleDownDelaySeconds: Int32? = nil) {
        self.canaryService = canaryService
        self.stableService = stableService
        self.steps = steps
        self.trafficRouting = trafficRouting
        self.pingPong = pingPong
        self.analysis = analysis
        self.scaleDownDelaySeconds = scaleDownDelaySeconds
    }

    /// `trafficRouting.maxTrafficWeight` (clamped to `Int32`: the field is an int32), or 100.
    public var maxWeight: Int32 {
        if case .int(let w)? = trafficRouting?["maxTrafficWeight"] { return Int32(clamping: w) }
        return 100
    }
}

/// `canary.pingPong`: the two services that swap roles.
public struct PingPong: Codable, Sendable, Hashable {
    public var pingService: String?
    public var pongService: String?

    public init(pingService: String? = nil, pongService: String? = nil) {
        self.pingService = pingService
        self.pongService = pongService
    }
}

/// One canary step: exactly one of its fields is set.
public struct CanaryStep: Codable, Sendable, Hashable {
    /// `pause: {duration?}`; the duration is seconds as a number, or a Go duration string.
    public struct Pause: Codable, Sendable, Hashable {
        public var duration: LenientString?
        public init(duration: LenientString? = nil) { self.duration = duration }
    }
    /// `setCanaryScale`.
    public struct CanaryScale: Codable, Sendable, Hashable {
        public var weight: Int32?
        public var replicas: Int32?
        public var matchTrafficWeight: Bool?
    }
    /// A step naming a route or plugin.
    public struct Named: Codable, Sendable, Hashable {
        public var name: String?
    }

    public var setWeight: Int32?
    public var pause: Pause?
    public var analysis: JSON?
    public var experiment: JSON?
    public var setCanaryScale: CanaryScale?
    public var setHeaderRoute: Named?
    public var setMirrorRoute: Named?
    public var plugin: Named?

    public init(setWeight: Int32? = nil, pause: Pause? = nil, analysis: JSON? = nil, experiment: JSON? = nil) {
        self.setWeight = setWeight
        self.pause = pause
        self.analysis = analysis
        self.experiment = experiment
    }

    /// The plugin's one-line text for the step (`CanaryStepString`): `setWeight: 20`, `pause: 30s`, ...
    public var summary: String {
        if let setWeight { return "setWeight: \(setWeight)" }
        if let pause { return pause.duration.map { "pause: \($0.value.allSatisfy(\.isNumber) ? "\($0.value)s" : $0.value)" } ?? "pause" }
        if experiment != nil { return "experiment" }
        if analysis != nil { return "analysis" }
        if let s = setCanaryScale {
            if let w = s.weight { return "setCanaryScale{weight: \(w)}" }
            if s.matchTrafficWeight == true { return "setCanaryScale{matchTrafficWeight: true}" }
            if let r = s.replicas { return "setCanaryScale{replicas: \(r)}" }
        }
        if let p = plugin { return "plugin: \(p.name ?? "")" }
        if let h = setHeaderRoute { return "setHeaderRoute: \(h.name ?? "")" }
        if let m = setMirrorRoute { return "setMirrorRoute: \(m.name ?? "")" }
        return "invalid"
    }
}

/// `spec.strategy.blueGreen`.
public struct BlueGreenStrategy: Codable, Sendable, Hashable {
    public var activeService: String?
    public var previewService: String?
    public var previewReplicaCount: Int32?
    public var autoPromotionEnabled: Bool?
    public var autoPromotionSeconds: Int32?
    public var scaleDownDelaySeconds: Int32?
    public var prePromotionAnalysis: JSON?
    public var postPromotionAnalysis: JSON?

    public init(activeService: String? = nil, previewService: String? = nil, autoPromotionEnabled: Bool? = nil,
                postPromotionAnalysis: JSON? = nil) {
        self.activeService = activeService
        self.previewService = previewService
        self.autoPromotionEnabled = autoPromotionEnabled
        self.postPromotionAnalysis = postPromotionAnalysis
    }
}

/// `Rollout.status` (named so as not to clash with the computed `RolloutStatus`).
public struct RolloutStatusFields: Codable, Sendable, Hashable {
    /// `status.pauseConditions[]`.
    public struct PauseCondition: Codable, Sendable, Hashable {
        public var reason: String?
        public var startTime: KubeTime?
        public init(reason: String? = nil, startTime: KubeTime? = nil) {
            self.reason = reason
            self.startTime = startTime
        }
    }
    /// The status of one AnalysisRun as the Rollout records it.
    public struct RunStatus: Codable, Sendable, Hashable {
        public var name: String?
        public var status: String?
        public var message: String?
        public init(name: String? = nil, status: String? = nil, message: String? = nil) {
            self.name = name
            self.status = status
            self.message = message
        }
    }
    /// One side of `status.canary.weights`.
    public struct WeightDestination: Codable, Sendable, Hashable {
        public var weight: Int32?
        public var serviceName: String?
        public var podTemplateHash: String?
    }
    /// `status.canary.weights`: the traffic weights the router reports.
    public struct TrafficWeights: Codable, Sendable, Hashable {
        public var canary: WeightDestination?
        public var stable: WeightDestination?
        public var verified: Bool?
    }
    /// `status.canary`.
    public struct Canary: Codable, Sendable, Hashable {
        public var currentStepAnalysisRunStatus: RunStatus?
        public var currentBackgroundAnalysisRunStatus: RunStatus?
        public var currentExperiment: String?
        public var weights: TrafficWeights?
        public var stablePingPong: String?
        public init() {}
    }
    /// `status.blueGreen`.
    public struct BlueGreen: Codable, Sendable, Hashable {
        public var activeSelector: String?
        public var previewSelector: String?
        public var prePromotionAnalysisRunStatus: RunStatus?
        public var postPromotionAnalysisRunStatus: RunStatus?
        public init(activeSelector: String? = nil, previewSelector: String? = nil) {
            self.activeSelector = activeSelector
            self.previewSelector = previewSelector
        }
    }

    public var phase: String?
    public var message: String?
    /// A string in the CRD (`"429"`); numeric only when the controller wrote a generation.
    public var observedGeneration: LenientString?
    public var pauseConditions: [PauseCondition]?
    public var controllerPause: Bool?
    public var abort: Bool?
    public var abortedAt: KubeTime?
    public var currentPodHash: String?
    public var currentStepHash: String?
    public var currentStepIndex: Int32?
    public var stableRS: String?
    public var replicas: Int32?
    public var updatedReplicas: Int32?
    public var readyReplicas: Int32?
    public var availableReplicas: Int32?
    public var HPAReplicas: Int32?
    public var restartedAt: KubeTime?
    public var promoteFull: Bool?
    public var workloadObservedGeneration: LenientString?
    public var conditions: [Condition]?
    public var canary: Canary?
    public var blueGreen: BlueGreen?

    public init() {}
}
