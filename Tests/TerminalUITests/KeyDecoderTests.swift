import Testing
@testable import TerminalUI

@Suite struct KeyDecoderTests {
    static let keyUp: Int32 = 0o403
    static let keyResize: Int32 = 0o632
    static let ctrlUp: Int32 = 566   // an extended code curses assigns at run time (kUP5)

    func decoder() -> KeyDecoder {
        KeyDecoder(keyCodes: [
            Self.keyUp: .special(.up),
            Self.keyResize: .resize,
            Self.ctrlUp: .key(.up, .ctrl),
        ])
    }

    func chars(_ text: String) -> [CursesInput] {
        text.unicodeScalars.map { .character($0.value) }
    }

    func decode(_ inputs: [CursesInput]) -> [KeyEvent] {
        var d = decoder()
        return d.feed(inputs) + d.endOfInput()
    }

    @Test func printableAndControlCharacters() {
        #expect(decode(chars("aZ é")) == [.char("a"), .char("Z"), .char(" "), .char("é")])
        #expect(decode(chars("\r\n\t\u{7F}\u{8}")) == [
            .special(.enter), .special(.enter), .special(.tab), .special(.backspace), .special(.backspace),
        ])
        #expect(decode(chars("\u{3}\u{4}\u{1A}\u{0}\u{1F}")) == [
            .ctrl("c"), .ctrl("d"), .ctrl("z"), .key(.character(" "), .ctrl), .ctrl("_"),
        ])
    }

    @Test func keyCodesFromTheTable() {
        #expect(decode([.keyCode(Self.keyUp), .keyCode(Self.keyResize), .keyCode(Self.ctrlUp)]) ==
                [.special(.up), .resize, .key(.up, .ctrl)])
        #expect(decode([.keyCode(9999)]) == [])
    }

    @Test func loneEscapeIsKnownOnlyAtEndOfInput() {
        var d = decoder()
        #expect(d.feed(.character(0x1B)) == [])
        #expect(d.endOfInput() == [.special(.escape)])
        #expect(decode(chars("\u{1B}\u{1B}")) == [.special(.escape), .special(.escape)])
    }

    @Test func altCombinations() {
        #expect(decode(chars("\u{1B}x")) == [.alt("x")])
        #expect(decode(chars("\u{1B}\u{1}")) == [.key(.character("a"), [.ctrl, .alt])])
        #expect(decode(chars("\u{1B}\r")) == [.key(.enter, .alt)])
        #expect(decode([.character(0x1B), .keyCode(Self.keyUp)]) == [.key(.up, .alt)])
        #expect(decode(chars("\u{1B}[")) == [.alt("[")])
    }

    @Test func csiAndSS3Sequences() {
        #expect(decode(chars("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D")) == [.special(.up), .special(.down), .special(.right), .special(.left)])
        #expect(decode(chars("\u{1B}OH\u{1B}OF\u{1B}OP\u{1B}OS")) == [.special(.home), .special(.end), .special(.function(1)), .special(.function(4))])
        #expect(decode(chars("\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[2~")) == [.special(.pageUp), .special(.pageDown), .special(.delete), .special(.insert)])
        #expect(decode(chars("\u{1B}[15~\u{1B}[24~")) == [.special(.function(5)), .special(.function(12))])
        #expect(decode(chars("\u{1B}[Z")) == [.special(.backTab)])
        #expect(decode(chars("\u{1B}[1;5A\u{1B}[1;3C\u{1B}[1;2D\u{1B}[5;5~")) == [
            .key(.up, .ctrl), .key(.right, .alt), .key(.left, .shift), .key(.pageUp, .ctrl),
        ])
        #expect(decode(chars("\u{1B}[1;5Pq")) == [.key(.function(1), .ctrl), .char("q")])
    }

    @Test func unknownSequencesAreDroppedNotTyped() {
        #expect(decode(chars("\u{1B}[99~q")) == [.char("q")])
        #expect(decode(chars("\u{1B}[?1;2cq")) == [.char("q")])
    }

    @Test func bracketedPasteIsOneEventEvenWithKeysInside() {
        let pasted = "\u{1B}[200~promote\rp\u{1B}x\u{1B}[20q\u{1B}[201~j"
        #expect(decode(chars(pasted)) == [.paste("promote\np\u{1B}x\u{1B}[20q"), .char("j")])
    }

    @Test func pasteSpanningSeveralReads() {
        var d = decoder()
        #expect(d.feed(chars("\u{1B}[200~abc")) == [])
        #expect(d.endOfInput() == [])
        #expect(d.isInPaste)
        #expect(d.feed([.keyCode(Self.keyUp)]) == [])
        #expect(d.feed(chars("def\u{1B}[20")) == [])
        #expect(d.endOfInput() == [])
        #expect(d.feed(chars("1~")) == [.paste("abcdef")])
        #expect(!d.isInPaste)
    }

    @Test func pasteEndMarkerAfterABrokenOne() {
        #expect(decode(chars("\u{1B}[200~a\u{1B}[2\u{1B}[201~")) == [.paste("a\u{1B}[2")])
    }
}

@Suite struct KeyEventTests {
    @Test func namesRoundTrip() {
        let events: [KeyEvent] = [
            .char("q"), .char("G"), .ctrl("d"), .alt("x"), .special(.backTab), .special(.pageDown),
            .key(.up, [.ctrl, .shift]), .special(.function(5)), .special(.escape), .special(.enter),
            .char(" "), .char("-"), .ctrl("-"),
        ]
        for event in events {
            #expect(KeyEvent(name: event.description) == event, "\(event)")
        }
        #expect(KeyEvent.ctrl("d").description == "ctrl-d")
        #expect(KeyEvent.special(.backTab).description == "shift-tab")
        #expect(KeyEvent(name: "shift-tab") == .special(.backTab))
        #expect(KeyEvent(name: "ctrl-D") == .ctrl("d"))
        #expect(KeyEvent(name: "F25") == nil)
        #expect(KeyEvent(name: "hyper-x") == nil)
    }
}
