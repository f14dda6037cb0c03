import Foundation
import Delivery

/// A reading of Flagger's `/metrics` page the console wants while a Canary's detail is shown:
/// one cluster's page (it carries every Canary of the cluster), every `interval` seconds. The
/// reducer derives the set from the state (`ConsoleState.neededFlaggerScrapes`) and the effect
/// `.scrapeFlagger` hands it to the source, which reads until the set no longer names it.
public struct FlaggerScrape: Sendable, Hashable {
    /// Never read faster than this, whatever the Canary's interval says.
    public static let minimumInterval: TimeInterval = 5

    public var cluster: ClusterID
    public var interval: TimeInterval

    public init(cluster: ClusterID = .single, interval: TimeInterval) {
        self.cluster = cluster
        self.interval = max(Self.minimumInterval, interval)
    }
}

/// What a Canary detail's checks are about: the gauge's `namespace` and `name` on Flagger's
/// `/metrics` page (the Canary's target), the Canary's analysis interval, and its failed checks
/// against the threshold.
public struct CanaryChecksInfo: Sendable, Hashable {
    public var namespace: String
    public var target: String
    /// The interval as written (`1m`), for the caption; nil when the Canary sets none.
    public var intervalText: String?
    /// In seconds (Flagger's default 60 s when unset or unreadable).
    public var interval: TimeInterval
    /// `status.failedChecks`.
    public var failedChecks: Int
    /// `analysis.threshold` (1 when unset, as Flagger reads it).
    public var threshold: Int

    public init(namespace: String, target: String, intervalText: String?, interval: TimeInterval, failedChecks: Int = 0,
                threshold: Int = 1) {
        self.namespace = namespace
        self.target = target
        self.intervalText = intervalText
        self.interval = interval
        self.failedChecks = failedChecks
        self.threshold = threshold
    }
}

/// One reading of Flagger's page, as the source reports it.
public enum FlaggerScrapeResult: Sendable, Hashable {
    /// The page's samples, read from Flagger's pod `namespace/name` at `time`.
    case page([PrometheusSample], pod: String, at: Date)
    /// Why it could not be read (`no access to pods/proxy in flagger-system`).
    case failed(String)
}

extension FlaggerGaugeHistory {
    /// Keeps what a reading says: the values it carries, or why there were none.
    mutating func apply(_ result: FlaggerScrapeResult) {
        switch result {
        case let .page(samples, pod, time): record(samples, from: pod, at: time)
        case let .failed(reason): failed(reason)
        }
    }
}
