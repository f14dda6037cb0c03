import Foundation

/// A series of values over time as a bar chart: one bar per value, oldest on the left, each in
/// its own role (its phase's colour), with horizontal lines at given levels (thresholds) and the
/// scale's top and bottom (and each line's level) written on the left. UTF-8 bars grow by eighths
/// of a cell (`▁▂▃▄▅▆▇█`); the ASCII set fills whole cells with `#` and draws lines with `-`.
/// A point without a number shows its marker on the bottom row. When there are more points than
/// columns, the newest are shown. Also one-row sparklines, for the detail's compact form.
public struct BarChart: Sendable, Hashable {
    /// One value and how it is drawn.
    public struct Point: Sendable, Hashable {
        public var value: Double?
        public var role: Role
        /// Drawn instead of a bar when `value` is nil (a phase glyph).
        public var marker: String
        public init(value: Double?, role: Role, marker: String) {
            self.value = value
            self.role = role
            self.marker = marker
        }
    }

    public var points: [Point]
    /// Levels drawn as horizontal lines.
    public var lines: [Double]

    public init(points: [Point], lines: [Double] = []) {
        self.points = points
        self.lines = lines.filter(\.isFinite)
    }

    static let eighths = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels = [".", "-", "=", "#"]

    /// The scale: the lowest and highest of the values and lines (widened when they are equal).
    var scale: (low: Double, high: Double)? {
        let values = points.compactMap(\.value).filter(\.isFinite) + lines
        guard let low = values.min(), let high = values.max() else { return nil }
        guard low == high else { return (low, high) }
        // One level: from zero to it (a single 0 is drawn on a scale of 0 to 1).
        return low == 0 ? (0, 1) : (Swift.min(0, low), Swift.max(0, high))
    }

    /// Where `value` sits on the scale, from 0 to 1 (0 when the scale's span overflows a Double).
    func fraction(_ value: Double) -> Double {
        guard let (low, high) = scale else { return 0 }
        let fraction = (value - low) / (high - low)
        return fraction.isFinite ? Swift.min(1, Swift.max(0, fraction)) : 0
    }

    /// How many eighths of the chart's height a value fills: at least one, so the lowest shows.
    func eighths(_ value: Double, height: Int) -> Int {
        guard scale != nil, value.isFinite else { return 0 }
        return 1 + Int((fraction(value) * Double(height * 8 - 1)).rounded())
    }

    /// A number as a short axis label (`0.95`, `120`, `1.5e+06`), at most `width` columns.
    static func label(_ value: Double, width: Int) -> String {
        let text = value == value.rounded() && abs(value) < 1e9 ? String(Int64(value)) : String(format: "%.3g", value)
        return String(text.prefix(width))
    }

    /// The width of the labels column.
    func labelWidth() -> Int {
        guard let (low, high) = scale else { return 0 }
        return ([low, high] + lines).map { Self.label($0, width: 8).count }.max().map { $0 + 1 } ?? 0
    }

    /// Draws the whole chart in `rect`.
    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        for row in 0..<Swift.max(0, rect.height) {
            drawRow(row, height: rect.height, into: &grid, x: rect.x, y: rect.y + row, width: rect.width, glyphs: glyphs)
        }
    }

    /// Draws row `row` (0 at the top) of a chart `height` rows high, at (`x`, `y`), `width` wide:
    /// so a scrolled view can draw only the rows it shows.
    public func drawRow(_ row: Int, height: Int, into grid: inout Grid, x: Int, y: Int, width: Int, glyphs: Glyphs) {
        guard height > 0, width > 0, (0..<height).contains(row) else { return }
        let labels = labelWidth()
        let plotX = x + labels + 1, plotWidth = width - labels - 1
        guard plotWidth > 0 else { return }
        grid.fill(Rect(x: x, y: y, width: width, height: 1))
        // The levels whose line falls on this row, and the scale's ends.
        let rowOfLevel = { (value: Double) in height - 1 - (self.eighths(value, height: height) - 1) / 8 }
        let rowLines = lines.filter { rowOfLevel($0) == row }
        if let (low, high) = scale {
            let level: Double? = rowLines.first ?? (row == 0 ? high : row == height - 1 ? low : nil)
            if let level { grid.put(Self.label(level, width: labels - 1).padded(toWidth: labels - 1, alignment: .right), at: x, y, role: .dim) }
        }
        grid.put(glyphs.vertical, at: x + labels, y, role: .border)
        if !rowLines.isEmpty {
            grid.put(String(repeating: glyphs.horizontal, count: plotWidth), at: plotX, y, role: .dim)
        }
        let step = points.count * 2 <= plotWidth ? 2 : 1
        let shown = Array(points.suffix(plotWidth / step))
        for (i, point) in shown.enumerated() {
            let column = plotX + i * step
            guard let value = point.value, value.isFinite, scale != nil else {
                if row == height - 1 { grid.put(point.marker, at: column, y, role: point.role, maxWidth: 1) }
                continue
            }
            let filled = eighths(value, height: height) - (height - 1 - row) * 8
            guard filled > 0 else { continue }
            let cell = glyphs.isASCII ? "#" : Self.eighths[Swift.min(8, filled) - 1]
            grid.put(cell, at: column, y, role: point.role)
        }
    }

    /// One cell per point (the newest `width`), its height in the value's level, each in its role.
    public func drawSparkline(into grid: inout Grid, x: Int, y: Int, width: Int, glyphs: Glyphs) -> Int {
        let shown = Array(points.suffix(Swift.max(0, width)))
        let levels = glyphs.isASCII ? Self.asciiLevels : Self.eighths
        for (i, point) in shown.enumerated() {
            guard let value = point.value, value.isFinite, scale != nil else {
                grid.put(point.marker, at: x + i, y, role: point.role, maxWidth: 1)
                continue
            }
            grid.put(levels[Int((fraction(value) * Double(levels.count - 1)).rounded())], at: x + i, y, role: point.role)
        }
        return shown.count
    }
}
