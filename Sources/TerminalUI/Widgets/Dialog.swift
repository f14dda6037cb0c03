/// A modal dialog: a framed box with a title, wrapped message lines and a row of buttons.
///
/// The focused button is drawn `< Name >` and the others `[ Name ]`, so focus shows even
/// without colour or attributes; a confirmation should open with Cancel focused.
public struct Dialog: Sendable {
    public var title: String
    public var message: [String]
    public var buttons: [String]
    public var focusedButton: Int
    /// The role of the message text (`warning` for a destructive action).
    public var messageRole: Role

    public init(title: String, message: [String], buttons: [String], focusedButton: Int = 0, messageRole: Role = .dialog) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.focusedButton = focusedButton
        self.messageRole = messageRole
    }

    /// The button labels as drawn.
    public var buttonTexts: [String] {
        buttons.enumerated().map { index, name in index == focusedButton ? "< \(name) >" : "[ \(name) ]" }
    }

    /// Draws the dialog centred in `area` (usually the whole screen) and returns its frame.
    @discardableResult
    public func draw(into grid: inout Grid, in area: Rect, glyphs: Glyphs) -> Rect {
        let buttonLine = buttonTexts.joined(separator: "  ")
        let widest = max(buttonLine.displayWidth, title.displayWidth + 4, message.map(\.displayWidth).max() ?? 0)
        let innerWidth = min(max(widest, 30), max(0, area.width - 6))
        let lines = message.flatMap { TextWrap.wrap($0, width: innerWidth) }
        let height = min(area.height, lines.count + 5)
        let box = area.centered(Size(width: innerWidth + 4, height: height))
        grid.fill(box, role: .dialog)
        let inside = Frame(title: title, role: .border, titleRole: .title).draw(into: &grid, in: box, glyphs: glyphs)
        let textRows = max(0, inside.height - 2)
        for (index, line) in lines.prefix(textRows).enumerated() {
            grid.put(line, at: inside.x + 1, inside.y + index, role: messageRole, maxWidth: inside.width - 2)
        }
        guard inside.height >= 1 else { return box }
        var x = inside.x + max(1, (inside.width - buttonLine.displayWidth) / 2)
        for (index, text) in buttonTexts.enumerated() {
            x += grid.put(text, at: x, inside.maxY - 1, role: index == focusedButton ? .buttonFocused : .button,
                          maxWidth: inside.maxX - x) + 2
        }
        return box
    }
}
