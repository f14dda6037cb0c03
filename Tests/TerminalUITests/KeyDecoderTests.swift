import Testing
@testable import TerminalUI

/// Decoding of curses input into key events.
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

    @Test func sequenceCutByTheNetworkCompletesOnTheNextRead() {
        var d = decoder()
        #expect(d.feed(chars("\u{1B}[1;5")) == [])
        #expect(d.endOfInput() == [])
        #expect(d.feed(chars("A")) == [.key(.up, .ctrl)])
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

/// Key names as written in key tables.
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

/// Properties of the decoder over generated input (a fixed seed, so failures repeat).
@Suite struct KeyDecoderPropertyTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func printableTextComesBackUnchanged() {
        var generator = Generator(state: 7)
        let alphabet = Array("abcxyzABCXYZ0123456789 -_/:?[]~;éß漢")
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            var decoder = KeyDecoder(keyCodes: [:])
            let events = decoder.feed(text.unicodeScalars.map { .character($0.value) }) + decoder.endOfInput()
            #expect(events == text.map { KeyEvent.char($0) })
        }
    }

    @Test func anyBytesInsideAPasteStayText() {
        var generator = Generator(state: 42)
        for _ in 0..<200 {
            // Arbitrary bytes, escape sequences included, except the paste end marker itself.
            var body = (0..<Int.random(in: 0...60, using: &generator)).map { _ in UInt32.random(in: 1...0x7E, using: &generator) }
            let text = String(decoding: body.map { UInt8($0) }, as: UTF8.self)
            if text.contains("\u{1B}[201~") { body = body.filter { $0 != 0x1B } }
            var decoder = KeyDecoder(keyCodes: [:])
            let start = Array("\u{1B}[200~".unicodeScalars.map(\.value))
            let end = Array("\u{1B}[201~".unicodeScalars.map(\.value))
            // Split the input at a random point into two reads; not right after ESC or
            // `ESC [`, which curses only hands over as keys once ESCDELAY has passed.
            let all = (start + body + end).map { CursesInput.character($0) }
            var cut = 1
            while cut == 1 || cut == 2 { cut = Int.random(in: 0...all.count, using: &generator) }
            let events = decoder.feed(Array(all[..<cut])) + decoder.endOfInput() + decoder.feed(Array(all[cut...])) + decoder.endOfInput()
            let expected = String(String.UnicodeScalarView(body.compactMap(Unicode.Scalar.init).map { $0 == "\r" ? "\n" : $0 }))
            #expect(events == [.paste(expected)])
        }
    }
}
