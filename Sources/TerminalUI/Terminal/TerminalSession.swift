import CNCurses
import Glibc

/// The terminal's whole lifecycle, in one type: start (`newterm`), input, and an
/// idempotent `stop` that restores it, plus the signal and crash handling that restores
/// it when the program does not get to call `stop` (see `SignalRelay`).
///
/// Use it from one thread only: ncurses is not thread-safe. Other threads hand work to
/// the main loop and call `wakeup.signal()`; the loop sleeps in `poll`.
///
/// ```swift
/// let session = try TerminalSession.start(options)   // TerminalError: print it, exit(error.exitCode)
/// defer { session.stop() }
/// while true {
///     let input = session.poll(timeoutMilliseconds: nil)
///     if input.terminationSignal != nil { break }
///     ... session.screen.draw(grid) ...
/// }
/// ```
public final class TerminalSession {
    /// The glyph set: ASCII when the locale's codeset is not UTF-8 or `--ascii`.
    public let glyphs: Glyphs
    /// The locale's codeset (`UTF-8`, `ANSI_X3.4-1968`, ...).
    public let codeset: String
    /// Why the glyphs fell back to ASCII although the user did not ask, if they did.
    public let localeWarning: String?
    /// The colours available: from terminfo after `start_color`, none under `NO_COLOR`.
    public let colorCapability: ColorCapability
    /// The number of colours terminfo reports (0 when colour is off).
    public let terminalColors: Int
    /// Draws frames.
    public let screen: CursesScreen
    /// Wakes `poll` from other threads.
    public let wakeup: Wakeup

    /// What the session was started with.
    let options: TerminalOptions
    private let relay: SignalRelay
    private let cursesScreen: OpaquePointer
    private let inputFile: UnsafeMutablePointer<FILE>
    private let outputFile: UnsafeMutablePointer<FILE>
    /// Decodes `get_wch` results (used by `readKeys`).
    var decoder: KeyDecoder
    private var stopped = false
    /// The thread that started the session: the only one allowed to touch curses.
    private let owner = pthread_self()
    /// Signals taken from the relay while the terminal was released, for the next `poll`.
    private var pendingSignals: [Int32] = []
    /// Standard error before the session, and the file collecting it meanwhile.
    private var standardError: (saved: Int32, capture: Int32)?

    /// Switches bracketed paste on: the terminal wraps pasted text in `CSI 200~`/`CSI 201~`.
    static let bracketedPasteOn = "\u{1B}[?2004h"
    static let bracketedPasteOff = "\u{1B}[?2004l"
    /// Every mouse reporting mode off.
    static let mouseOff = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l"

    /// Starts curses on the terminal. Throws `TerminalError.unknownTerminal` when there is
    /// no terminfo entry for the terminal type (where `initscr` would print its own
    /// message and exit), `incapableTerminal` for a terminal that cannot move the cursor,
    /// `notATerminal` when input or output is not a tty, `sessionActive` when a session
    /// is already running. The caller prints the error and exits with `exitCode` (2).
    /// `environment` is read for `TERM`, `NO_COLOR`, `ESCDELAY` and the locale's name.
    public static func start(_ options: TerminalOptions = TerminalOptions(),
                             environment: [String: String] = TerminalSession.processEnvironment()) throws(TerminalError) -> TerminalSession {
        try TerminalSession(options: options, environment: environment)
    }

    private init(options: TerminalOptions, environment: [String: String]) throws(TerminalError) {
        self.options = options
        guard isatty(options.inputDescriptor) == 1, isatty(options.outputDescriptor) == 1 else { throw .notATerminal }

        // Locale first: ncursesw decides between UTF-8 and single-byte output from it.
        let requested = setlocale(LC_ALL, "")
        codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        glyphs = Glyphs.forCodeset(codeset, forceASCII: options.forceASCII)
        localeWarning = TerminalSession.localeWarning(requestedLocaleFound: requested != nil, codeset: codeset,
                                                      glyphs: glyphs, forced: options.forceASCII, environment: environment)

        // Our handlers go in before newterm, so ncurses does not install its own.
        relay = try SignalRelay(terminalDescriptor: options.outputDescriptor)
        wakeup = try Wakeup()

        let term = options.terminalType ?? environment["TERM"] ?? ""
        guard let output = fdopen(dup(options.outputDescriptor), "w") else { relay.uninstall(); throw .system("fdopen", errno) }
        guard let input = fdopen(dup(options.inputDescriptor), "r") else { fclose(output); relay.uninstall(); throw .system("fdopen", errno) }
        guard !term.isEmpty, let created = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            relay.uninstall()
            throw .unknownTerminal(term)
        }
        guard let move = tigetstr("cup"), Int(bitPattern: move) != -1 else {
            // newterm accepts `dumb`, which can only print lines: refuse it before any mode changes.
            endwin()
            delscreen(created)
            fclose(output)
            fclose(input)
            relay.uninstall()
            throw .incapableTerminal(term)
        }
        cursesScreen = created
        inputFile = input
        outputFile = output

        // After newterm, so it applies to this screen; ncurses itself reads the variable.
        if environment["ESCDELAY"] == nil { set_escdelay(options.escapeDelayMilliseconds) }
        cbreak()
        noecho()
        nonl()
        intrflush(cn_stdscr(), false)
        keypad(cn_stdscr(), true)
        nodelay(cn_stdscr(), true)
        // Quirk: by default doupdate polls the input descriptor for typeahead as it goes,
        // flushing what it has written before each poll, so one frame left in a dozen small
        // write(2)s (strace: 7, 36, 42, 26 bytes... with a poll between them), and a pending key
        // would cut the update short. The loop reads input itself between frames; -1 turns
        // the check off, so a frame leaves in as few writes as ncurses' buffer allows.
        typeahead(-1)
        curs_set(0)

        let colorDisabled = options.noColor || ColorCapability.noColorRequested(environment: environment)
        var colors = 0
        var hasDefaultColors = false
        if !colorDisabled, has_colors() {
            start_color()
            hasDefaultColors = use_default_colors() == OK
            colors = Int(cn_colors())
        }
        terminalColors = colors
        colorCapability = ColorCapability.detect(terminalColors: colors, colorDisabled: colorDisabled)
        screen = CursesScreen(theme: .fallback, capability: colorCapability, hasDefaultColors: hasDefaultColors)

        if options.mouse {
            mousemask(cn_mouse_mask_used(), nil)
            mouseinterval(0)
        } else {
            mousemask(0, nil)
        }
        decoder = KeyDecoder(keyCodes: TerminalSession.keyCodeTable())
        // Quirk (ncurses 6.4, lib_mvcur.c): while a screen has never been through `endwin`
        // (its `_endwin` is still `ewInitial`), every cursor movement inside `doupdate` flushes
        // the output buffer, so a frame changing twenty rows left in twenty write(2)s (strace),
        // each a wakeup for the reader on the other side (the terminal, sshd, tmux). Only a
        // `doupdate` after `endwin` moves the screen on to `ewRunning`: one round here, before
        // anything is drawn, with the modes set above kept, makes every frame one write.
        def_prog_mode()
        endwin()
        doupdate()
        relay.setResetSequence(TerminalSession.resetSequence(mouse: options.mouse))
        write(TerminalSession.bracketedPasteOn)
        if options.captureStandardError { captureStandardError() }
    }

    /// The process environment as a dictionary.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Stops the program when called from another thread than the one that started the
    /// session (curses is not thread-safe; the crash handler still restores the terminal).
    private func requireOwningThread(_ function: StaticString = #function) {
        precondition(pthread_equal(pthread_self(), owner) != 0, "TerminalSession.\(function) called off the curses thread")
    }

    /// The screen size now.
    public var size: Size {
        guard let window = cn_stdscr() else { return Size(width: 0, height: 0) }
        return Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    /// Sleeps until a key, a signal, a wakeup or the timeout (nil: no timeout), then
    /// returns everything pending. Keys are read to the end of what curses holds, so no
    /// key is left waiting behind an ESC lookahead.
    public func poll(timeoutMilliseconds: Int32?) -> TerminalInput {
        requireOwningThread()
        var descriptors = [
            pollfd(fd: options.inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: relay.readDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeup.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        _ = Glibc.poll(&descriptors, nfds_t(descriptors.count), pendingSignals.isEmpty ? (timeoutMilliseconds ?? -1) : 0)
        var input = TerminalInput()
        let signals = pendingSignals + relay.takeSignals()
        pendingSignals = []
        for signal in signals {
            if signal == SIGWINCH {
                adoptTerminalSize()
                input.events.append(.resize)
            } else if SignalRelay.termination.contains(signal), input.terminationSignal == nil {
                input.terminationSignal = signal
            }
        }
        // The terminal went away without a SIGHUP reaching us (its signal blocked, a closed
        // pty): poll would report it at once forever, so it ends the session like a hangup.
        let gone = Int16(POLLHUP | POLLERR | POLLNVAL)
        if descriptors[0].revents & gone != 0, input.terminationSignal == nil { input.terminationSignal = SIGHUP }
        input.wokenUp = wakeup.drain()
        let keys = readKeys()
        if descriptors[0].revents & Int16(POLLIN) != 0, keys.isEmpty, input.terminationSignal == nil, !inForegroundGroup {
            input.terminationSignal = SIGHUP
        }
        // curses may queue its own KEY_RESIZE after `resizeterm`: one resize per poll is enough.
        input.events += input.events.contains(.resize) ? keys.filter { $0 != .resize } : keys
        return input
    }

    /// Hands the terminal back for `body` (an editor, a pager, a shell command), then
    /// takes it again and repaints everything. SIGINT and SIGQUIT arriving meanwhile were
    /// typed for the other program and are dropped.
    public func withTerminalReleased<T>(_ body: () throws -> T) rethrows -> T {
        requireOwningThread()
        write(TerminalSession.bracketedPasteOff + (options.mouse ? TerminalSession.mouseOff : ""))
        def_prog_mode()
        endwin()
        defer {
            // ctrl-C or ctrl-\ typed in the other program went to it (the whole foreground
            // group gets them): they do not end this one. Other signals are kept for `poll`.
            pendingSignals += relay.takeSignals().filter { $0 != SIGINT && $0 != SIGQUIT }
            reset_prog_mode()
            write(TerminalSession.bracketedPasteOn)
            screen.invalidate()
            if let window = cn_stdscr() {
                clearok(window, true)
                wrefresh(window)
            }
        }
        return try body()
    }

    /// Restores the terminal: bracketed paste and mouse off, `endwin`, the saved modes,
    /// the previous signal handlers. Safe to call more than once.
    /// Whether the terminal in use has no alternate screen to leave on exit.
    private static var lacksAlternateScreen: Bool {
        guard let enter = tigetstr("smcup"), Int(bitPattern: enter) != -1 else { return true }
        return enter.pointee == 0
    }

    public func stop() {
        requireOwningThread()
        guard !stopped else { return }
        stopped = true
        write(TerminalSession.bracketedPasteOff + (options.mouse ? TerminalSession.mouseOff : ""))
        if options.mouse { mousemask(0, nil) }
        // A terminal without an alternate screen (no `smcup`: vt100, linux) would keep the last
        // frame under the shell prompt after `endwin`: clear it first, cursor home. (`tigetstr`
        // answers nil when the capability is absent and -1 when it is not a string one.)
        if let window = cn_stdscr(), Self.lacksAlternateScreen {
            werase(window)
            wmove(window, 0, 0)
            wrefresh(window)
        }
        endwin()
        delscreen(cursesScreen)
        fclose(outputFile)
        fclose(inputFile)
        releaseStandardError()
        relay.uninstall()
    }

    // MARK: - Standard error

    private func captureStandardError() {
        guard isatty(2) == 1 else { return }
        var template = Array("/tmp/rollscope-stderr-XXXXXX".utf8CString)
        let capture = mkstemp(&template)
        guard capture >= 0 else { return }
        unlink(template)
        let saved = dup(2)
        guard saved >= 0, dup2(capture, 2) >= 0 else {
            close(capture)
            if saved >= 0 { close(saved) }
            return
        }
        standardError = (saved, capture)
        relay.setStandardErrorCapture(saved: saved, capture: capture)
    }

    /// Gives standard error back and prints what was collected.
    private func releaseStandardError() {
        guard let (saved, capture) = standardError else { return }
        standardError = nil
        relay.setStandardErrorCapture(saved: -1, capture: -1)
        fflush(nil)  // all C streams: `stderr` itself is rejected by Swift 6 as shared mutable state
        dup2(saved, 2)
        close(saved)
        lseek(capture, 0, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(capture, &buffer, buffer.count)
            if count <= 0 { break }
            _ = Glibc.write(2, buffer, count)
        }
        close(capture)
    }

    deinit {
        stop()
    }

    /// Rings the terminal bell: a BEL written as the session's other terminal strings are, on
    /// its output descriptor (not always fd 1) after what curses has buffered. A lone BEL moves
    /// no cursor, so curses' idea of the screen stays right.
    public func bell() {
        requireOwningThread()
        write("\u{07}")
    }

    // MARK: - Terminal strings

    private func write(_ text: String) {
        fflush(outputFile)
        var bytes = Array(text.utf8)
        _ = Glibc.write(options.outputDescriptor, &bytes, bytes.count)
    }

    /// What the crash handler writes: leave the alternate screen, cursor visible,
    /// attributes off, keypad transmit off (from terminfo), then bracketed paste and
    /// mouse reporting off.
    private static func resetSequence(mouse: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        bytes += Array((bracketedPasteOff + (mouse ? mouseOff : "")).utf8)
        return bytes
    }

    private static func localeWarning(requestedLocaleFound: Bool, codeset: String, glyphs: Glyphs, forced: Bool,
                                      environment: [String: String]) -> String? {
        guard glyphs.isASCII, !forced else { return nil }
        let name = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        if !requestedLocaleFound {
            return "locale '\(name)' is not installed on this host (codeset \(codeset)): using ASCII glyphs"
        }
        return "the locale's codeset is \(codeset), not UTF-8: using ASCII glyphs"
    }
}
