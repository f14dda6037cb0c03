/// A key and what it does, as shown in the footer and the help overlay.
public struct KeyHint: Hashable, Sendable {
    /// The key as the user types it (`q`, `ctrl-d`, `enter`).
    public var key: String
    public var description: String

    public init(_ key: String, _ description: String) {
        self.key = key
        self.description = description
    }
}
