/// A one-row progress bar followed by its text: `██████░░░░ 60% step 3/5`.
///
/// The text sits beside the bar, not on it, so it stays readable without colour.
public struct Gauge: Sendable {
    /// Progress from 0 to 1 (clamped).
    public var fraction: Double
    /// Shown after the bar; empty for the percentage alone.
    public var label: String
    /// The role of the filled part (a paused canary's gauge in `paused`, ...).
    public var role: Role

    public init(fraction: Double, label: String = "", role: Role = .gaugeFilled) {
        self.fraction = fraction
        self.label = label
        self.role = role
    }

    /// The clamped fraction as a whole percentage.
    public var percent: Int { Int((min(1, max(0, fraction.isNaN ? 0 : fraction)) * 100).rounded(.down)) }

    /// Draws the gauge on the first row of `rect`.
    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        let text = label.isEmpty ? "\(percent)%" : "\(percent)% \(label)"
        let textWidth = min(text.displayWidth, max(0, rect.width - 4))
        let barWidth = textWidth == 0 ? rect.width : rect.width - textWidth - 1
        let filled = min(barWidth, barWidth * percent / 100)
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        grid.put(String(repeating: glyphs.gaugeFilled, count: filled), at: rect.x, rect.y, role: role)
        grid.put(String(repeating: glyphs.gaugeEmpty, count: barWidth - filled), at: rect.x + filled, rect.y, role: .gaugeEmpty)
        if textWidth > 0 {
            grid.put(text.truncated(toWidth: textWidth, ellipsis: glyphs.ellipsis), at: rect.x + barWidth + 1, rect.y)
        }
    }
}
