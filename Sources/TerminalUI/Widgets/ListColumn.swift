/// How wide a list column is.
public enum ColumnWidth: Hashable, Sendable {
    /// Exactly this many columns.
    case fixed(Int)
    /// At least `min` columns, sharing the leftover space with other flexible columns by `weight`.
    case flexible(min: Int, weight: Int)
}

/// A list column: its title, width rule and alignment.
public struct ListColumn: Hashable, Sendable {
    public var title: String
    public var width: ColumnWidth
    public var alignment: TextAlignment

    public init(_ title: String, width: ColumnWidth, alignment: TextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }

    /// The widths of `columns` in `available` columns with `gap` columns between them.
    /// Fixed columns keep their width; flexible ones get their minimum plus a share of
    /// what is left. When even that does not fit, the rightmost columns shrink to zero.
    public static func widths(of columns: [ListColumn], available: Int, gap: Int = 1) -> [Int] {
        guard !columns.isEmpty else { return [] }
        var widths = columns.map { column -> Int in
            switch column.width {
            case .fixed(let n): return n
            case .flexible(let minimum, _): return minimum
            }
        }
        let gaps = gap * (columns.count - 1)
        var spare = available - gaps - widths.reduce(0, +)
        if spare > 0 {
            let weights = columns.map { column -> Int in
                if case .flexible(_, let weight) = column.width { return max(0, weight) }
                return 0
            }
            let total = weights.reduce(0, +)
            if total > 0 {
                var given = 0
                for index in widths.indices where weights[index] > 0 {
                    let share = spare * weights[index] / total
                    widths[index] += share
                    given += share
                }
                // Rounding leftovers go to the last flexible column.
                if let last = weights.lastIndex(where: { $0 > 0 }) { widths[last] += spare - given }
            }
            spare = 0
        }
        // Too narrow: take columns away from the right.
        var index = widths.count - 1
        while spare < 0, index >= 0 {
            let cut = min(widths[index], -spare)
            widths[index] -= cut
            spare += cut
            index -= 1
        }
        return widths
    }
}
