import Foundation
import TerminalUI

/// Starts a session or explains why not (exit code 2).
func startSession(_ options: TerminalOptions, log: SampleLog) -> TerminalSession? {
    do {
        return try TerminalSession.start(options)
    } catch {
        FileHandle.standardError.write(Data("tui-sample: \(error)\n".utf8))
        log.write("failed \(error.exitCode)")
        return nil
    }
}

/// The interactive sample: draws, moves with j/k, redraws on ctrl-L and resize, ends on
/// q or a termination signal (exit status 128 + the signal, after restoring the terminal).
func runInteractive(arguments: [String], log: SampleLog) -> Int32 {
    let options = TerminalOptions(forceASCII: arguments.contains("--ascii"), noColor: arguments.contains("--no-color"),
                                  mouse: arguments.contains("--mouse"))
    guard let session = startSession(options, log: log) else { return 2 }
    let catalog = ThemeCatalog.standard(environment: ProcessInfo.processInfo.environment)
    let (theme, themeError) = catalog.load(ProcessInfo.processInfo.environment["TUI_SAMPLE_THEME"] ?? "default")
    session.screen.theme = theme
    var screen = SampleScreen(rows: SampleScreen.rows(count: 200, glyphs: session.glyphs), tree: SampleScreen.tree(nodes: 40, glyphs: session.glyphs))
    if let themeError { screen.lastEvent = "theme: \(themeError)" }
    session.screen.draw(screen.render(size: session.size, glyphs: session.glyphs))
    log.write("started \(session.size) colours=\(session.colorCapability.rawValue) glyphs=\(session.glyphs.isASCII ? "ascii" : "utf8")")
    if let warning = session.localeWarning { log.write("warning \(warning)") }
    var exitStatus: Int32 = 0
    loop: while true {
        let input = session.poll(timeoutMilliseconds: nil)
        if let signal = input.terminationSignal {
            log.write("signal \(signal)")
            exitStatus = 128 + signal
            break
        }
        var repaint = false
        for event in input.events {
            log.write("event \(event)")
            screen.lastEvent = "\(event)"
            let visible = screen.visibleRows(at: session.size)
            switch event {
            case .char("q"): break loop
            case .char("j"), .special(.down): screen.list.move(by: 1, count: screen.rows.count, visible: visible)
            case .char("k"), .special(.up): screen.list.move(by: -1, count: screen.rows.count, visible: visible)
            case .special(.pageDown): screen.list.page(1, count: screen.rows.count, visible: visible)
            case .special(.pageUp): screen.list.page(-1, count: screen.rows.count, visible: visible)
            case .char("?"): screen.showsHelp.toggle()
            case .special(.escape): screen.showsHelp = false
            case .ctrl("l"): repaint = true
            case .char("s"):
                session.withTerminalReleased {
                    var modes = termios()
                    tcgetattr(0, &modes)
                    log.write("released canonical=\(modes.c_lflag & tcflag_t(ICANON) != 0)")
                }
                log.write("resumed")
            case .char("e"): FileHandle.standardError.write(Data("sample: a line on standard error\n".utf8))
            case .resize: log.write("resized \(session.size)")
            default: break
            }
        }
        session.screen.draw(screen.render(size: session.size, glyphs: session.glyphs), fullRepaint: repaint)
    }
    session.stop()
    log.write("stopped")
    return exitStatus
}

/// Starts, draws one frame, then crashes the chosen way.
func runCrash(kind: String, log: SampleLog) -> Int32 {
    guard let session = startSession(TerminalOptions(), log: log) else { return 2 }
    let screen = SampleScreen(rows: SampleScreen.rows(count: 50, glyphs: session.glyphs), tree: [])
    session.screen.draw(screen.render(size: session.size, glyphs: session.glyphs))
    log.write("crashing \(kind)")
    switch kind {
    case "segv":
        UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
    case "abort":
        abort()
    case "fpe":
        _ = raise(SIGFPE)
    case "bus":
        _ = raise(SIGBUS)
    case "stderr":
        FileHandle.standardError.write(Data("sample: written before the crash\n".utf8))
        abort()
    default:
        let values: [Int] = []
        log.write("unreachable \(values[Int(session.size.width)])")  // an out-of-bounds trap
    }
    return 1
}
