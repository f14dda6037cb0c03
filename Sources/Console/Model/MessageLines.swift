import TerminalUI

/// One wrapped line of the `m` overlay.
public struct MessageLine: Sendable, Hashable {
    public var text: String
    public var role: Role
}

/// The `m` overlay's content: the recent status-line messages in full, newest first, each
/// wrapped to the box's width under its time, so that no message cut short on the status
/// line is lost. The reducer scrolls through these lines; `MessagesView` draws them.
extension ConsoleState {
    /// The box the overlay draws in, inside the whole screen.
    var messagesBox: Rect {
        Rect(x: 2, y: 1, width: width - 4, height: height - 2)
    }

    /// The overlay's lines for its width (the frame and a margin take 4 columns).
    var messageLines: [MessageLine] {
        let width = max(1, messagesBox.width - 4)
        guard !messages.isEmpty else { return [MessageLine(text: "no messages yet", role: .dim)] }
        var lines: [MessageLine] = []
        for logged in messages.reversed() {
            if !lines.isEmpty { lines.append(MessageLine(text: "", role: .dialog)) }
            lines.append(MessageLine(text: TimeText.clock(logged.time, now: now), role: .dim))
            let role: Role = logged.message.isError ? .error : .dialog
            lines += TextWrap.wrap(logged.message.text, width: width).map { MessageLine(text: $0, role: role) }
        }
        return lines
    }
}
