import Testing
@testable import TerminalUI

/// Writing, clipping and wide graphemes in the cell grid.
@Suite struct GridTests {
    @Test func putWritesTextAndReturnsColumnsUsed() {
        var grid = Grid(width: 10, height: 2)
        let used = grid.put("hello", at: 2, 0, role: .header)
        #expect(used == 5)
        #expect(grid.lines == ["  hello", ""])
        #expect(grid[2, 0].role == .header)
        #expect(grid[1, 0].role == .normal)
    }

    @Test func putClipsAtMaxWidthAndRightEdge() {
        var grid = Grid(width: 6, height: 1)
        #expect(grid.put("abcdef", at: 0, 0, maxWidth: 3) == 3)
        #expect(grid.line(0) == "abc   ")
        #expect(grid.put("xyz", at: 4, 0) == 2)
        #expect(grid.line(0) == "abc xy")
        #expect(grid.put("off", at: 0, 5) == 0)
    }

    @Test func wideGraphemeTakesTwoCellsAndIsNeverSplit() {
        var grid = Grid(width: 5, height: 1)
        #expect(grid.put("a漢b", at: 0, 0) == 4)
        #expect(grid[1, 0].width == 2)
        #expect(grid[2, 0].isContinuation)
        #expect(grid.line(0) == "a漢b ")
        var clipped = Grid(width: 5, height: 1)
        // Only one column is left for the wide grapheme: a space stands in.
        #expect(clipped.put("abcd漢", at: 0, 0) == 5)
        #expect(clipped.line(0) == "abcd ")
        #expect(clipped.cells.allSatisfy { !$0.isContinuation })
        // The same through the one-grapheme-a-scalar path (box lines, a wide star, the ellipsis).
        var simple = Grid(width: 5, height: 1)
        #expect(simple.put("─⭐…", at: 0, 0) == 4)
        #expect(simple.line(0) == "─⭐… " && simple[1, 0].width == 2 && simple[2, 0].isContinuation)
        #expect(simple.put("│││⭐", at: 0, 0, maxWidth: 4) == 4)
        #expect(simple.line(0) == "│││  " && simple.cells.allSatisfy { !$0.isContinuation })
        #expect(simple.put("⭐│", at: -1, 0) == 2)
        #expect(simple.line(0) == " ││  ")
    }

    @Test func overwritingHalfAWideGraphemeBlanksTheOtherHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.put("漢字", at: 0, 0)
        grid.put("x", at: 1, 0)
        #expect(grid.line(0) == " x字")
        grid.put("y", at: 2, 0)
        #expect(grid.line(0) == " xy ")
        #expect(grid.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func negativeStartClipsAtTheLeftEdge() {
        var grid = Grid(width: 4, height: 1)
        #expect(grid.put("ab漢cd", at: -3, 0) == 3)
        #expect(grid.line(0) == " cd ")
    }

    @Test func combiningMarksJoinTheirBase() {
        var grid = Grid(width: 4, height: 1)
        #expect(grid.put("e\u{301}x", at: 0, 0) == 2)
        #expect(grid[0, 0].grapheme == "e\u{301}")
        #expect(grid[1, 0].grapheme == "x")
    }

    @Test func fillPaintAndRuns() {
        var grid = Grid(width: 6, height: 2)
        grid.fill(Rect(x: 1, y: 0, width: 3, height: 2), with: "-", role: .border)
        grid.paint(Rect(x: 3, y: 1, width: 9, height: 1), role: .selected)
        #expect(grid.lines == [" ---", " ---"])
        let runs = grid.runs(row: 1)
        #expect(runs.map(\.role) == [.normal, .border, .selected])
        #expect(runs.map(\.x) == [0, 1, 3])
        #expect(runs.map(\.text) == [" ", "--", "-  "])
    }

    @Test func blitCopiesAndClips() {
        var small = Grid(width: 3, height: 1)
        small.put("a漢", at: 0, 0, role: .title)
        var grid = Grid(width: 4, height: 2)
        grid.blit(small, at: 2, 1)
        #expect(grid.lines == ["", "  a"])
        #expect(grid[2, 1].role == .title)
        #expect(grid[3, 1].grapheme == " ")
    }
}

/// Column widths by wcwidth rules, truncation and padding.
@Suite struct DisplayWidthTests {
    /// The fast blocks (measured without Unicode property lookups) measure every scalar in
    /// them as the property rules do.
    @Test func theFastBlocksMeasureAsThePropertiesDo() {
        for range in DisplayWidth.fastRanges {
            let differing = range.compactMap(Unicode.Scalar.init).filter { DisplayWidth.of($0) != DisplayWidth.byProperties($0) }
            #expect(differing.isEmpty, "\(differing.map { String($0.value, radix: 16) })")
        }
        // What the console draws most from them: one column each, the emoji-presented ones two.
        #expect("─│┌┐└┘…•✔✖◌◷⚠⟳▲▼▶".unicodeScalars.allSatisfy { DisplayWidth.of($0) == 1 })
        #expect("⌚⏩⭐✅❌".unicodeScalars.allSatisfy { DisplayWidth.of($0) == 2 })
    }

    @Test func pluginIconsAndTreeLinesAreOneColumn() {
        for glyph in ["✔", "✖", "◌", "◷", "⚠", "॥", "•", "⟳", "⧉", "□", "├", "│", "‖", "…"] {
            #expect(glyph.displayWidth == 1, "\(glyph)")
        }
    }

    @Test func wideAndZeroWidth() {
        #expect("漢字".displayWidth == 4)
        #expect("🚀".displayWidth == 2)
        #expect("한".displayWidth == 2)
        #expect("Ａ".displayWidth == 2)        // fullwidth A
        #expect("e\u{301}".displayWidth == 1)
        #expect("\u{200B}".displayWidth == 0)   // zero-width space (format)
        #expect("❤\u{FE0F}".displayWidth == 2)
        #expect("\u{7}".displayWidth == 0)
    }

    @Test func truncationAndPadding() {
        #expect("rollout-name".truncated(toWidth: 8) == "rollout…")
        #expect("short".truncated(toWidth: 8) == "short")
        #expect("ab漢字".truncated(toWidth: 4) == "ab…")
        #expect("abc".truncated(toWidth: 2, ellipsis: "~") == "a~")
        #expect("ab".padded(toWidth: 5, alignment: .right) == "   ab")
        #expect("ab".padded(toWidth: 5, alignment: .center) == " ab  ")
        #expect("abcdef".padded(toWidth: 4) == "abc…")
    }
}

/// The UTF-8 and ASCII glyph sets and how one is chosen.
@Suite struct GlyphsTests {
    @Test func everyGlyphOfBothSetsHasTheSameWidth() {
        let unicode = Mirror(reflecting: Glyphs.unicode).children.compactMap { $0.value as? String }
        let ascii = Mirror(reflecting: Glyphs.ascii).children.compactMap { $0.value as? String }
        #expect(unicode.count == ascii.count)
        for (u, a) in zip(unicode, ascii) {
            #expect(u.displayWidth == a.displayWidth, "\(u) vs \(a)")
            #expect(a.unicodeScalars.allSatisfy { $0.isASCII })
        }
    }

    /// One definition: the plugin's set (what `rollscope get` prints) and the console's UTF-8
    /// set differ in the paused icon alone, and every set's glyphs are as wide as the others'.
    @Test func thePluginsSetIsTheConsolesButForPaused() {
        #expect(Glyphs.plugin.paused == "\u{0965}" && Glyphs.unicode.paused == "\u{2016}")
        var unpaused = Glyphs.unicode
        unpaused.paused = Glyphs.plugin.paused
        #expect(unpaused == .plugin)
        let plugin = Mirror(reflecting: Glyphs.plugin).children.compactMap { $0.value as? String }
        let ascii = Mirror(reflecting: Glyphs.ascii).children.compactMap { $0.value as? String }
        for (p, a) in zip(plugin, ascii) { #expect(p.displayWidth == a.displayWidth, "\(p) vs \(a)") }
    }

    @Test func codesetChoosesTheSet() {
        #expect(Glyphs.forCodeset("UTF-8") == .unicode)
        #expect(Glyphs.forCodeset("utf8") == .unicode)
        #expect(Glyphs.forCodeset("ANSI_X3.4-1968") == .ascii)
        #expect(Glyphs.forCodeset(nil) == .ascii)
        #expect(Glyphs.forCodeset("UTF-8", forceASCII: true) == .ascii)
    }
}
