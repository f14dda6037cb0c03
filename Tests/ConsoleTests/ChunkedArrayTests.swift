import Testing
@testable import Console
import DemoCluster

/// `ChunkedArray`: whatever is inserted, removed or appended, and however that splits and joins
/// its chunks, it holds what a plain array given the same operations holds.
struct ChunkedArrayTests {
    /// A seeded run of insertions, removals and appends at random places, past several chunk
    /// splits and back down to nothing, checked against an array after each step.
    @Test(arguments: [1, 2, 3])
    func holdsWhatAnArrayHoldsThroughInsertionsAndRemovals(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var chunked = ChunkedArray<Int>(), array: [Int] = []
        let limit = ChunkedArray<Int>.chunkLimit
        for step in 0..<(limit * 8) {
            // Grows for the first half (so chunks split), shrinks for the second (so they join).
            let growing = step < limit * 4
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6 where growing, 0..<2:
                let at = Int.random(in: 0...array.count, using: &generator)
                chunked.insert(step, at: at)
                array.insert(step, at: at)
            case 6 where growing:
                chunked.append(step)
                array.append(step)
            default:
                guard !array.isEmpty else { continue }
                let at = Int.random(in: 0..<array.count, using: &generator)
                #expect(chunked.remove(at: at) == array.remove(at: at))
            }
            guard step % 97 == 0 || array.count < 3 else { continue }
            #expect(Array(chunked) == array, "after step \(step)")
            #expect(chunked.indices.map { chunked[$0] } == array, "read by index after step \(step)")
        }
        #expect(chunked.count == array.count && Array(chunked) == array)
    }

    /// Chunks emptied from either end, and short neighbours joined: the first and the last chunk
    /// of three full ones shrunk until each joins the middle one's remains.
    @Test func shortNeighboursAreJoinedWithoutLosingAnElement() {
        let limit = ChunkedArray<Int>.chunkLimit
        var chunked = ChunkedArray(0..<(limit * 3)), array = Array(0..<(limit * 3))
        for round in 0..<(limit * 3 - 1) {
            // In turn: from the front, from the back, from the middle.
            let at = [0, array.count - 1, array.count / 2][round % 3]
            #expect(chunked.remove(at: at) == array.remove(at: at))
            if round % 50 == 0 || array.count < limit { #expect(Array(chunked) == array, "after \(round + 1) removed") }
        }
        #expect(Array(chunked) == array && chunked.count == 1)
    }

    @Test func removeAllWhereKeepsTheOthersInOrder() {
        let limit = ChunkedArray<Int>.chunkLimit
        var chunked = ChunkedArray(0..<(limit * 3))
        chunked.removeAll { $0 % 3 == 0 }
        #expect(Array(chunked) == (0..<(limit * 3)).filter { $0 % 3 != 0 })
        chunked.removeAll { _ in true }
        #expect(chunked.isEmpty && Array(chunked) == [])
        chunked.insert(7, at: 0)
        #expect(Array(chunked) == [7])
    }

    /// Equality is of the elements in order, not of how they are chunked: the same elements
    /// reached by appending and by inserting each at the front (splitting chunks differently).
    @Test func equalWhenTheElementsAreEqualHoweverChunked() {
        let limit = ChunkedArray<Int>.chunkLimit
        let appended = ChunkedArray(0..<(limit * 2 + 5))
        var inserted = ChunkedArray<Int>()
        for value in (0..<(limit * 2 + 5)).reversed() { inserted.insert(value, at: 0) }
        #expect(appended == inserted)
        var other = inserted
        other.remove(at: limit)
        #expect(other != appended)
        other.insert(limit + 1, at: limit)
        #expect(other != appended, "same count, one element different")
    }
}
