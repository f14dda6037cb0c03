import TerminalUI

/// The terminal as the main loop needs it: sleep until input, draw a frame, ring. The live
/// one is TerminalUI's `TerminalSession`; tests use a scripted fake.
public protocol ConsoleTerminal: AnyObject {
    var size: Size { get }
    var glyphs: Glyphs { get }
    /// Sleeps until input, a signal, a wakeup or the timeout (nil: none), and returns it.
    func poll(timeoutMilliseconds: Int32?) -> TerminalInput
    func draw(_ grid: Grid)
    func bell()
    /// Wakes `poll` from another thread.
    var wake: @Sendable () -> Void { get }
}
