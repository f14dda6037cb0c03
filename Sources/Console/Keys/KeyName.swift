/// The spelling of keys shared by the key table, the config file and the input decoder
/// (TerminalUI's `KeyEvent.description`): a printable character stands for itself (`p`,
/// `P`, `/`); special keys have names (`enter`, `pgdn`, `shift-tab`, `F5`); `ctrl-` and a
/// lower-case letter.
public enum KeyName {
    /// Named keys the decoder produces.
    public static let named: Set<String> = Set([
        "enter", "esc", "tab", "shift-tab", "backspace", "delete", "insert", "up", "down", "left", "right",
        "home", "end", "pgup", "pgdn", "space",
    ] + (1...12).map { "F\($0)" })

    /// Whether `name` is a key the console can receive.
    public static func isValid(_ name: String) -> Bool {
        if named.contains(name) { return true }
        if name.hasPrefix("ctrl-") {
            let rest = name.dropFirst(5)
            return rest.count == 1 && rest.first!.isLowercase && rest.first!.isLetter
        }
        guard name.count == 1, let scalar = name.unicodeScalars.first else { return false }
        return scalar.properties.generalCategory != .control && scalar != " "
    }
}
