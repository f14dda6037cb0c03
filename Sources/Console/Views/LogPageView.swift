import Delivery
import Foundation
import TerminalUI

/// One screen row of a log pane: a line's prefix (first row only) and a piece of its text.
struct LogRow: Hashable {
    /// `[pod] ` or `[pod/container] `, drawn in the pod's colour; nil on a wrapped line's continuation.
    var prefix: String?
    var role: Role
    var text: String
}

/// The log page's pure layout: lines to rows (cut at the width, or wrapped onto continuation
/// rows indented by two columns), the newest at the bottom.
enum LogLayout {
    /// The rows of `lines` in `width` columns, only the last `height` (the newest at the bottom).
    static func rows(_ lines: [(prefix: String, role: Role, text: String)], width: Int, height: Int, wrap: Bool) -> [LogRow] {
        guard width > 0, height > 0 else { return [] }
        var out: [LogRow] = []
        // From the newest back, until the pane is full: a long history costs only what is shown.
        for line in lines.reversed() {
            let first = width - line.prefix.displayWidth
            var rows: [LogRow]
            if !wrap || first <= 0 || line.text.displayWidth <= first {
                rows = [LogRow(prefix: line.prefix, role: line.role, text: line.text)]
            } else {
                let pieces = split(line.text, first: first, rest: max(1, width - 2))
                rows = [LogRow(prefix: line.prefix, role: line.role, text: pieces[0])]
                rows += pieces.dropFirst().map { LogRow(prefix: nil, role: line.role, text: "  " + $0) }
            }
            out.insert(contentsOf: rows, at: 0)
            if out.count >= height { break }
        }
        return Array(out.suffix(height))
    }

    /// `text` in pieces of at most `first`, then `rest`, columns (a wide character is never split).
    static func split(_ text: String, first: Int, rest: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        var used = 0
        var limit = first
        for c in text {
            let w = DisplayWidth.of(c)
            if used + w > limit, !current.isEmpty {
                pieces.append(current)
                current = ""
                used = 0
                limit = rest
            }
            current.append(c)
            used += w
        }
        pieces.append(current)
        return pieces
    }
}

/// The log page (`l`): the new revision's pods against the serving one's, side by side (new
/// left) or merged in time order, each line after its pod's coloured prefix; search matches
/// highlighted; a status row saying what is read, paused, cut or dropped.
enum LogPageView {
    /// The roles pods are told apart by, in order.
    static let podRoles: [Role] = [.info, .progressing, .paused, .warning, .healthy, .degraded]

    static func draw(_ state: ConsoleState, into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty, let view = state.logView else { return }
        let sides = state.detail?.logSides
        let specs = state.logStreams
        let roles = podRoleMap(specs)
        grid.put(statusText(view, sides: sides, specs: specs), at: rect.x + 1, rect.y, role: view.pausedAt != nil ? .paused : .dim,
                 maxWidth: rect.width - 2)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard !body.isEmpty else { return }
        guard let sides else {
            grid.put("waiting for the pods…", at: body.x + 1, body.y, role: .dim, maxWidth: body.width - 2)
            return
        }
        switch view.layout {
        case .merged:
            let title = "\(sides.newRole) and \(sides.oldRole), merged in time order"
            drawPane(view, lines: view.merged, title: title, notes: notes(view, specs, nil), roles: roles, merged: true,
                     into: &grid, in: Rect(x: body.x + 1, y: body.y, width: body.width - 2, height: body.height))
        case .sideBySide:
            let left = (body.width - 1) / 2
            let right = body.width - left - 1
            for y in body.y..<body.maxY { grid.put(glyphs.vertical, at: body.x + left, y, role: .border) }
            drawPane(view, lines: view.shown(.new), title: paneTitle(sides.newRole, sides.new, specs, .new), notes: notes(view, specs, .new),
                     roles: roles, merged: false, into: &grid, in: Rect(x: body.x + 1, y: body.y, width: max(0, left - 1), height: body.height))
            drawPane(view, lines: view.shown(.old), title: paneTitle(sides.oldRole, sides.old, specs, .old), notes: notes(view, specs, .old),
                     roles: roles, merged: false, into: &grid, in: Rect(x: body.x + left + 2, y: body.y, width: max(0, right - 2), height: body.height))
        }
    }

    /// `canary: 2 pods` (`, 3 read` when there are more than read).
    static func paneTitle(_ role: String, _ pods: [LogSides.PodEntry], _ specs: Set<LogStreamSpec>, _ side: LogSide) -> String {
        let read = Set(specs.filter { $0.side == side }.map(\.pod)).count
        if pods.isEmpty { return "\(role): no pods" }
        let count = "\(pods.count) pod\(pods.count == 1 ? "" : "s")"
        return read < pods.count ? "\(role): \(count), \(read) read" : "\(role): \(count)"
    }

    private static func notes(_ view: LogView, _ specs: Set<LogStreamSpec>, _ side: LogSide?) -> [String] {
        specs.filter { side == nil || $0.side == side }.sorted { $0.key < $1.key }.compactMap { spec in
            view.notes[spec.key].map { "\(spec.pod): \($0)" }
        }
    }

    private static func drawPane(_ view: LogView, lines: [LogLine], title: String, notes: [String], roles: [String: Role], merged: Bool,
                                 into grid: inout Grid, in rect: Rect) {
        guard !rect.isEmpty else { return }
        grid.put(title, at: rect.x, rect.y, role: .title, maxWidth: rect.width)
        var y = rect.y + 1
        for note in notes.prefix(max(0, rect.height - 2)) {
            grid.put(note, at: rect.x, y, role: .error, maxWidth: rect.width)
            y += 1
        }
        let height = rect.maxY - y
        let items = lines.map { line in
            (prefix: merged ? "[\(line.pod)/\(line.container)] " : "[\(shortName(line.pod))] ",
             role: roles[line.pod] ?? .info, text: line.text)
        }
        let rows = LogLayout.rows(items, width: rect.width, height: height, wrap: view.wrap)
        for (i, row) in rows.enumerated() {
            var x = rect.x
            if let prefix = row.prefix { x += grid.put(prefix, at: x, y + i, role: row.role, maxWidth: rect.maxX - x) }
            drawText(row.text, view: view, at: x, y + i, maxX: rect.maxX, into: &grid)
        }
    }

    /// Text with the search's matches highlighted.
    private static func drawText(_ text: String, view: LogView, at x: Int, _ y: Int, maxX: Int, into grid: inout Grid) {
        guard x < maxX else { return }
        guard let search = view.search, !search.isEmpty, view.matches(text) else {
            grid.put(text, at: x, y, maxWidth: maxX - x)
            return
        }
        var x = x
        var rest = text[...]
        while x < maxX, let hit = rest.range(of: search, options: .caseInsensitive) {
            x += grid.put(String(rest[..<hit.lowerBound]), at: x, y, maxWidth: maxX - x)
            guard x < maxX else { return }
            x += grid.put(String(rest[hit]), at: x, y, role: .highlight, maxWidth: maxX - x)
            rest = rest[hit.upperBound...]
        }
        if x < maxX { grid.put(String(rest), at: x, y, maxWidth: maxX - x) }
    }

    /// The pod's name without its workload's: `checkout-6d4f9c7b8-x2k4p` → `x2k4p`.
    static func shortName(_ pod: String) -> String {
        pod.split(separator: "-").last.map(String.init) ?? pod
    }

    /// A colour per pod read: new side first, then old, in name order.
    static func podRoleMap(_ specs: Set<LogStreamSpec>) -> [String: Role] {
        let pods = specs.sorted { ($0.side == .new ? 0 : 1, $0.pod) < ($1.side == .new ? 0 : 1, $1.pod) }.map(\.pod)
        var roles: [String: Role] = [:]
        for pod in pods where roles[pod] == nil { roles[pod] = podRoles[roles.count % podRoles.count] }
        return roles
    }

    /// `container app · following · wrap off · search "503" · 5,000 lines kept per side, 120 dropped`.
    static func statusText(_ view: LogView, sides: LogSides?, specs: Set<LogStreamSpec>) -> String {
        var parts: [String] = []
        if view.pausedAt != nil {
            parts.append("paused, \(view.newSincePause) new line\(view.newSincePause == 1 ? "" : "s") (space: resume)")
        } else if view.end != nil {
            parts.append("scrolled back (G: newest)")
        } else {
            parts.append("following")
        }
        let containers = Set(specs.map(\.container)).sorted()
        parts.append(view.container.map { "container \($0)" } ?? "container \(containers.first ?? "-")\(containers.count > 1 ? " (first of each pod)" : "")")
        if view.previous { parts.append("previous instances") }
        parts.append(view.layout == .merged ? "merged" : "side by side")
        parts.append("wrap \(view.wrap ? "on" : "off")")
        if let search = view.search, !search.isEmpty { parts.append("search \"\(search)\"") }
        let dropped = view.new.dropped + view.old.dropped
        parts.append("last \(DetailBuilder.grouped(view.new.limit)) lines kept per side" + (dropped > 0 ? ", \(dropped) older dropped" : ""))
        return parts.joined(separator: " · ")
    }
}
