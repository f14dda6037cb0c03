import Foundation
import Delivery

/// Flagger's gauge in the console: when its page is read, and the Canary detail's checks
/// charted from it (or from the events, with the caption saying which).
extension ConsoleState {
    /// One reading of the cluster's page every analysis interval of the Canary whose detail is
    /// shown (overview or `A`), and none otherwise: no polling for a list or another kind.
    public var neededFlaggerScrapes: Set<FlaggerScrape> {
        guard case let .detail(ref) = screen, ref.kind == .canary, deletedDetail == nil, let detail, detail.ref == ref,
              let subject = detail.checksInfo else { return [] }
        return [FlaggerScrape(cluster: ref.cluster, interval: subject.interval)]
    }

    /// The detail's analysis as shown: a Canary's checks take the values read from Flagger's
    /// page where it has them.
    public var shownAnalysis: [AnalysisHistory] {
        guard let detail else { return [] }
        guard let subject = detail.checksInfo else { return detail.analysis }
        let readings = cluster(detail.ref.cluster).flaggerGauge.checks(namespace: subject.namespace, target: subject.target)
        guard !readings.isEmpty else { return detail.analysis }
        return detail.analysis.map { run in
            var run = run
            run.metrics = CanaryChecks.withGauge(run.metrics, readings: readings)
            return run
        }
    }

    /// Where a Canary detail's charts come from (`source: flagger /metrics via pod proxy (…), every 1m`);
    /// nil for other kinds.
    public var analysisCaption: String? {
        guard let detail, let subject = detail.checksInfo else { return nil }
        let gauge = cluster(detail.ref.cluster).flaggerGauge
        let gauged = !gauge.checks(namespace: subject.namespace, target: subject.target).isEmpty
        // The page is read every interval, but never faster than every 5 s.
        let every = subject.interval >= FlaggerScrape.minimumInterval ? subject.intervalText : nil
        return CanaryChecks.caption(gauge.source, gauged: gauged, interval: every ?? "\(Int(FlaggerScrape(interval: subject.interval).interval))s")
    }
}
