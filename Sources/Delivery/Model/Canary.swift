import JSONValue
import KubeModel

/// A Flagger `Canary` (flagger.app/v1beta1). `spec.analysis` is read from `canaryAnalysis` on
/// older objects. Unknown fields (such as the guide's stray nested `analysis:`) are ignored.
public struct Canary: KubeResource, Hashable {
    /// A `targetRef` / `autoscalerRef`.
    public struct Ref: Codable, Sendable, Hashable {
        public var apiVersion: String?
        public var kind: String?
        public var name: String?
        public init(apiVersion: String? = nil, kind: String? = nil, name: String? = nil) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.name = name
        }
    }
    /// `spec.service`: only the name and port are read.
    public struct Service: Codable, Sendable, Hashable {
        public var name: String?
        public var port: Int32?
        public init(name: String? = nil, port: Int32? = nil) {
            self.name = name
            self.port = port
        }
    }
    /// One `analysis.webhooks[]` entry.
    public struct Webhook: Codable, Sendable, Hashable {
        public var name: String?
        /// `confirm-rollout`, `pre-rollout`, `rollout` (the default), `confirm-traffic-increase`,
        /// `confirm-promotion`, `post-rollout`, `rollback`, `event`.
        public var type: String?
        public var url: String?
        public var timeout: String?
        public init(name: String? = nil, type: String? = nil, url: String? = nil) {
            self.name = name
            self.type = type
            self.url = url
        }
    }
    /// One `analysis.metrics[]` check: a builtin (`request-success-rate`, `request-duration`)
    /// or a MetricTemplate, held within `thresholdRange`.
    public struct MetricCheck: Codable, Sendable, Hashable {
        /// `thresholdRange`: the value must stay within `min`...`max` (either may be absent).
        public struct Range: Codable, Sendable, Hashable {
            public var min: Double?
            public var max: Double?
            public init(min: Double? = nil, max: Double? = nil) {
                self.min = min
                self.max = max
            }
            private enum CodingKeys: String, CodingKey { case min, max }
            /// A bound that is not a number (a string, an object) reads as absent: one odd check
            /// must not make the whole Canary unreadable.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                min = try? c.decodeIfPresent(Double.self, forKey: .min)
                max = try? c.decodeIfPresent(Double.self, forKey: .max)
            }
        }
        /// `templateRef`: the MetricTemplate a custom check runs.
        public struct TemplateRef: Codable, Sendable, Hashable {
            public var name: String?
            public var namespace: String?
        }
        public var name: String?
        public var interval: String?
        public var thresholdRange: Range?
        /// The legacy single bound (a minimum for the success rate, a maximum otherwise).
        public var threshold: Double?
        public var templateRef: TemplateRef?
        public init(name: String? = nil, interval: String? = nil, thresholdRange: Range? = nil) {
            self.name = name
            self.interval = interval
            self.thresholdRange = thresholdRange
        }
        private enum CodingKeys: String, CodingKey { case name, interval, thresholdRange, threshold, templateRef }
        /// Leniently, as `Range`: a field of the wrong type reads as absent.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try? c.decodeIfPresent(String.self, forKey: .name)
            interval = try? c.decodeIfPresent(String.self, forKey: .interval)
            thresholdRange = try? c.decodeIfPresent(Range.self, forKey: .thresholdRange)
            threshold = try? c.decodeIfPresent(Double.self, forKey: .threshold)
            templateRef = try? c.decodeIfPresent(TemplateRef.self, forKey: .templateRef)
        }
    }
    /// `spec.analysis`.
    public struct Analysis: Codable, Sendable, Hashable {
        public var interval: String?
        public var threshold: Int32?
        public var iterations: Int32?
        public var maxWeight: Int32?
        public var stepWeight: Int32?
        public var stepWeights: [Int32]?
        public var stepWeightPromotion: Int32?
        public var match: [JSON]?
        public var mirror: Bool?
        public var mirrorWeight: Int32?
        public var webhooks: [Webhook]?
        public var metrics: [MetricCheck]?
        public init(interval: String? = nil, threshold: Int32? = nil, iterations: Int32? = nil, maxWeight: Int32? = nil,
                    stepWeight: Int32? = nil, stepWeights: [Int32]? = nil, match: [JSON]? = nil, mirror: Bool? = nil,
                    webhooks: [Webhook]? = nil, metrics: [MetricCheck]? = nil) {
            self.metrics = metrics
            self.interval = interval
            self.threshold = threshold
            self.iterations = iterations
            self.maxWeight = maxWeight
            self.stepWeight = stepWeight
            self.stepWeights = stepWeights
            self.match = match
            self.mirror = mirror
            self.webhooks = webhooks
        }
    }
    /// `Canary.spec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var targetRef: Ref?
        public var autoscalerRef: Ref?
        public var service: Service?
        public var provider: String?
        public var progressDeadlineSeconds: Int32?
        public var skipAnalysis: Bool?
        public var suspend: Bool?
        public var revertOnDeletion: Bool?
        public var analysis: Analysis?
        public var canaryAnalysis: Analysis?
        public init(targetRef: Ref? = nil, provider: String? = nil, skipAnalysis: Bool? = nil, suspend: Bool? = nil,
                    analysis: Analysis? = nil) {
            self.targetRef = targetRef
            self.provider = provider
            self.skipAnalysis = skipAnalysis
            self.suspend = suspend
            self.analysis = analysis
        }
    }
    /// `Canary.status`.
    public struct Status: Codable, Sendable, Hashable {
        public var phase: String?
        public var failedChecks: Int32?
        public var canaryWeight: Int32?
        public var iterations: Int32?
        public var lastAppliedSpec: String?
        public var lastPromotedSpec: String?
        public var lastTransitionTime: KubeTime?
        public var conditions: [Condition]?
        public init(phase: String? = nil, failedChecks: Int32? = nil, canaryWeight: Int32? = nil, iterations: Int32? = nil,
                    lastTransitionTime: KubeTime? = nil, conditions: [Condition]? = nil, lastAppliedSpec: String? = nil) {
            self.phase = phase
            self.lastAppliedSpec = lastAppliedSpec
            self.failedChecks = failedChecks
            self.canaryWeight = canaryWeight
            self.iterations = iterations
            self.lastTransitionTime = lastTransitionTime
            self.conditions = conditions
        }
    }

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `spec.analysis`, or the legacy `spec.canaryAnalysis`.
    public var analysis: Analysis? { spec.analysis ?? spec.canaryAnalysis }
    /// The declared webhooks.
    public var webhooks: [Webhook] { analysis?.webhooks ?? [] }
}
