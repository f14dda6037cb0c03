import Foundation
import Delivery

/// What the detail screen shows for one Rollout or Canary, built by the data source from the
/// object and the ReplicaSets, Pods, AnalysisRuns, Experiments and Events it watches while the
/// detail is open.
public struct DetailModel: Sendable, Hashable {
    public var ref: ObjectRef
    /// What `rollscope get rollout` (or `get canary`) prints for the object: the header and the
    /// revision or object tree, one line each, in the plugin's UTF-8 glyphs.
    public var text: [String]
    /// Canary steps or Flagger weights/iterations, in order, with the current one marked.
    public var steps: [StepLine]
    /// The number of the first step: a Rollout's count from 0, as the plugin's `Step`
    /// (`currentStepIndex/steps`) and the promote dialog do; a Canary's weights from 1.
    public var firstStepNumber: Int
    /// When the current pause ends by itself (a timed pause step, `autoPromotionSeconds`);
    /// nil when nothing counts down.
    public var pauseDeadline: Date?
    /// Blue/green services: which revision each serves.
    public var blueGreen: BlueGreenServices?
    public var analysisRuns: [AnalysisSummary]
    /// The object's Kubernetes Events, oldest first.
    public var events: [TimelineEntry]
    /// What changes from the serving revision to the one being released (`d`); nil for a kind
    /// that has none.
    public var revisionDiff: Result<RevisionDiff, RevisionDiffError>?
    /// Every measurement of each metric, the current run first (`A`): a Rollout's AnalysisRuns,
    /// a Canary's metric checks.
    public var analysis: [AnalysisHistory]
    /// The mutations only the detail can plan, from the objects it watches (a Rollout's running
    /// AnalysisRun to terminate); they take the place of the row's plans of the same kind.
    public var plans: [MutationKind: MutationPlan] = [:]
    /// A Canary's: what its checks are read by on Flagger's `/metrics` page (nil for other kinds).
    public var checksInfo: CanaryChecksInfo?
    /// Whose logs the log page (`l`) reads: the new revision's pods against the serving one's.
    public var logSides: LogSides?

    public init(ref: ObjectRef, text: [String] = [], steps: [StepLine] = [], firstStepNumber: Int = 1,
                pauseDeadline: Date? = nil, blueGreen: BlueGreenServices? = nil,
                analysisRuns: [AnalysisSummary] = [], events: [TimelineEntry] = [],
                revisionDiff: Result<RevisionDiff, RevisionDiffError>? = nil, analysis: [AnalysisHistory] = []) {
        self.revisionDiff = revisionDiff
        self.analysis = analysis
        self.ref = ref
        self.text = text
        self.steps = steps
        self.firstStepNumber = firstStepNumber
        self.pauseDeadline = pauseDeadline
        self.blueGreen = blueGreen
        self.analysisRuns = analysisRuns
        self.events = events
    }
}

/// One step of a canary (`setWeight: 20`, `pause: {duration: 1m}`, `analysis`).
public struct StepLine: Sendable, Hashable {
    /// Where a step stands relative to the rollout's progress.
    public enum State: Sendable, Hashable { case done, current, pending }
    public var text: String
    public var state: State
    public init(_ text: String, _ state: State) {
        self.text = text
        self.state = state
    }
}

/// The active and preview services of a blue/green rollout and the revisions behind them.
public struct BlueGreenServices: Sendable, Hashable {
    public var active: String
    public var activeRevision: String
    public var preview: String
    public var previewRevision: String
    public init(active: String, activeRevision: String, preview: String, previewRevision: String) {
        self.active = active
        self.activeRevision = activeRevision
        self.preview = preview
        self.previewRevision = previewRevision
    }
}

/// An AnalysisRun and its metric results.
public struct AnalysisSummary: Sendable, Hashable {
    public var name: String
    public var phase: String
    public var metrics: [MetricSummary]
    public init(name: String, phase: String, metrics: [MetricSummary]) {
        self.name = name
        self.phase = phase
        self.metrics = metrics
    }
}

/// One metric of an AnalysisRun: its phase, counts and latest measured value.
public struct MetricSummary: Sendable, Hashable {
    public var name: String
    /// Its measurements and thresholds, for the sparkline (nil: counts only).
    public var history: MetricHistory?
    public var phase: String
    public var successful: Int
    public var failed: Int
    public var inconclusive: Int
    public var error: Int
    public var lastValue: String
    public init(name: String, phase: String, successful: Int = 0, failed: Int = 0, inconclusive: Int = 0,
                error: Int = 0, lastValue: String = "", history: MetricHistory? = nil) {
        self.name = name
        self.history = history
        self.phase = phase
        self.successful = successful
        self.failed = failed
        self.inconclusive = inconclusive
        self.error = error
        self.lastValue = lastValue
    }
}

/// One dated line of the detail's timeline: a Kubernetes Event or a step change seen live.
public struct TimelineEntry: Sendable, Hashable, Comparable {
    /// Where the entry came from.
    public enum Source: String, Sendable, Hashable { case event, warning, step }
    public var time: Date
    public var source: Source
    public var text: String
    public init(time: Date, source: Source, text: String) {
        self.time = time
        self.source = source
        self.text = text
    }
    public static func < (a: TimelineEntry, b: TimelineEntry) -> Bool { (a.time, a.text) < (b.time, b.text) }
}
