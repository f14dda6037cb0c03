import GlyphSet

/// The plugin's status icons (`info.go`) in a glyph set (`Glyphs.plugin` for the plugin's
/// own characters, `Glyphs.ascii` for terminals without them).
extension Glyphs {
    /// The icon of a semantic status.
    public func icon(_ kind: StatusIcon) -> String {
        switch kind {
        case .waiting: waiting
        case .progressing: progressing
        case .warning: warning
        case .unknown: unknown
        case .ok: ok
        case .bad: bad
        case .paused: paused
        case .neutral: neutral
        case .none: " "
        }
    }
}
