import TerminalUI

/// The detail screen: a title row, then the `DetailDocument` lines from the scroll offset.
enum DetailView {
    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard case let .detail(ref) = state.screen, !rect.isEmpty else { return }
        grid.fill(rect)
        var x = rect.x + 1
        x += grid.put("\(glyphs.rollout) \(ref)", at: x, rect.y, role: .title)
        x += grid.put("  namespace \(ref.namespace)", at: x, rect.y, role: .dim, maxWidth: rect.maxX - x)
        if state.isFleet, x < rect.maxX {
            let cluster = state.cluster(ref.cluster)
            grid.put("  cluster \(cluster.displayName)", at: x, rect.y, role: cluster.role ?? .dim, maxWidth: rect.maxX - x)
        }
        let lines = DetailDocument.lines(state)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
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
            if !metric.lastValue.isEmpty { _ = put("last \(metric.lastValue)", column, .dim) }
        case let .timeline(entry):
            let w = put(TimeText.clock(entry.time, now: state.now).padded(toWidth: 12), x, .dim)
            let role: Role = switch entry.source {
            case .event: .normal
            case .warning: .warning
            case .step: .progressing
            }
            _ = put(entry.text, x + w, role)
        case let .note(text):
            _ = put(text, x, .dim)
        case .blank:
            break
        }
    }
}
