import Foundation
import TerminalUI

/// The live terminal.
extension TerminalSession: ConsoleTerminal {
    public func draw(_ grid: Grid) { screen.draw(grid) }

    /// BEL written straight to the output descriptor: curses' `beep()` lives behind
    /// TerminalUI's backend, and a lone BEL moves no cursor, so curses' idea of the screen
    /// stays right.
    public func bell() {
        var byte: UInt8 = 7
        _ = write(1, &byte, 1)
    }

    public var wake: @Sendable () -> Void {
        let wakeup = self.wakeup
        return { wakeup.signal() }
    }
}
