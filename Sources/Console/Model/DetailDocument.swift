import Foundation
import Delivery

/// The detail screen's content as a list of semantic lines, before any glyph, colour or
/// width is chosen: the reducer scrolls through it, the detail view draws it.
public enum DetailLine: Sendable, Hashable {
    case heading(String)
    /// A line of the plugin's `get` output.
    case text(String)
    case step(number: Int, StepLine)
    /// The progress bar: how far, and its label (`3/8`).
    case progress(Double, label: String)
    /// "paused, 2m13s left", drawn from the deadline and the clock at render time.
    case countdown(until: Date)
    case service(role: String, name: String, revision: String)
    case analysis(AnalysisSummary)
    case metric(MetricSummary)
    /// A Canary's check in the overview's compact analysis: its range, sparkline and last value.
    case check(MetricHistory)
    case timeline(TimelineEntry)
    /// A hunk's `@@ -4,7 +4,7 @@` line, then its lines (the diff page).
    case hunk(String)
    case diff(UnifiedDiff.Line)
    /// An AnalysisRun (or a Canary's checks) on the analysis page: name, phase, message.
    case run(AnalysisHistory)
    /// A metric's heading on the analysis page: name, phase, dry run, where its values come from.
    case metricHeading(MetricHistory)
    /// Row `row` of a metric's chart, `height` rows high.
    case chart(MetricHistory, row: Int, height: Int)
    /// One measurement: its number from 1, value, phase, time and message.
    case measurement(Int, MetricHistory.Point)
    /// Shown while the detail's watches have not delivered yet, or a section is empty.
    case note(String)
    case blank
}

/// Builds the detail's lines from the state, and counts them without building them (the
/// reducer scrolls by the count on every key; only the detail view needs the lines).
public enum DetailDocument {
    public static func lines(_ state: ConsoleState) -> [DetailLine] { parts(state).flatMap(\.lines) }

    /// `lines(state).count`, from the parts' sizes alone.
    public static func lineCount(_ state: ConsoleState) -> Int { parts(state).reduce(0) { $0 + $1.count } }

    /// The furthest the detail can scroll: its last line at the bottom of the body.
    public static func maxScroll(_ state: ConsoleState) -> Int {
        max(0, lineCount(state) - state.detailBodyHeight)
    }

    /// A run of the document's lines: a few given in full, or a section held as its data and
    /// turned into lines only when drawn.
    enum Part {
        case lines([DetailLine])
        case steps([StepLine], first: Int)
        case text([String])
        case analysis([AnalysisSummary])
        /// The detail's Events and the live step changes, merged by time when drawn.
        case timeline(events: [TimelineEntry], history: [TimelineEntry])

        var count: Int {
            switch self {
            case let .lines(lines): lines.count
            case let .steps(steps, _): steps.count
            case let .text(text): text.count
            case let .analysis(runs): runs.reduce(0) { $0 + 1 + $1.metrics.count }
            case let .timeline(events, history): max(1, events.count + history.count)
            }
        }

        var lines: [DetailLine] {
            switch self {
            case let .lines(lines): lines
            case let .steps(steps, first): steps.enumerated().map { .step(number: $0.offset + first, $0.element) }
            case let .text(text): text.map(DetailLine.text)
            case let .analysis(runs): runs.flatMap { [.analysis($0)] + $0.metrics.map(DetailLine.metric) }
            case let .timeline(events, history):
                events.isEmpty && history.isEmpty ? [.note("no events yet")] : (events + history).sorted().map(DetailLine.timeline)
            }
        }
    }

    static func parts(_ state: ConsoleState) -> [Part] {
        guard case let .detail(ref) = state.screen else { return [] }
        guard let detail = state.detail, detail.ref == ref else {
            return [.lines([.note(state.rows[ref] == nil ? "\(ref) is not in the cluster (any more)" : "loading \(ref)…")])]
        }
        switch state.detailPage {
        case .overview: break
        case .diff: return [.lines(diffLines(detail))]
        case .analysis: return [.lines(analysisLines(state.shownAnalysis, caption: state.analysisCaption))]
        case .logs: return [] // drawn by LogPageView, not scrolled as a document
        }
        var head: [DetailLine] = []
        if let row = state.rows[ref] ?? state.deletedDetail?.row, let fraction = row.progress.fraction {
            head.append(.progress(fraction, label: row.progress.text))
        }
        if let deadline = detail.pauseDeadline, deadline > state.now, state.deletedDetail == nil { head.append(.countdown(until: deadline)) }
        if let bg = detail.blueGreen {
            head += [.blank, .heading("Services"),
                     .service(role: "active", name: bg.active, revision: bg.activeRevision),
                     .service(role: "preview", name: bg.preview, revision: bg.previewRevision)]
        }
        var parts: [Part] = [.lines(head)]
        if !detail.steps.isEmpty {
            // Numbered from where the adapter says (a Rollout's from 0, as the plugin's `Step` counts).
            parts += [.lines([.blank, .heading("Steps")]), .steps(detail.steps, first: detail.firstStepNumber)]
        }
        parts += [.lines([.blank]), .text(detail.text)]
        if !detail.analysisRuns.isEmpty {
            parts += [.lines([.blank, .heading("Analysis")]), .analysis(detail.analysisRuns)]
        }
        if let info = detail.checksInfo {
            parts.append(.lines(compactChecks(state.shownAnalysis, info: info, caption: state.analysisCaption)))
        }
        let (events, history) = state.timelineSources
        parts += [.lines([.blank, .heading("Timeline (UTC)")]), .timeline(events: events, history: history)]
        return parts
    }

    /// How many rows a metric's chart takes on the analysis page.
    public static let chartHeight = 6

    /// The diff page: the hunks, or why there is nothing to show.
    static func diffLines(_ detail: DetailModel) -> [DetailLine] {
        switch detail.revisionDiff {
        case nil: return [.note("no revision diff for this kind")]
        case let .failure(error): return [.note("no diff: \(error)")]
        case let .success(diff) where diff.diff.isEmpty: return [.note(diff.identicalMessage)]
        case let .success(diff):
            // The two revisions are named in the title (`DetailView`).
            return diff.diff.hunks.flatMap { [.hunk($0.header)] + $0.lines.map(DetailLine.diff) }
        }
    }

    /// A Canary's overview: each check with its range, sparkline and last value, the failed
    /// checks against the threshold, and where the values come from.
    static func compactChecks(_ analysis: [AnalysisHistory], info: CanaryChecksInfo, caption: String?) -> [DetailLine] {
        let checks = analysis.flatMap(\.metrics)
        return [.blank, .heading("Analysis"), .text("failedChecks \(info.failedChecks) of threshold \(info.threshold)")]
            + checks.map(DetailLine.check) + (caption.map { [.note($0)] } ?? [])
    }

    /// The analysis page: per run, per metric, its conditions and limits, its chart and every
    /// measurement, newest run first; a Canary's with where its values come from (`caption`).
    static func analysisLines(_ analysis: [AnalysisHistory], caption: String? = nil) -> [DetailLine] {
        guard !analysis.isEmpty else { return [.note("no analysis yet")] }
        var lines: [DetailLine] = []
        for run in analysis {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(.run(run))
            if let caption { lines.append(.note(caption)) }
            if run.metrics.isEmpty { lines.append(.note("no metrics yet")) }
            for metric in run.metrics {
                lines += [.blank, .metricHeading(metric)]
                lines += (metric.conditions + metric.limits + (metric.interval.map { ["interval \($0)"] } ?? [])
                          + (metric.message.isEmpty ? [] : [metric.message]))
                    .map(DetailLine.text)
                guard !metric.points.isEmpty else {
                    lines.append(.note("no measurements yet"))
                    continue
                }
                // Values are charted; phases alone (a Job's measurements) take one row of markers.
                let height = metric.points.contains { $0.number != nil } ? chartHeight : 1
                lines += (0..<height).map { .chart(metric, row: $0, height: height) }
                lines += metric.points.enumerated().map { .measurement($0.offset + 1, $0.element) }
            }
        }
        return lines
    }
}
