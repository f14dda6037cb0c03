import Glibc

/// Why the terminal could not be started.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `newterm` found no terminfo entry for `TERM` (an SSH session from kitty, ghostty...).
    case unknownTerminal(String)
    /// The terminal cannot move the cursor (`TERM=dumb`, an editor's shell buffer).
    case incapableTerminal(String)
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// A system call failed (name, errno).
    case system(String, Int32)
    /// Another `TerminalSession` is running in this process (signal handling is process-wide).
    case sessionActive

    public var description: String {
        switch self {
        case .unknownTerminal(let term):
            let name = term.isEmpty ? "(TERM is not set)" : "'\(term)'"
            return "unknown terminal type \(name): no terminfo entry on this host. "
                + "Try TERM=xterm-256color, or install the terminal's terminfo (in ~/.terminfo or TERMINFO_DIRS)."
        case .incapableTerminal(let term):
            return "terminal type '\(term)' cannot position the cursor, which a full-screen console needs. "
                + "Run it in a terminal emulator (TERM=xterm-256color)."
        case .notATerminal:
            return "standard input and output must be a terminal"
        case .sessionActive:
            return "a terminal session is already running in this process"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }

    /// The exit status the program should end with: 2, as for a usage error.
    public var exitCode: Int32 { 2 }
}
