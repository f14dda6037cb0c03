import Foundation

/// The graphemes too long for a `Cell` to hold inline (over 13 UTF-8 bytes: a long emoji ZWJ
/// sequence, a letter under many combining marks), each kept once and known by its number, so
/// that a cell stays a plain value and two cells holding the same grapheme hold the same number.
///
/// Keyed by the UTF-8 bytes, not by `String` equality (which is canonical equivalence): two
/// spellings of the same text are two graphemes here, each drawn as it was written. It only
/// grows, by one entry per distinct long grapheme ever put in a grid: a handful in practice. Text
/// from a cluster is not trusted (a pod's log could be all distinct long graphemes), so it holds
/// at most `capacity` of them; past that, `number(of:)` answers nil and the cell keeps what fits
/// inline (`Cell.init`). Any thread may use it (grids are built off the curses thread in tests
/// and benchmarks).
final class LongGraphemes: @unchecked Sendable {
    static let shared = LongGraphemes()
    /// The most graphemes it keeps (each at most a few hundred bytes: a grapheme is one line's cell).
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = capacity
    }

    private let lock = NSLock()
    private var graphemes: [String] = []
    private var numbers: [[UInt8]: Int] = [:]

    /// The number of `grapheme`, given on first use; nil once `capacity` graphemes are kept.
    func number(of grapheme: String) -> Int? {
        let bytes = Array(grapheme.utf8)
        lock.lock()
        defer { lock.unlock() }
        if let number = numbers[bytes] { return number }
        guard graphemes.count < capacity else { return nil }
        graphemes.append(grapheme)
        numbers[bytes] = graphemes.count - 1
        return graphemes.count - 1
    }

    /// The grapheme numbered `number` (one `number(of:)` gave).
    func grapheme(number: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        return graphemes[number]
    }
}
