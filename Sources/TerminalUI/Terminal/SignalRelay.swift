import Glibc

/// What the signal handlers read: plain memory, allocated once and never freed, so the
/// handlers touch no Swift runtime (no allocation, no reference counting, no lazy global
/// initialisation: `relayState` is forced before any handler is installed).
private struct RelayState {
    /// Write end of the self-pipe the relayed signals' numbers go to.
    var pipeWrite: Int32 = -1
    /// The terminal whose modes the crash handler restores.
    var terminalDescriptor: Int32 = -1
    var hasSavedModes = false
    var savedModes = termios()
    /// The bytes that undo what the program did to the terminal (see `TerminalSession`).
    var reset: UnsafeMutablePointer<UInt8>?
    var resetCount = 0
    /// Standard error as it was before the session redirected it (-1: not redirected),
    /// and the file that collects it meanwhile.
    var savedStandardError: Int32 = -1
    var standardErrorCapture: Int32 = -1
    /// Scratch space for copying the captured standard error in a handler.
    var copyBuffer: UnsafeMutablePointer<UInt8>?
    /// The actions in place before ours, by signal number, restored on uninstall and
    /// chained to by the crash handler.
    var previous: UnsafeMutablePointer<sigaction>?
}

nonisolated(unsafe) private let relayState: UnsafeMutablePointer<RelayState> = {
    let state = UnsafeMutablePointer<RelayState>.allocate(capacity: 1)
    state.initialize(to: RelayState())
    state.pointee.previous = .allocate(capacity: Int(NSIG))
    state.pointee.reset = .allocate(capacity: 256)
    state.pointee.copyBuffer = .allocate(capacity: 4096)
    return state
}()

/// Writes the signal number to the self-pipe; the main loop does the rest.
private let relayHandler: @convention(c) (Int32) -> Void = { signal in
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(relayState.pointee.pipeWrite, &byte, 1)
}

/// Restores the terminal with async-signal-safe calls only, then lets the crash proceed:
/// the previous action (the Swift runtime's backtracer, or the default core dump) is put
/// back and the signal raised again; it is delivered when this handler returns (and a
/// fault re-executes the faulting instruction anyway).
private let crashHandler: @convention(c) (Int32) -> Void = { signal in
    restoreTerminalFromHandler()
    if let previous = relayState.pointee.previous {
        _ = sigaction(signal, previous + Int(signal), nil)
    }
    _ = raise(signal)
}

/// The terminal reset for an `exit()` that skips `TerminalSession.stop` (a library
/// calling `exit`, an early exit path): the same restore as a crash.
private let exitHandler: @convention(c) () -> Void = {
    restoreTerminalFromHandler()
}

/// Async-signal-safe restore, at most once: the reset sequence, the saved modes, and
/// standard error given back with what was written to it meanwhile (so a crash report
/// is seen).
private func restoreTerminalFromHandler() {
    let state = relayState
    let terminal = state.pointee.terminalDescriptor
    guard terminal >= 0 else { return }
    state.pointee.terminalDescriptor = -1
    if let reset = state.pointee.reset, state.pointee.resetCount > 0 {
        _ = write(terminal, reset, state.pointee.resetCount)
    }
    if state.pointee.hasSavedModes {
        _ = withUnsafePointer(to: &state.pointee.savedModes) { tcsetattr(terminal, TCSANOW, $0) }
    }
    let saved = state.pointee.savedStandardError, capture = state.pointee.standardErrorCapture
    if saved >= 0, capture >= 0, let buffer = state.pointee.copyBuffer {
        _ = dup2(saved, 2)
        _ = lseek(capture, 0, SEEK_SET)
        while true {
            let count = read(capture, buffer, 4096)
            if count <= 0 { break }
            _ = write(2, buffer, count)
        }
    }
}

/// Whether the `atexit` hook is registered (once per process).
nonisolated(unsafe) private var exitHandlerRegistered = false

/// The signal handling of a curses program, in one place.
///
/// ncurses installs its own SIGINT/SIGTERM handlers when the disposition is still the
/// default, and those call `endwin` then `_exit`, skipping the program's cleanup; it
/// installs a SIGWINCH handler the same way. So before `newterm` this relay takes
/// SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGWINCH itself and turns them into bytes on a
/// self-pipe that the main loop polls (nothing else happens in the handler). ncurses does
/// nothing for crashes: for SIGILL (a Swift trap on x86_64), SIGTRAP (on arm64), SIGSEGV,
/// SIGBUS, SIGABRT and SIGFPE a crash handler writes the reset sequence with write(2),
/// restores the saved termios and chains to the previous handler. The crash handler runs
/// on its own stack, so a stack overflow is restored too. SIGTSTP stays with ncurses,
/// which suspends and resumes properly.
///
/// One relay at a time per process (signal dispositions are process-wide). An `atexit`
/// hook restores the terminal too if the program exits without stopping the session.
final class SignalRelay {
    /// Signals turned into pipe bytes.
    static let relayed: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH]
    /// Signals that mean a crash.
    static let crashes: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]
    /// Signals asking the program to end.
    static let termination: Set<Int32> = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// The end the main loop polls.
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private var installed = false
    private var alternateStack: UnsafeMutableRawPointer?

    /// Installs all handlers; `terminalDescriptor`'s current modes are what a crash restores.
    /// Throws `sessionActive` while another relay is installed.
    init(terminalDescriptor: Int32) throws(TerminalError) {
        let state = relayState
        guard state.pointee.terminalDescriptor < 0 else { throw .sessionActive }
        (readDescriptor, writeDescriptor) = try makeNonBlockingPipe()
        state.pointee.pipeWrite = writeDescriptor
        state.pointee.terminalDescriptor = terminalDescriptor
        state.pointee.hasSavedModes = tcgetattr(terminalDescriptor, &state.pointee.savedModes) == 0
        state.pointee.resetCount = 0
        installAlternateStack()
        for signal in SignalRelay.relayed { install(relayHandler, for: signal, flags: SA_RESTART) }
        // A launcher may have left these blocked (signal masks are inherited); the thread
        // that polls must receive them.
        var relayedSet = sigset_t()
        sigemptyset(&relayedSet)
        for signal in SignalRelay.relayed { sigaddset(&relayedSet, signal) }
        _ = pthread_sigmask(SIG_UNBLOCK, &relayedSet, nil)
        for signal in SignalRelay.crashes { install(crashHandler, for: signal, flags: SA_ONSTACK | SA_NODEFER) }
        installed = true
        if !exitHandlerRegistered {
            exitHandlerRegistered = true
            atexit(exitHandler)
        }
    }

    /// Sets the bytes the crash handler writes (truncated to 256).
    func setResetSequence(_ bytes: [UInt8]) {
        let state = relayState
        let count = min(bytes.count, 256)
        state.pointee.resetCount = 0
        if let reset = state.pointee.reset {
            for index in 0..<count { reset[index] = bytes[index] }
        }
        state.pointee.resetCount = count
    }

    /// Tells the handlers that standard error is redirected to `capture` and was `saved`
    /// before (pass -1, -1 once it is given back).
    func setStandardErrorCapture(saved: Int32, capture: Int32) {
        relayState.pointee.savedStandardError = saved
        relayState.pointee.standardErrorCapture = capture
    }

    /// The signal numbers received since the last call, in order.
    func takeSignals() -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        var signals: [Int32] = []
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            if count <= 0 { break }
            signals += buffer[0..<count].map { Int32($0) }
        }
        return signals
    }

    /// Puts every previous action back. Idempotent.
    func uninstall() {
        guard installed else { return }
        installed = false
        let state = relayState
        for signal in SignalRelay.relayed + SignalRelay.crashes {
            if let previous = state.pointee.previous { _ = sigaction(signal, previous + Int(signal), nil) }
        }
        state.pointee.terminalDescriptor = -1
        state.pointee.resetCount = 0
        state.pointee.pipeWrite = -1
        state.pointee.savedStandardError = -1
        state.pointee.standardErrorCapture = -1
        if let stack = alternateStack {
            var disable = stack_t()
            disable.ss_flags = Int32(SS_DISABLE)
            _ = sigaltstack(&disable, nil)
            stack.deallocate()
            alternateStack = nil
        }
    }

    deinit {
        uninstall()
        close(readDescriptor)
        close(writeDescriptor)
    }

    private func install(_ handler: @convention(c) (Int32) -> Void, for signal: Int32, flags: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        _ = sigaction(signal, &action, relayState.pointee.previous.map { $0 + Int(signal) })
    }

    /// A signal stack for the crash handler, unless one is already set (the Swift
    /// backtracer sets its own); without it a stack overflow could not be handled.
    private func installAlternateStack() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        let size = 64 * 1024
        let stack = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var new = stack_t()
        new.ss_sp = stack
        new.ss_size = size
        new.ss_flags = 0
        if sigaltstack(&new, nil) == 0 { alternateStack = stack } else { stack.deallocate() }
    }
}
