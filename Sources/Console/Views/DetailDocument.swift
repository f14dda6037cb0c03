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

/// Builds the detail's lines from the state.
public enum DetailDocument {
    public static func lines(_ state: ConsoleState) -> [DetailLine] {
        guard case let .detail(ref) = state.screen else { return [] }
        guard let detail = state.detail, detail.ref == ref else {
            return [.note(state.rows[ref] == nil ? "\(ref) is not in the cluster (any more)" : "loading \(ref)…")]
        }
        var lines: [DetailLine] = []
        if let row = state.rows[ref] ?? state.deletedDetail?.row, let fraction = row.progress.fraction {
            lines.append(.progress(fraction, label: row.progress.text))
        }
        if let deadline = detail.pauseDeadline, deadline > state.now, state.deletedDetail == nil { lines.append(.countdown(until: deadline)) }
        if let bg = detail.blueGreen {
            lines += [.blank, .heading("Services"),
                      .service(role: "active", name: bg.active, revision: bg.activeRevision),
                      .service(role: "preview", name: bg.preview, revision: bg.previewRevision)]
        }
        if !detail.steps.isEmpty {
            lines += [.blank, .heading("Steps")]
            lines += detail.steps.enumerated().map { .step(number: $0.offset + detail.firstStepNumber, $0.element) }
        }
        lines.append(.blank)
        lines += detail.text.map(DetailLine.text)
        if !detail.analysisRuns.isEmpty {
            lines += [.blank, .heading("Analysis")]
            for run in detail.analysisRuns {
                lines.append(.analysis(run))
                lines += run.metrics.map(DetailLine.metric)
            }
        }
        let timeline = state.timeline
        lines += [.blank, .heading("Timeline (UTC)")]
        lines += timeline.isEmpty ? [.note("no events yet")] : timeline.map(DetailLine.timeline)
        return lines
    }

    /// Rows the detail body has on screen: everything but the header (2 lines), the detail's
    /// title (1), the status line and the footer (2).
    public static func bodyHeight(_ state: ConsoleState) -> Int { max(1, state.height - 5) }

    /// The furthest the detail can scroll: its last line at the bottom of the body.
    public static func maxScroll(_ state: ConsoleState) -> Int {
        max(0, lines(state).count - bodyHeight(state))
    }
}
