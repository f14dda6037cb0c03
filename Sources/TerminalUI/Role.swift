/// The semantic role of a cell: what it means, not how it looks.
///
/// Widgets and views only ever say "this is a header" or "this is degraded"; a `Theme`
/// maps each role to a concrete `Style` for the terminal's colour capability. Roles are
/// spelled in theme files by their raw value (`keyHint`, `gaugeFilled`, ...).
public enum Role: String, CaseIterable, Hashable, Sendable {
    /// Ordinary text.
    case normal
    /// A screen or pane title.
    case title
    /// Column headers and the header bar.
    case header
    /// Frames and separators.
    case border
    /// The selected row of the focused list.
    case selected
    /// Secondary, de-emphasised text (ages, hints' descriptions, placeholders).
    case dim
    /// A key in a hint line or help overlay (`q`, `ctrl-d`).
    case keyHint
    /// Healthy, successful, stable.
    case healthy
    /// Progressing, running, canary traffic moving.
    case progressing
    /// Paused, waiting for promotion.
    case paused
    /// Degraded, failed, aborted.
    case degraded
    /// Needs attention but not failed.
    case warning
    /// An error message.
    case error
    /// Neutral information (status line messages).
    case info
    /// The filled part of a gauge.
    case gaugeFilled
    /// The empty part of a gauge.
    case gaugeEmpty
    /// A dialog button without focus.
    case button
    /// The dialog button that has focus.
    case buttonFocused
    /// The body of a dialog or overlay.
    case dialog
    /// Text matching the current filter or search.
    case highlight
}
