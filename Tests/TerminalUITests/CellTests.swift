import Testing
@testable import TerminalUI

/// A cell as a plain value: its grapheme held inline or numbered, and compared by its bytes.
@Suite struct CellTests {
    /// Graphemes on both sides of the inline limit (13 UTF-8 bytes).
    static let graphemes: [String] = [
        "", " ", "a", "~", "é", "e\u{301}", "─", "漢", "⭐", "👍🏽", "🇫🇷",
        "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}",          // 13 bytes: the longest held inline
        "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}",   // 15 bytes
        "👩‍💻", "👨‍👩‍👧‍👦", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        "a" + String(repeating: "\u{300}", count: 40),
    ]

    @Test func isAPlainValueWithoutPadding() {
        #expect(_isPOD(Cell.self))
        #expect(MemoryLayout<Cell>.size == 16 && MemoryLayout<Cell>.stride == 16)
        #expect(Self.graphemes.contains { $0.utf8.count == Cell.inlineCapacity })
        #expect(Self.graphemes.contains { $0.utf8.count == Cell.inlineCapacity + 1 || $0.utf8.count == Cell.inlineCapacity + 2 })
    }

    @Test func everyGraphemeComesBackByteForByte() {
        for grapheme in Self.graphemes {
            let cell = Cell(grapheme: grapheme, width: 1, role: .dim)
            #expect(Array(cell.grapheme.utf8) == Array(grapheme.utf8), "\(grapheme.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(cell.width == 1 && cell.role == .dim)
        }
        #expect(Cell.blank(.title).grapheme == " " && Cell.blank(.title).role == .title)
        #expect(Cell.continuation(.title).grapheme.isEmpty && Cell.continuation(.title).isContinuation)
        #expect(Cell(ascii: 0x7E, role: .normal) == Cell(grapheme: "~", width: 1, role: .normal))
    }

    /// A row's text is its cells' graphemes in order, whatever each holds (one byte, several,
    /// none for a continuation, a numbered long one): what the frame trace and snapshots read.
    @Test func aLineIsItsCellsGraphemesInOrder() {
        // Each written at its own column (two for the wide ones, their continuation after them).
        var grid = Grid(width: 2 * Self.graphemes.count + 1, height: 1)
        var x = 0
        for grapheme in Self.graphemes where !grapheme.isEmpty { x += grid.put(grapheme, at: x, 0) }
        #expect(x > Self.graphemes.count && (0..<x).contains { grid[$0, 0].isContinuation })
        grid.put("z", at: x, 0, role: .dim)
        #expect(Array(grid.line(0).utf8) == Array((Self.graphemes.joined() + "z" + String(repeating: " ", count: grid.width - x - 1)).utf8))
        #expect(Grid(width: 0, height: 1).line(0).isEmpty)
    }

    @Test func cellsAreEqualExactlyWhenTheyHoldTheSameBytes() {
        for (i, a) in Self.graphemes.enumerated() {
            for (j, b) in Self.graphemes.enumerated() {
                // Made apart each time: a long grapheme is numbered once, whoever asks.
                let equal = Cell(grapheme: a, width: 1, role: .normal) == Cell(grapheme: String(decoding: Array(b.utf8), as: UTF8.self), width: 1, role: .normal)
                #expect(equal == (i == j), "\(i) \(j)")
            }
        }
        #expect(Cell(grapheme: "a", width: 1, role: .normal) != Cell(grapheme: "a", width: 1, role: .dim))
        #expect(Cell(grapheme: "a", width: 1, role: .normal) != Cell(grapheme: "a", width: 2, role: .normal))
        // Canonically equivalent spellings are different bytes on the terminal, inline or numbered.
        let composed = "\u{E9}" + String(repeating: "\u{301}", count: 8), decomposed = "e\u{301}" + String(repeating: "\u{301}", count: 8)
        #expect(composed == decomposed)
        let long = (Cell(grapheme: composed, width: 1, role: .normal), Cell(grapheme: decomposed, width: 1, role: .normal))
        #expect(long.0 != long.1)
        #expect(Array(long.0.grapheme.utf8) == Array(composed.utf8) && Array(long.1.grapheme.utf8) == Array(decomposed.utf8))
        #expect(Cell(grapheme: "\u{E9}", width: 1, role: .normal) != Cell(grapheme: "e\u{301}", width: 1, role: .normal))
    }

    @Test func aGridHoldsLongGraphemesWhole() {
        var grid = Grid(width: 8, height: 2)
        let family = "👨‍👩‍👧‍👦", marks = "a" + String(repeating: "\u{300}", count: 10)
        #expect(grid.put("x\(family)\(marks)y", at: 0, 0) == 5)
        #expect(grid[1, 0].grapheme == family && grid[1, 0].width == 2 && grid[2, 0].isContinuation)
        #expect(Array(grid[3, 0].grapheme.utf8) == Array(marks.utf8) && grid[3, 0].width == 1)
        #expect(grid.line(0) == "x\(family)\(marks)y   ")
        var same = Grid(width: 8, height: 2)
        same.put("x\(family)\(marks)y", at: 0, 0)
        #expect(same == grid)
        same.put("x\(family)\(marks)z", at: 0, 0)
        #expect(same != grid)
    }

    @Test func rowsMatchAsMemoryExactlyWhenTheirCellsAreEqual() {
        var grid = Grid(width: 10, height: 3)
        grid.put("abc 漢 👨‍👩‍👧‍👦", at: 0, 0, role: .header)
        grid.put("second", at: 1, 1)
        var other = grid
        #expect((0..<3).allSatisfy { grid.rowMatches($0, in: other) })
        other.put("X", at: 9, 1)
        #expect(grid.rowMatches(0, in: other) && !grid.rowMatches(1, in: other) && grid.rowMatches(2, in: other))
        other = grid
        other.paint(Rect(x: 4, y: 0, width: 1, height: 1), role: .selected)
        #expect(!grid.rowMatches(0, in: other))
        // The same text written again, its long grapheme numbered again: the same memory.
        var again = Grid(width: 10, height: 3)
        again.put("abc 漢 👨‍👩‍👧‍👦", at: 0, 0, role: .header)
        again.put("second", at: 1, 1)
        #expect((0..<3).allSatisfy { again.rowMatches($0, in: grid) } && again == grid)
        #expect(Grid(width: 0, height: 2).rowMatches(1, in: Grid(width: 0, height: 2)))
    }

    @Test func aFullTableOfLongGraphemesLeavesTheCellItsLeadingScalars() {
        let full = LongGraphemes(capacity: 0)
        let marks = "b" + String(repeating: "\u{301}", count: 10)
        #expect(full.number(of: marks) == nil)
        // "b" and the six marks that fit in 13 bytes.
        let cut = Cell(grapheme: marks, width: 1, role: .normal, long: full)
        #expect(Array(cut.grapheme.utf8) == Array(("b" + String(repeating: "\u{301}", count: 6)).utf8) && cut.width == 1)
        #expect(cut == Cell(grapheme: "b" + String(repeating: "\u{301}", count: 6), width: 1, role: .normal))
        // A family emoji (25 bytes) keeps the man, the joiner and the woman (11 bytes; the next
        // joiner would make 14).
        let family = Cell(grapheme: "👨‍👩‍👧‍👦", width: 2, role: .normal, long: full)
        #expect(family.grapheme == "👨‍👩" && family.width == 2)
    }
}
