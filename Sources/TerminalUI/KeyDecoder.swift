/// One result of curses `get_wch`: a character (`OK`) or a key code (`KEY_CODE_YES`).
public enum CursesInput: Hashable, Sendable {
    case character(UInt32)
    case keyCode(Int32)
}

/// Turns the stream of `get_wch` results into `KeyEvent`s. Pure: no curses.
///
/// - Key codes curses already decoded are looked up in `keyCodes` (built by the backend
///   from `KEY_*` and the terminfo extended names such as `kUP5`).
/// - What curses leaves undecoded arrives as characters: `ESC x` becomes alt-x, CSI and
///   SS3 sequences (xterm modifiers `CSI 1;5A` included) become keys, control bytes
///   become ctrl-letters.
/// - Bracketed paste (`CSI 200~` ... `CSI 201~`) becomes a single `.paste(text)`, even
///   when it spans several reads; nothing inside it is a key.
///
/// Feed every result of one drain of the input with `feed`, then call `endOfInput` when
/// `get_wch` reports nothing more: a lone ESC is only known to be the Escape key then.
public struct KeyDecoder: Sendable {
    private let keyCodes: [Int32: KeyEvent]
    /// Characters of an escape sequence not yet complete, starting with ESC.
    private var sequence: [UInt32] = []
    /// Text of a bracketed paste in progress.
    private var paste: String?

    private static let escape: UInt32 = 0x1B
    private static let pasteEnd: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]  // ESC [ 2 0 1 ~

    public init(keyCodes: [Int32: KeyEvent]) {
        self.keyCodes = keyCodes
    }

    /// Whether a bracketed paste is still open (its end not yet seen).
    public var isInPaste: Bool { paste != nil }

    /// Decodes one `get_wch` result.
    public mutating func feed(_ input: CursesInput) -> [KeyEvent] {
        if paste != nil { return feedPaste(input) }
        switch input {
        case .keyCode(let code):
            guard let event = keyCodes[code] else { return flushSequence() }
            if sequence == [KeyDecoder.escape] {
                // ESC followed by a key curses decoded: the alt variant of that key.
                sequence = []
                if case .key(let key, let modifiers) = event { return [.key(key, modifiers.union(.alt))] }
                return [.special(.escape), event]
            }
            return flushSequence() + [event]
        case .character(let value):
            if sequence.isEmpty {
                if value == KeyDecoder.escape { sequence = [value]; return [] }
                return KeyDecoder.plain(value).map { [$0] } ?? []
            }
            sequence.append(value)
            return parseSequence()
        }
    }

    /// Decodes several results.
    public mutating func feed(_ inputs: [CursesInput]) -> [KeyEvent] {
        inputs.flatMap { feed($0) }
    }

    /// Called when no more input is pending: a lone ESC is the Escape key and `ESC [`
    /// is alt-[ (curses waited ESCDELAY for more before handing them over). A control
    /// sequence already holding parameters (`ESC [ 2 0`) was cut by the network and stays
    /// pending for the next read, as does an open paste.
    public mutating func endOfInput() -> [KeyEvent] {
        if paste != nil { return [] }
        if sequence.count >= 3, sequence[1] == 0x5B { return [] }
        return flushSequence()
    }

    // MARK: - Sequences

    private mutating func parseSequence() -> [KeyEvent] {
        let second = sequence[1]
        if second == KeyDecoder.escape {
            // ESC ESC: the first was the Escape key; the second starts anew.
            sequence = [KeyDecoder.escape]
            return [.special(.escape)]
        }
        if second == 0x5B { return parseCSI() }      // [
        if second == 0x4F {                          // O
            guard sequence.count >= 3 else { return [] }
            let final = sequence[2]
            sequence = []
            return KeyDecoder.finalKey(final, parameters: []).map { [$0] } ?? []
        }
        sequence = []
        guard let event = KeyDecoder.plain(second), case .key(let key, let modifiers) = event else { return [] }
        return [.key(key, modifiers.union(.alt))]
    }

    private mutating func parseCSI() -> [KeyEvent] {
        guard sequence.count >= 3, let last = sequence.last else { return [] }
        if (0x20...0x3F).contains(last) {
            // Parameters and intermediates: wait for the final byte (bounded, against garbage).
            if sequence.count > 32 { sequence = [] }
            return []
        }
        let body = String(decoding: sequence[2..<(sequence.count - 1)].map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        sequence = []
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        if last == 0x7E, parameters.first == 200 {   // CSI 200 ~ : paste begins
            paste = ""
            return []
        }
        if last == 0x7E, parameters.first == 201 { return [] }  // a stray paste end
        return KeyDecoder.finalKey(last, parameters: parameters).map { [$0] } ?? []
    }

    /// The key for a CSI/SS3 final byte and its parameters.
    private static func finalKey(_ final: UInt32, parameters: [Int]) -> KeyEvent? {
        let modifierParameter = parameters.count >= 2 ? parameters[1] : 1
        let modifiers = KeyModifiers(xtermParameter: modifierParameter)
        let key: Key
        switch final {
        case 0x41: key = .up
        case 0x42: key = .down
        case 0x43: key = .right
        case 0x44: key = .left
        case 0x48: key = .home
        case 0x46: key = .end
        case 0x5A: return .key(.backTab, modifiers.subtracting(.shift))
        case 0x50, 0x51, 0x52, 0x53: key = .function(Int(final - 0x50) + 1)
        case 0x4D: key = .enter                      // SS3 M: keypad Enter
        case 0x7E:
            switch parameters.first ?? 0 {
            case 1, 7: key = .home
            case 2: key = .insert
            case 3: key = .delete
            case 4, 8: key = .end
            case 5: key = .pageUp
            case 6: key = .pageDown
            case 11...15: key = .function(parameters[0] - 10)
            case 17...21: key = .function(parameters[0] - 11)
            case 23...26: key = .function(parameters[0] - 12)
            case 28...29: key = .function(parameters[0] - 13)
            case 31...34: key = .function(parameters[0] - 14)
            default: return nil
            }
        default: return nil
        }
        return .key(key, modifiers)
    }

    /// An incomplete sequence at the end of the input: ESC alone is the Escape key,
    /// anything longer is dropped (it was not a key this decoder knows).
    private mutating func flushSequence() -> [KeyEvent] {
        defer { sequence = [] }
        switch sequence.count {
        case 0: return []
        case 1: return [.special(.escape)]
        default:
            // ESC [ or ESC O cut short: alt-[ / alt-O as typed.
            if sequence.count == 2, let event = KeyDecoder.plain(sequence[1]), case .key(let key, let modifiers) = event {
                return [.key(key, modifiers.union(.alt))]
            }
            return []
        }
    }

    /// A character outside any sequence.
    private static func plain(_ value: UInt32) -> KeyEvent? {
        switch value {
        case 0x0D, 0x0A: return .special(.enter)
        case 0x09: return .special(.tab)
        case 0x1B: return .special(.escape)
        case 0x7F, 0x08: return .special(.backspace)
        case 0x00: return .key(.character(" "), .ctrl)
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(value + 0x60)!))
        case 0x1C...0x1F: return .ctrl(Character(Unicode.Scalar(value + 0x40)!))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    // MARK: - Paste

    private mutating func feedPaste(_ input: CursesInput) -> [KeyEvent] {
        guard case .character(let value) = input else { return [] }  // curses-decoded keys inside a paste are not text
        if !sequence.isEmpty || value == KeyDecoder.escape {
            sequence.append(value)
            if sequence == KeyDecoder.pasteEnd {
                let text = paste ?? ""
                paste = nil
                sequence = []
                return [.paste(text)]
            }
            if Array(KeyDecoder.pasteEnd.prefix(sequence.count)) == sequence { return [] }
            // Not the end marker after all: the bytes were pasted text (an ESC that broke
            // the match may itself begin the marker).
            var pending = sequence
            sequence = []
            if value == KeyDecoder.escape, pending.count > 1 { pending.removeLast(); sequence = [value] }
            for byte in pending { appendPasted(byte) }
            return []
        }
        appendPasted(value)
        return []
    }

    private mutating func appendPasted(_ value: UInt32) {
        guard let scalar = Unicode.Scalar(value) else { return }
        // Terminals send pasted line ends as CR; keep them as newlines.
        paste?.unicodeScalars.append(scalar == "\r" ? "\n" : scalar)
    }
}
