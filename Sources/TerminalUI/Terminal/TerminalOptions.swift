/// How to start the terminal: what the command line and environment asked for.
public struct TerminalOptions: Sendable {
    /// `--ascii`: the ASCII glyph set even on a UTF-8 locale.
    public var forceASCII = false
    /// `--no-color`. `NO_COLOR` in the environment (set and not empty) has the same effect.
    public var noColor = false
    /// `--mouse`: report clicks and the wheel. Off by default so the terminal's own text
    /// selection keeps working.
    public var mouse = false
    /// The ESC delay in milliseconds, used unless the user set `ESCDELAY` (curses'
    /// default of 1000 ms makes Esc feel broken; too small splits keys over slow SSH).
    public var escapeDelayMilliseconds: Int32 = 25
    /// The terminal to drive: standard input and output unless told otherwise (a pty in
    /// the benchmark).
    public var inputDescriptor: Int32 = 0
    public var outputDescriptor: Int32 = 1
    /// Collect what is written to standard error while curses owns the screen (library
    /// warnings would tear the picture) and print it after `stop`. Only when standard
    /// error is a terminal; a crash hands it back at once.
    public var captureStandardError = true
    /// The terminal type; nil means `$TERM`.
    public var terminalType: String?

    public init(forceASCII: Bool = false, noColor: Bool = false, mouse: Bool = false) {
        self.forceASCII = forceASCII
        self.noColor = noColor
        self.mouse = mouse
    }
}

/// What one `TerminalSession.poll` brought.
public struct TerminalInput: Hashable, Sendable {
    /// Keys, pastes, resizes and mouse actions, in order.
    public var events: [KeyEvent] = []
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT, when one arrived: the program should end.
    /// (A terminal that hung up without a signal reads as SIGHUP.)
    public var terminationSignal: Int32?
    /// Whether the `Wakeup` was signalled (new data for the screen).
    public var wokenUp = false

    public init(events: [KeyEvent] = [], terminationSignal: Int32? = nil, wokenUp: Bool = false) {
        self.events = events
        self.terminationSignal = terminationSignal
        self.wokenUp = wokenUp
    }
}
