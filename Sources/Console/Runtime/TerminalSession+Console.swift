import Foundation
import TerminalUI

/// The live terminal (its `bell()` is TerminalUI's: a BEL on the session's own output).
extension TerminalSession: ConsoleTerminal {
    public func draw(_ grid: Grid) { screen.draw(grid) }

    public var wake: @Sendable () -> Void {
        let wakeup = self.wakeup
        return { wakeup.signal() }
    }
}
