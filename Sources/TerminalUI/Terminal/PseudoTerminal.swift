import Glibc

/// A pseudo-terminal pair: a master end that plays the user's terminal emulator and a
/// slave end that a program runs on. For driving the curses backend in tests and in the
/// benchmark (bytes a frame costs on the wire).
public final class PseudoTerminal {
    /// The emulator's end: read what the program writes, write what the user types
    /// (-1 after `hangUp`).
    public private(set) var master: Int32
    /// The path of the program's end (`/dev/pts/N`).
    public let slavePath: String
    /// An open descriptor of the program's end, kept so its modes can be read after the
    /// program exits.
    public let slave: Int32

    public init(size: Size) throws(TerminalError) {
        // Quirk: posix_openpt, grantpt, unlockpt and ptsname are declared only under
        // _XOPEN_SOURCE >= 600, which Swift's Glibc module is not built with; on Linux they
        // are /dev/ptmx plus two ioctls, whose request numbers (_IOR/_IOW macros) do not
        // import either: TIOCSPTLCK = _IOW('T', 0x31, int), TIOCGPTN = _IOR('T', 0x30, unsigned).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw .system("open /dev/ptmx", errno) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            let code = errno
            close(master)
            throw .system("ioctl(/dev/ptmx)", code)
        }
        slavePath = "/dev/pts/\(number)"
        slave = open(slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { close(master); throw .system("open \(slavePath)", errno) }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        resize(to: size)
    }

    /// Sets the window size; the kernel sends SIGWINCH to the terminal's foreground group.
    public func resize(to size: Size) {
        var window = winsize(ws_row: UInt16(size.height), ws_col: UInt16(size.width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &window)
    }

    /// Everything the program has written so far (non-blocking).
    public func readAvailable() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        return result
    }

    /// Types `text` as the user would.
    public func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// The terminal's current modes.
    public func modes() -> termios {
        var modes = termios()
        _ = tcgetattr(slave, &modes)
        return modes
    }

    /// Starts `executable` on the program's end as a session leader with this pty as its
    /// controlling terminal (so a window-size change sends it SIGWINCH, as a real terminal
    /// emulator would), with no signal blocked and default dispositions, as from a shell.
    /// Returns its pid; the caller reaps it.
    public func spawn(_ executable: String, arguments: [String], environment: [String: String]) throws(TerminalError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid (glibc runs setsid before the file actions): the first tty a
        // session leader opens becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The caller's threads may block signals (a test runner's do); the child must start
        // with none blocked and default dispositions.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Quirk: POSIX_SPAWN_SETSID (0x80) is declared only under _GNU_SOURCE, so it does not import.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArguments = ([executable] + arguments).map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else { throw .system("posix_spawn \(executable)", result) }
        return child
    }

    /// Closes the emulator's end, as when a terminal window or an SSH connection goes away.
    public func hangUp() {
        guard master >= 0 else { return }
        close(master)
        master = -1
    }

    deinit {
        close(slave)
        hangUp()
    }
}
