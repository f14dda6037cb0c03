import Delivery
import TerminalUI

/// The detail screen: a title row, then the `DetailDocument` lines from the scroll offset.
enum DetailView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard case let .detail(ref) = state.screen, !rect.isEmpty else { return }
        grid.fill(rect)
        var x = rect.x + 1
        x += grid.put("\(glyphs.rollout) \(ref)", at: x, rect.y, role: .title)
        x += grid.put("  " + subtitle(state, ref: ref, glyphs: glyphs), at: x, rect.y, role: .dim, maxWidth: rect.maxX - x)
        if state.isFleet, x < rect.maxX {
            let cluster = state.cluster(ref.cluster)
            grid.put("  cluster \(cluster.displayName)", at: x, rect.y, role: cluster.role ?? .dim, maxWidth: rect.maxX - x)
        }
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        if state.detailPage == .logs {
            LogPageView.draw(state, into: &grid, in: body, glyphs: glyphs)
            return
        }
        let lines = DetailDocument.lines(state)
        let start = min(state.detailScroll, max(0, lines.count - body.height))
        for (row, line) in lines.dropFirst(start).prefix(body.height).enumerated() {
            drawLine(line, state: state, into: &grid, x: body.x + 1, y: body.y + row, width: body.width - 2,
                     glyphs: glyphs)
        }
        // A deleted object's last state, greyed.
        if state.deletedDetail != nil { grid.paint(body, role: .dim) }
        if start > 0 { grid.put(glyphs.scrollUp, at: body.maxX - 1, body.y, role: .dim) }
        if start + body.height < lines.count { grid.put(glyphs.scrollDown, at: body.maxX - 1, body.maxY - 1, role: .dim) }
    }

    /// What follows the object in the title: its namespace, or the page it shows (the diff's
    /// two revisions).
    static func subtitle(_ state: ConsoleState, ref: ObjectRef, glyphs: Glyphs) -> String {
        switch state.detailPage {
        case .overview:
            return "namespace \(ref.namespace)"
        case .analysis:
            return "analysis"
        case .logs:
            guard let sides = state.detail?.logSides else { return "logs" }
            return "logs \(sides.newRole) \(glyphs.pointer) \(sides.oldRole)"
        case .diff:
            guard case let .success(diff)? = state.detail?.revisionDiff else { return "diff" }
            return "diff \(diff.old.label) \(glyphs.pointer) \(diff.new.label)"
        }
    }

    /// The plugin's text is in its own glyphs; in the ASCII set each one is swapped for its
    /// ASCII stand-in, character by character (every glyph of every set is one column wide).
    static func asciiText(_ text: String, _ glyphs: Glyphs) -> String {
        guard glyphs.isASCII else { return text }
        return String(text.map { asciiMap[$0] ?? $0 })
    }

    /// Each UTF-8 character of the plugin's set and the console's to its ASCII stand-in.
    private static let asciiMap: [Character: Character] = {
        let a = Glyphs.ascii
        var map: [Character: Character] = [:]
        for u in [Glyphs.plugin, .unicode] {
            let pairs = [(u.ok, a.ok), (u.bad, a.bad), (u.progressing, a.progressing), (u.waiting, a.waiting), (u.warning, a.warning),
                         (u.paused, a.paused), (u.neutral, a.neutral), (u.rollout, a.rollout), (u.replicaSet, a.replicaSet),
                         (u.pod, a.pod), (u.job, a.job), (u.experiment, a.experiment), (u.analysisRun, a.analysisRun),
                         (u.service, a.service), (u.treeBranch, a.treeBranch), (u.treeLast, a.treeLast), (u.treePipe, a.treePipe),
                         (u.horizontal, a.horizontal)]
            for (unicode, ascii) in pairs {
                for (uc, ac) in zip(unicode, ascii) where uc != ac { map[uc] = ac }
            }
        }
        return map
    }()

    private static func statusRole(_ word: String) -> Role {
        switch word {
        case "Healthy", "Successful", "Running", "Completed", "Succeeded": .healthy
        case "Progressing", "Pending", "ContainerCreating", "Terminating": .progressing
        case "Paused", "Waiting", "WaitingPromotion": .paused
        case "Degraded", "Failed", "Error", "ReplicaFailure", "CrashLoopBackOff": .degraded
        case "Inconclusive", "Unknown", "ImagePullBackOff": .warning
        default: .normal
        }
    }

    private static func drawLine(_ line: DetailLine, state: ConsoleState, into grid: inout Grid, x: Int, y: Int, width: Int,
                                 glyphs: Glyphs) {
        let maxX = x + width
        func put(_ text: String, _ at: Int, _ role: Role = .normal) -> Int {
            guard at < maxX else { return 0 }
            return grid.put(text, at: at, y, role: role, maxWidth: maxX - at)
        }
        switch line {
        case let .heading(text):
            _ = put(text, x, .title)
        case let .text(text):
            _ = put(asciiText(text, glyphs), x)
        case let .step(number, step):
            let (mark, role): (String, Role) = switch step.state {
            case .done: (glyphs.ok, .dim)
            case .current: (glyphs.pointer, .paused)
            case .pending: (" ", .normal)
            }
            _ = put("\(mark) \(number). \(step.text)", x, role)
        case let .progress(fraction, label):
            let w = put("Progress:".padded(toWidth: 15), x, .dim)
            Gauge(fraction: fraction, label: label).draw(into: &grid, in: Rect(x: x + w, y: y, width: min(40, width - w), height: 1),
                                                         glyphs: glyphs)
        case let .countdown(deadline):
            let w = put("Pause:".padded(toWidth: 15), x, .dim)
            _ = put("paused, \(TimeText.countdown(deadline.timeIntervalSince(state.now))) left", x + w, .paused)
        case let .service(role, name, revision):
            let w = put("\(role):".padded(toWidth: 15), x, .dim)
            _ = put("\(name) \(glyphs.pointer) \(revision)", x + w, role == "active" ? .healthy : .progressing)
        case let .analysis(run):
            let w = put("\(glyphs.analysisRun) \(run.name)  ", x)
            _ = put(run.phase, x + w, statusRole(run.phase))
        case let .metric(metric):
            // Each field cut to its width and followed by at least one space, so none runs into the next
            // (`Inconclusive ✔ 1, ? 1`).
            var column = x + 4
            column += put(metric.name.padded(toWidth: 19) + " ", column)
            column += put(metric.phase.padded(toWidth: 12) + " ", column, statusRole(metric.phase))
            let counts = [(glyphs.ok, metric.successful), (glyphs.bad, metric.failed), (glyphs.unknown, metric.inconclusive),
                          (glyphs.warning, metric.error)].filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            column += put(counts.padded(toWidth: 15) + " ", column)
            if let history = metric.history, history.points.contains(where: { $0.number != nil }) {
                // The compact form: the newest values as a sparkline, then what they are held against.
                column += chart(history, glyphs).drawSparkline(into: &grid, x: column, y: y, width: min(sparklineWidth, maxX - column),
                                                               glyphs: glyphs) + 1
                if let threshold = history.thresholds.first { column += put(threshold.text + " ", column, .dim) }
            }
            if !metric.lastValue.isEmpty { _ = put("last \(metric.lastValue)", column, .dim) }
        case let .check(metric):
            var column = x + 4
            column += put(metric.name.padded(toWidth: 24) + " ", column)
            column += put(rangeText(metric.thresholds).padded(toWidth: 16) + " ", column, .dim)
            if metric.points.contains(where: { $0.number != nil }) {
                column += chart(metric, glyphs).drawSparkline(into: &grid, x: column, y: y, width: min(sparklineWidth, maxX - column),
                                                              glyphs: glyphs) + 1
            }
            _ = put(metric.lastValue.isEmpty ? "no value yet" : "last \(metric.lastValue)", column, statusRole(metric.phase))
        case let .timeline(entry):
            let w = put(TimeText.clock(entry.time, now: state.now).padded(toWidth: 12), x, .dim)
            let role: Role = switch entry.source {
            case .event: .normal
            case .warning: .warning
            case .step: .progressing
            }
            _ = put(entry.text, x + w, role)
        case let .hunk(header):
            _ = put(header, x, .progressing)
        case let .diff(line):
            let role: Role = switch line.kind {
            case .context: .normal
            case .removed: .degraded
            case .added: .healthy
            }
            _ = put(line.rendered, x, role)
        case let .run(run):
            var column = x + put("\(glyphs.analysisRun) \(run.name)  ", x, .title)
            column += put(run.phase + "  ", column, statusRole(run.phase))
            _ = put(run.message, column, .dim)
        case let .metricHeading(metric):
            var column = x + put(metric.name + "  ", x, .title)
            column += put(metric.phase + "  ", column, statusRole(metric.phase))
            if metric.dryRun { column += put("dry run  ", column, .warning) }
            _ = put("values from \(metric.source)", column, .dim)
        case let .chart(metric, row, height):
            chart(metric, glyphs).drawRow(row, height: height, into: &grid, x: x + 2, y: y, width: min(width - 2, 2 * metric.points.count + 12),
                                          glyphs: glyphs)
        case let .measurement(number, point):
            var column = x + 2
            column += put("#\(number)".padded(toWidth: 5), column, .dim)
            column += put((point.value.isEmpty ? "-" : point.value).padded(toWidth: 12) + " ", column)
            column += put(point.phase.padded(toWidth: 13), column, statusRole(point.phase))
            if let time = (point.finishedAt ?? point.startedAt)?.date {
                column += put(TimeText.clock(time, now: state.now).padded(toWidth: 12), column, .dim)
            }
            _ = put(point.message, column, point.phase == "Successful" ? .dim : .warning)
        case let .note(text):
            _ = put(text, x, .dim)
        case .blank:
            break
        }
    }

    /// A Flagger check's `thresholdRange` from its lines: `min 99`, `max 500`, `min 1, max 5`.
    static func rangeText(_ thresholds: [MetricThreshold]) -> String {
        guard !thresholds.isEmpty else { return "no range" }
        return thresholds.map { t in
            let bound = t.comparison == .atLeast || t.comparison == .above ? "min" : "max"
            return "\(bound) \(MetricValue.format(t.value))"
        }.joined(separator: ", ")
    }

    /// How many of a metric's newest values the detail's compact form shows.
    static let sparklineWidth = 12

    /// A metric's measurements as a chart: each in its phase's role, a phase glyph where there is
    /// no number, its thresholds as lines (only beside values: a row of phase glyphs has no scale).
    static func chart(_ metric: MetricHistory, _ glyphs: Glyphs) -> BarChart {
        BarChart(points: metric.points.map { point in
            let marker = switch point.phase {
            case "Successful": glyphs.ok
            case "Failed": glyphs.bad
            case "Error": glyphs.warning
            case "Inconclusive": glyphs.unknown
            default: glyphs.waiting
            }
            return BarChart.Point(value: point.number, role: statusRole(point.phase), marker: marker)
        }, lines: metric.points.contains { $0.number != nil } ? metric.thresholds.map(\.value) : [])
    }
}
