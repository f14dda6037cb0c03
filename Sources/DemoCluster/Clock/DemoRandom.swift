import Foundation

/// The simulation's one source of chance (pod names, start-up jitter, node placement, which
/// release comes next), seeded from `--seed` so a run can be replayed. Thread-safe.
final class DemoRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var generator: SeededGenerator
    private static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    func int(in range: ClosedRange<Int>) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return Int.random(in: range, using: &generator)
    }

    func double(in range: ClosedRange<Double>) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return Double.random(in: range, using: &generator)
    }

    func pick<T>(_ items: [T]) -> T? {
        guard !items.isEmpty else { return nil }
        return items[int(in: 0...(items.count - 1))]
    }

    /// A suffix as the API server's `generateName` makes (5 characters of the safe alphabet).
    func nameSuffix(length: Int = 5) -> String {
        String((0..<length).map { _ in Self.nameAlphabet[int(in: 0...(Self.nameAlphabet.count - 1))] })
    }

    /// A dotted IPv4 address inside `prefix` (e.g. "10.244").
    func address(prefix: String) -> String { "\(prefix).\(int(in: 0...255)).\(int(in: 2...254))" }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex digits, for container and image ids (one draw per digit, as `int(in: 0...15)`
    /// makes, under one lock; an array made per digit was most of `bench server`'s own pod making).
    func hex(_ count: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: (0..<count).map { _ in Self.hexDigits[Int.random(in: 0...15, using: &generator)] }, as: UTF8.self)
    }
}
