import Foundation

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
    case timeline(TimelineEntry)
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
        let (events, history) = state.timelineSources
        parts += [.lines([.blank, .heading("Timeline (UTC)")]), .timeline(events: events, history: history)]
        return parts
    }
}
