/// A random-access sequence kept in chunks of a few hundred elements, so that inserting or
/// removing one element moves the rest of its chunk, not everything after it.
///
/// The list's order (`ConsoleState.visibleOrder`) is 20,000 references at scale, 64 bytes each (four strings):
/// as one array, a row added near the top moved 1.3 MB for each watch event (two fifths of the
/// reducer's share of an addition under `perf`), and pushed out of the caches what the frame
/// drawn next reads. In chunks a row added moves at most one chunk (`chunkLimit` elements, 32 KB
/// at 64 bytes) and the chunks' starts (an `Int` a chunk). Reading element `i` is a binary search
/// over the starts, then an array read; iterating walks the chunks directly.
///
/// Equal when the elements are equal in order, however they are chunked.
public struct ChunkedArray<Element>: RandomAccessCollection {
    /// A chunk is split in two when an insertion makes it longer than this.
    static var chunkLimit: Int { 512 }

    /// The chunks in order; none is empty (an empty collection has none).
    private var chunks: [[Element]] = []
    /// How many elements come before each chunk.
    private var starts: [Int] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        append(contentsOf: elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "ChunkedArray index out of range")
        let chunk = chunk(holding: position)
        return chunks[chunk][position - starts[chunk]]
    }

    public func makeIterator() -> Iterator { Iterator(chunks: chunks) }

    /// Walks the chunks in turn, without locating each element.
    public struct Iterator: IteratorProtocol {
        fileprivate let chunks: [[Element]]
        private var chunk = 0, offset = 0

        fileprivate init(chunks: [[Element]]) { self.chunks = chunks }

        public mutating func next() -> Element? {
            guard chunk < chunks.count else { return nil }
            let element = chunks[chunk][offset]
            offset += 1
            if offset == chunks[chunk].count { (chunk, offset) = (chunk + 1, 0) }
            return element
        }
    }

    /// Inserts `element` before position `index` (at the end when `index == count`).
    public mutating func insert(_ element: Element, at index: Int) {
        precondition(index >= 0 && index <= count, "ChunkedArray index out of range")
        guard !chunks.isEmpty else {
            (chunks, starts, count) = ([[element]], [0], 1)
            return
        }
        // At a chunk's boundary the element goes at the end of the chunk before it.
        let chunk = index == count ? chunks.count - 1 : self.chunk(holding: index)
        chunks[chunk].insert(element, at: index - starts[chunk])
        count += 1
        shiftStarts(after: chunk, by: 1)
        if chunks[chunk].count > Self.chunkLimit {
            let half = chunks[chunk].count / 2
            let tail = Array(chunks[chunk][half...])
            chunks[chunk].removeSubrange(half...)
            chunks.insert(tail, at: chunk + 1)
            starts.insert(starts[chunk] + half, at: chunk + 1)
        }
    }

    /// Removes and returns the element at `index`.
    @discardableResult
    public mutating func remove(at index: Int) -> Element {
        precondition(index >= 0 && index < count, "ChunkedArray index out of range")
        let chunk = chunk(holding: index)
        let element = chunks[chunk].remove(at: index - starts[chunk])
        count -= 1
        shiftStarts(after: chunk, by: -1)
        if chunks[chunk].isEmpty {
            chunks.remove(at: chunk)
            starts.remove(at: chunk)
        } else if let first = [chunk - 1, chunk].first(where: { $0 >= 0 && $0 + 1 < chunks.count
                                                            && chunks[$0].count + chunks[$0 + 1].count <= Self.chunkLimit / 2 }) {
            // Two short neighbours become one, so that removals never leave many tiny chunks.
            chunks[first] += chunks.remove(at: first + 1)
            starts.remove(at: first + 1)
        }
        return element
    }

    /// Removes every element for which `shouldBeRemoved` is true, keeping the others in order.
    public mutating func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        var kept = ChunkedArray()
        for element in self where try !shouldBeRemoved(element) { kept.append(element) }
        self = kept
    }

    public mutating func append(_ element: Element) {
        if let last = chunks.indices.last, chunks[last].count < Self.chunkLimit {
            chunks[last].append(element)
        } else {
            chunks.append([element])
            starts.append(count)
        }
        count += 1
    }

    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    /// The chunk holding element `position` (which must be in range).
    private func chunk(holding position: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private mutating func shiftStarts(after chunk: Int, by delta: Int) {
        for index in (chunk + 1)..<starts.count { starts[index] += delta }
    }
}

extension ChunkedArray: Equatable where Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
