/// One terminal cell: a grapheme, its display width and its role.
///
/// A wide grapheme (2 columns) lives in its left cell; the cell to its right is a
/// *continuation* cell (`width == 0`, empty grapheme) that the backend never writes.
///
/// A plain value of 16 bytes with no padding (trivially copyable: `_isPOD`), so that a grid's
/// copy is a memcpy, two cells compare with a few integer compares, and two rows of cells are
/// equal exactly when their memory is (`Grid.rowMatches`). The grapheme's UTF-8 bytes are held
/// inline when they fit (13 bytes: any grapheme of one to three scalars, flags, most emoji
/// sequences); a longer one (a long emoji ZWJ sequence, a letter under many combining marks)
/// is kept once in `LongGraphemes`, the cell holding its number there. Either way two cells
/// hold the same grapheme exactly when they hold the same bytes: graphemes compare by their
/// UTF-8 bytes (what the terminal is sent), not by Unicode canonical equivalence.
public struct Cell: Hashable, Sendable {
    /// Bytes 0-7 of the grapheme's UTF-8, the first in the lowest byte, zero past its end; or
    /// its number in `LongGraphemes` when `length == Cell.long`.
    private var low: UInt64
    /// Bytes 8-11, likewise.
    private var middle: UInt32
    /// Byte 12.
    private var high: UInt8
    /// The grapheme's UTF-8 byte count when inline (0 for a continuation cell), else `Cell.long`.
    private var length: UInt8
    /// Columns taken: 1, 2 for a wide grapheme, 0 for a continuation cell.
    public var width: UInt8
    /// What the cell means; the theme decides how it looks.
    public var role: Role

    /// The most UTF-8 bytes a grapheme can have and still be held inline.
    static let inlineCapacity = 13
    /// `length` of a cell whose grapheme is in `LongGraphemes`.
    private static let long = UInt8.max

    public init(grapheme: String, width: UInt8, role: Role) {
        self.init(grapheme: grapheme, width: width, role: role, long: .shared)
    }

    /// A cell whose grapheme, when too long to hold inline, is numbered in `table`; when `table`
    /// is full, the cell holds the grapheme's leading scalars that fit inline (its base character
    /// and the first of its marks or joined parts), so hostile text cannot grow the table.
    init(grapheme: String, width: UInt8, role: Role, long table: LongGraphemes) {
        self.width = width
        self.role = role
        var utf8 = Substring(grapheme).utf8
        if utf8.count > Cell.inlineCapacity {
            if let number = table.number(of: grapheme) {
                low = UInt64(number)
                middle = 0
                high = 0
                length = Cell.long
                return
            }
            var end = grapheme.unicodeScalars.startIndex, fits = 0
            for scalar in grapheme.unicodeScalars {
                let size = UTF8.width(scalar)
                guard fits + size <= Cell.inlineCapacity else { break }
                fits += size
                end = grapheme.unicodeScalars.index(after: end)
            }
            utf8 = grapheme[..<end].utf8
        }
        var bytes: (UInt64, UInt64) = (0, 0)
        for (index, byte) in utf8.enumerated() {
            if index < 8 { bytes.0 |= UInt64(byte) << (8 * index) } else { bytes.1 |= UInt64(byte) << (8 * (index - 8)) }
        }
        low = bytes.0
        middle = UInt32(truncatingIfNeeded: bytes.1)
        high = UInt8(truncatingIfNeeded: bytes.1 >> 32)
        length = UInt8(utf8.count)
    }

    /// One column of a printable ASCII byte (what `Grid.put` writes most), without a string.
    init(ascii byte: UInt8, role: Role) {
        low = UInt64(byte)
        middle = 0
        high = 0
        length = 1
        width = 1
        self.role = role
    }

    /// The grapheme shown; empty for a continuation cell.
    public var grapheme: String {
        if length == Cell.long { return LongGraphemes.shared.grapheme(number: Int(low)) }
        return withInlineBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the grapheme's UTF-8 bytes (none for a continuation cell), without making a string.
    func appendUTF8(to bytes: inout [UInt8]) {
        if length == Cell.long {
            bytes.append(contentsOf: LongGraphemes.shared.grapheme(number: Int(low)).utf8)
        } else if length == 1 {
            bytes.append(UInt8(truncatingIfNeeded: low))
        } else {
            withInlineBytes { bytes.append(contentsOf: $0) }
        }
    }

    /// The inline grapheme's bytes (not for a `Cell.long` cell).
    private func withInlineBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        // Little-endian words, so that memory holds the bytes in order.
        let words = (low.littleEndian, (UInt64(middle) | UInt64(high) << 32).littleEndian)
        return withUnsafeBytes(of: words) { body(UnsafeRawBufferPointer(rebasing: $0.prefix(Int(length)))) }
    }

    /// A space in `role`.
    public static func blank(_ role: Role = .normal) -> Cell {
        Cell(ascii: 0x20, role: role)
    }

    /// The right half of a wide grapheme.
    public static func continuation(_ role: Role) -> Cell {
        Cell(grapheme: "", width: 0, role: role)
    }

    public var isContinuation: Bool { width == 0 }
}
