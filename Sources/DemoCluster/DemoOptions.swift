import APIServer
import Foundation

/// What `rollscope --demo` / `rollscope demo --serve` run.
public struct DemoOptions: Sendable {
    /// Which objects the cluster starts with.
    public enum Scenario: Sendable, Equatable {
        /// Every interesting state at once, the guide's two examples included, new releases arriving.
        case `default`
        /// One cluster of the demo fleet (`--clusters N`): the same applications in every
        /// cluster, one release of them at `stage` here (`FleetRelease`), new releases arriving
        /// on one workload that is not part of it.
        case fleetRelease(ReleaseStage)
        /// Many healthy canary Rollouts with realistic pods, for benchmarks.
        case scale(namespaces: Int, rolloutsPerNamespace: Int, podsPerRollout: Int)
        /// Controllers only: the objects come from elsewhere (`kubectl apply`, tests).
        case empty
    }

    public var scenario: Scenario
    /// Seed of every random choice; nil picks one from the system generator.
    public var seed: UInt64?
    /// How much faster than real time the simulation's own delays run (pod start-up, analysis
    /// measurements, Flagger's interval, release arrivals). Durations an operator wrote in a spec
    /// and that the console counts down (pause durations, `autoPromotionSeconds`,
    /// `scaleDownDelaySeconds`) are kept as written, so the countdowns on screen stay true.
    public var speed: Double
    /// Seconds before a new pod is Running and Ready (before `speed`), plus up to `podStartJitter`.
    public var podStartSeconds: Double
    public var podStartJitter: Double
    /// Seconds between two measurements of a simulated AnalysisRun (before `speed`).
    public var analysisIntervalSeconds: Double
    /// Seconds between two new releases in the default scenario (before `speed`); 0 turns them off.
    public var releaseIntervalSeconds: Double
    /// The custom resource groups the server serves (`argoproj.io`, `flagger.app`): a cluster with
    /// one tool, or neither. The default scenario seeds only the objects of the tools installed.
    public var crdGroups: Set<String>
    /// Seconds of the simulation played at once before the cluster is served (on a
    /// `HeadStartClock`), so it opens with every state reached; 0 starts from the first release.
    public var headStartSeconds: Double

    public init(scenario: Scenario = .default, seed: UInt64? = nil, speed: Double = 1,
                podStartSeconds: Double = 3, podStartJitter: Double = 2, analysisIntervalSeconds: Double = 10,
                releaseIntervalSeconds: Double = 45, crdGroups: Set<String> = Set(ServedGroups.custom),
                headStartSeconds: Double = 0) {
        self.scenario = scenario
        self.seed = seed
        self.speed = speed > 0 ? speed : 1
        self.podStartSeconds = podStartSeconds
        self.podStartJitter = podStartJitter
        self.analysisIntervalSeconds = analysisIntervalSeconds
        self.releaseIntervalSeconds = releaseIntervalSeconds
        self.crdGroups = crdGroups
        self.headStartSeconds = max(0, headStartSeconds)
    }

    /// Whether the scenario's cycling workloads get new releases every `releaseIntervalSeconds`.
    var releasesArrive: Bool {
        switch scenario {
        case .default, .fleetRelease: releaseIntervalSeconds > 0
        case .scale, .empty: false
        }
    }

    /// A simulation delay in clock seconds.
    func scaled(_ seconds: Double) -> Double { seconds / speed }
}
