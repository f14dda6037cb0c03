import CNCurses
import Glibc

/// Input: reading and decoding keys, the mouse and window-size changes.
extension TerminalSession {
    /// Every key, paste and mouse action curses holds now (never blocks).
    func readKeys() -> [KeyEvent] {
        guard let window = cn_stdscr() else { return [] }
        var events: [KeyEvent] = []
        var character: wint_t = 0
        while true {
            let result = wget_wch(window, &character)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                let code = Int32(character)
                if code == KEY_MOUSE {
                    events += readMouse().map { .mouse($0) }
                } else {
                    if code == KEY_RESIZE { screen.invalidate() }
                    events += decoder.feed(.keyCode(code))
                }
            } else {
                events += decoder.feed(.character(UInt32(character)))
            }
        }
        return events + decoder.endOfInput()
    }

    /// The mouse events curses has queued. Quirk: when several reports arrive in one read,
    /// curses returns KEY_MOUSE once and keeps the rest queued for `getmouse`, which hands
    /// them out newest first; they are returned here oldest first.
    private func readMouse() -> [MouseEvent] {
        var events: [MouseEvent] = []
        var event = MEVENT()
        while getmouse(&event) == OK {
            if let decoded = TerminalSession.decodeMouse(event) { events.append(decoded) }
        }
        return events.reversed()
    }

    private static func decodeMouse(_ event: MEVENT) -> MouseEvent? {
        let state = event.bstate
        let kind: MouseEvent.Kind
        if cn_mouse_is_wheel_up(state) != 0 { kind = .wheelUp }
        else if cn_mouse_is_wheel_down(state) != 0 { kind = .wheelDown }
        else if cn_mouse_is_double_click(state) != 0 { kind = .doubleClick }
        else if cn_mouse_is_right(state) != 0 { kind = .rightPress }
        else if cn_mouse_is_press(state) != 0 { kind = .press }
        else if cn_mouse_is_release(state) != 0 { kind = .release }
        else { return nil }
        return MouseEvent(kind: kind, x: Int(event.x), y: Int(event.y))
    }

    /// Whether this process may read the terminal. Quirk: outside the terminal's foreground
    /// process group (run under `timeout`, or left behind by its shell) with SIGTTIN ignored, as
    /// curses has it, every `read` fails with EIO while `poll` keeps reporting input, which would
    /// spin at full CPU; `poll` calls such a terminal lost (as after a hangup) when input was
    /// reported and none could be read. A descriptor that is not a controlling terminal (a test's
    /// pty) has no foreground group and counts as ours.
    var inForegroundGroup: Bool {
        let group = tcgetpgrp(options.inputDescriptor)
        return group < 0 || group == getpgrp()
    }

    /// After SIGWINCH (our handler, not ncurses'): read the new size from the tty and
    /// tell curses, then repaint everything on the next frame.
    func adoptTerminalSize() {
        var size = winsize()
        guard ioctl(options.outputDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return }
        resizeterm(Int32(size.ws_row), Int32(size.ws_col))
        screen.invalidate()
    }

    /// Key codes curses reports, with what they mean: the fixed `KEY_*` codes, and the
    /// codes ncurses assigns at run time to terminfo's extended names for modified keys
    /// (`kUP5` is ctrl-up), found with `tigetstr` + `key_defined`.
    static func keyCodeTable() -> [Int32: KeyEvent] {
        var table: [Int32: KeyEvent] = [
            KEY_UP: .special(.up), KEY_DOWN: .special(.down), KEY_LEFT: .special(.left), KEY_RIGHT: .special(.right),
            KEY_HOME: .special(.home), KEY_END: .special(.end), KEY_PPAGE: .special(.pageUp), KEY_NPAGE: .special(.pageDown),
            KEY_IC: .special(.insert), KEY_DC: .special(.delete), KEY_BACKSPACE: .special(.backspace),
            KEY_ENTER: .special(.enter), KEY_BTAB: .special(.backTab), KEY_RESIZE: .resize,
            KEY_SLEFT: .key(.left, .shift), KEY_SRIGHT: .key(.right, .shift), KEY_SR: .key(.up, .shift), KEY_SF: .key(.down, .shift),
            KEY_SHOME: .key(.home, .shift), KEY_SEND: .key(.end, .shift), KEY_SDC: .key(.delete, .shift),
            KEY_SPREVIOUS: .key(.pageUp, .shift), KEY_SNEXT: .key(.pageDown, .shift), KEY_LL: .special(.end),
        ]
        // terminfo numbers shifted and ctrl F-keys on: F13-F24 = shift-F1-F12, F25-F36 = ctrl-F1-F12.
        for n in 1...12 {
            table[cn_key_f(Int32(n))] = .special(.function(n))
            table[cn_key_f(Int32(n + 12))] = .key(.function(n), .shift)
            table[cn_key_f(Int32(n + 24))] = .key(.function(n), .ctrl)
        }
        let names: [(String, Key)] = [
            ("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right), ("kHOM", .home), ("kEND", .end),
            ("kPRV", .pageUp), ("kNXT", .pageDown), ("kDC", .delete), ("kIC", .insert),
        ]
        for (name, key) in names {
            for suffix in 2...8 {
                guard let sequence = tigetstr("\(name)\(suffix)"), Int(bitPattern: sequence) != -1 else { continue }
                let code = key_defined(sequence)
                if code > 0 { table[code] = .key(key, KeyModifiers(xtermParameter: suffix)) }
            }
        }
        return table
    }
}
