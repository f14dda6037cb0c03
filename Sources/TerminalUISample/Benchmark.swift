import Foundation
import TerminalUI

/// Prints figures, asserts nothing: the time to render a frame of a 5,000-row list and of
/// a 500-node tree (pure, into a grid), the time a frame takes through curses, and the
/// bytes a frame writes to a pty when one row changes against a full repaint.
enum Benchmark {
    static let size = Size(width: 120, height: 40)
    static let frames = 200

    static func run() {
        let glyphs = Glyphs.unicode
        let rows = SampleScreen.rows(count: 5000, glyphs: glyphs)
        let tree = SampleScreen.tree(nodes: 500, glyphs: glyphs)
        let nodeCount = TreeView.flatten(tree, glyphs: glyphs).count
        print("tui-sample bench: frame \(size), \(frames) frames each")

        let listTime = measure { frame in
            var grid = Grid(size: size)
            var state = ListState()
            state.select(frame * 25 % rows.count, count: rows.count, visible: size.height - 1)
            ListView(columns: SampleScreen.columns, rows: rows, state: state).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
            return grid
        }
        print(String(format: "list of %d rows: render median %.3f ms/frame, best %.3f", rows.count, listTime.median, listTime.best))

        let treeTime = measure { frame in
            var grid = Grid(size: size)
            TreeView(columns: SampleScreen.treeColumns, roots: tree, state: ListState(selected: frame % nodeCount))
                .draw(into: &grid, in: grid.bounds, glyphs: glyphs)
            return grid
        }
        print(String(format: "tree of %d nodes: render median %.3f ms/frame, best %.3f", nodeCount, treeTime.median, treeTime.best))

        do {
            try measurePty(rows: rows, glyphs: glyphs)
        } catch {
            print("pty figures unavailable: \(error)")
        }
    }

    /// Median and best milliseconds of `body` over `frames` runs (the machine may be
    /// shared: the median and the best frame say more than a mean pulled up by waits).
    static func measure(_ body: (Int) -> Grid) -> (median: Double, best: Double) {
        var times: [Double] = []
        var sink = 0
        for frame in 0..<frames {
            let start = DispatchTime.now().uptimeNanoseconds
            let grid = body(frame)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            sink &+= grid.cells.count
        }
        precondition(sink > 0)
        times.sort()
        return (times[times.count / 2], times[0])
    }

    static func measurePty(rows: [ListRow], glyphs: Glyphs) throws {
        let pty = try PseudoTerminal(size: size)
        var options = TerminalOptions()
        options.inputDescriptor = pty.slave
        options.outputDescriptor = pty.slave
        options.terminalType = "xterm-256color"
        var environment = TerminalSession.processEnvironment()
        environment["ESCDELAY"] = "25"
        environment.removeValue(forKey: "NO_COLOR")
        let session = try TerminalSession.start(options, environment: environment)
        defer { session.stop() }
        var rows = rows
        func frame(_ index: Int) -> Grid {
            var grid = Grid(size: size)
            ListView(columns: SampleScreen.columns, rows: rows, state: ListState()).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
            return grid
        }
        session.screen.draw(frame(0))
        let first = pty.readAvailable().count
        let count = 50
        var changedBytes = 0
        var cursesTime = 0.0
        for index in 1...count {
            // One row changes: the status of row 5 cycles.
            rows[5].cells[3] = "\(glyphs.progressing) Progressing \(index)"
            let start = DispatchTime.now().uptimeNanoseconds
            session.screen.draw(frame(index))
            cursesTime += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            changedBytes += pty.readAvailable().count
        }
        var fullBytes = 0
        for index in 1...count {
            session.screen.draw(frame(index), fullRepaint: true)
            fullBytes += pty.readAvailable().count
        }
        print("pty (xterm-256color, \(session.colorCapability.rawValue) colours): first frame \(first) bytes")
        print(String(format: "one row changed: %d bytes/frame, render + curses %.3f ms/frame", changedBytes / count, cursesTime / Double(count)))
        print("full repaint: \(fullBytes / count) bytes/frame")
    }
}
