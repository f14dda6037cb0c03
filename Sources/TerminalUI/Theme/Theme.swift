/// A mapping from every `Role` to a `Style`, for each colour capability: 256 colours,
/// the 8 ANSI colours, and none (attributes only, for `NO_COLOR` and monochrome terminals).
///
/// Themes are YAML files (see `ThemeParser`); `Theme.fallback` is the built-in copy of
/// `themes/default.yaml`, used when no file can be read or a file is bad. A role a theme
/// file leaves out takes the fallback's style for it.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [ColorCapability: [Role: Style]]

    public init(name: String, styles: [ColorCapability: [Role: Style]]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role` at `capability`. With no colour, colours are always the
    /// terminal's own, whatever the table says.
    public func style(for role: Role, capability: ColorCapability) -> Style {
        let style = styles[capability]?[role] ?? Theme.fallback.styles[capability]?[role] ?? .plain
        return capability == .none ? Style(attributes: style.attributes) : style
    }

    /// The built-in default theme, for dark terminals (identical to `themes/default.yaml`).
    public static let fallback: Theme = {
        func s(_ fg: Int?, _ bg: Int? = nil, _ attributes: Attributes = []) -> Style {
            Style(foreground: fg.map(Color.index) ?? .default, background: bg.map(Color.index) ?? .default, attributes: attributes)
        }
        let colors256: [Role: Style] = [
            .normal: s(nil), .title: s(75, nil, .bold), .header: s(252, 236, .bold), .border: s(240),
            .selected: s(231, 25, .bold), .dim: s(245), .keyHint: s(214, nil, .bold),
            .healthy: s(71), .progressing: s(75), .paused: s(179), .degraded: s(203, nil, .bold),
            .warning: s(214), .error: s(196, nil, .bold), .info: s(110),
            .gaugeFilled: s(71), .gaugeEmpty: s(238), .button: s(252, 238), .buttonFocused: s(231, 25, .bold),
            .dialog: s(252, 235), .highlight: s(16, 214),
        ]
        let colors8: [Role: Style] = [
            .normal: s(nil), .title: s(6, nil, .bold), .header: s(7, 4, .bold), .border: s(4),
            .selected: s(0, 6), .dim: s(nil, nil, .dim), .keyHint: s(3, nil, .bold),
            .healthy: s(2), .progressing: s(6), .paused: s(3), .degraded: s(1, nil, .bold),
            .warning: s(3, nil, .bold), .error: s(1, nil, .bold), .info: s(6),
            .gaugeFilled: s(2), .gaugeEmpty: s(nil, nil, .dim), .button: s(0, 7), .buttonFocused: s(7, 4, .bold),
            .dialog: s(nil), .highlight: s(0, 3),
        ]
        let none: [Role: Style] = [
            .normal: s(nil), .title: s(nil, nil, .bold), .header: s(nil, nil, .reverse), .border: s(nil),
            .selected: s(nil, nil, [.reverse, .bold]), .dim: s(nil, nil, .dim), .keyHint: s(nil, nil, .bold),
            .healthy: s(nil), .progressing: s(nil), .paused: s(nil, nil, .bold), .degraded: s(nil, nil, .bold),
            .warning: s(nil, nil, .bold), .error: s(nil, nil, [.bold, .underline]), .info: s(nil),
            .gaugeFilled: s(nil), .gaugeEmpty: s(nil, nil, .dim), .button: s(nil), .buttonFocused: s(nil, nil, .reverse),
            .dialog: s(nil), .highlight: s(nil, nil, [.underline, .bold]),
        ]
        return Theme(name: "default", styles: [.colors256: colors256, .colors8: colors8, .none: none])
    }()
}
