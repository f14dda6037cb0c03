import CZlib
import Foundation

/// The texts the store keeps (`KeptObject`: thousands of Rollouts and ReplicaSets), deflated and
/// packed into large slabs mapped from the system for them alone, each text a slice of one.
///
/// Kept in malloc's heap, the long-lived texts pinned the free chunks the first load's page
/// buffers and typed objects left between them (84 MB of a 272 MB resident set at 20,000
/// rollouts): here no text sits among the transient allocations of decoding. A replaced or
/// deleted object's bytes count as garbage in their slab; a slab that holds no text is returned
/// to the system, and one mostly garbage is compacted (its texts moved to the slab being filled)
/// and returned.
///
/// Each text is deflated (raw deflate) against a preset dictionary of its kind: the first text of
/// that kind kept here. Objects of one kind share most of their keys and many values, so a
/// Rollout's 3.4 KB keep in a few hundred bytes; a text deflate does not shrink is kept as it is.
/// Reading a text inflates it (a few µs; the store then decodes it).
///
/// Keeping a text is two steps: `pack` deflates it into a buffer of its own (`Packed`), on any
/// thread (the informer's, beside the decode: ~12 µs a Rollout that the main thread no longer
/// pays), and `keep` copies that buffer into a slab (the store's, on the main thread).
///
/// Thread-safe: the arena's lock guards the slabs, slots and dictionaries; deflating holds it
/// only to find its kind's dictionary, and runs on a deflate stream of its own (one per thread
/// packing at once), so the main thread's reads do not wait for it. Texts are kept and read on
/// the main thread, and let go wherever the last reference to their `KeptObject` goes.
public final class KeptTexts: @unchecked Sendable {
    /// Where one kept text is: a slot of the arena, valid until `release`.
    public struct Handle: Sendable, Hashable {
        fileprivate let slot: Int
    }

    /// A text deflated (or kept as it is) for one arena, not in a slab yet: `keep` places it.
    public struct Packed: Sendable {
        /// The arena it was packed for (its dictionaries): `keep` takes it only there.
        fileprivate let arena: ObjectIdentifier
        fileprivate let bytes: [UInt8]
        /// The text's length, and the dictionary it was deflated against (-1: kept as it is).
        fileprivate let length: Int
        fileprivate let dictionary: Int
    }

    /// What the arena holds, for tests and `bench memory`.
    public struct Usage: Sendable, Equatable {
        /// The slabs mapped, and their bytes (reserved: only what was written is resident).
        public var slabs: Int
        public var reserved: Int
        /// The bytes written into the slabs, and those of texts still kept (the rest is garbage).
        public var written: Int
        public var live: Int
        /// The texts kept, and their bytes before deflating.
        public var texts: Int
        public var textBytes: Int
    }

    /// The one arena of the console's store.
    public static let shared = KeptTexts()

    /// A slab's bytes, or more for a text larger than one slab (then alone in a slab of its own).
    public let slabSize: Int
    private let lock = NSLock()
    private var slabs: [Slab?] = []
    private var freeSlabs: [Int] = []
    /// The slab texts are appended to.
    private var current: Int?
    private var slots: [Location] = []
    private var freeSlots: [Int] = []
    private var dictionaries: [[UInt8]] = []
    private var dictionaryOfKind: [ObjectIdentifier: Int] = [:]
    private var textBytes = 0
    private let inflater: UnsafeMutablePointer<z_stream>
    /// The deflate streams not in use (`pack` takes one, or makes one when all are: one per
    /// thread packing at once), under their own lock.
    private let deflatersLock = NSLock()
    private var idleDeflaters: [Deflater] = []

    /// zlib keeps at most its window (32 KB) of a dictionary.
    private static let dictionaryLimit = 32 * 1024
    /// Deflate's level: the fastest. Against a dictionary of its kind the scale scenario's Rollout
    /// keeps in 81 bytes at level 1 and 55 at zlib's default 6, deflated in 8.8 µs and 12.2 µs.
    fileprivate static let level: Int32 = 1

    /// One slab: `capacity` bytes mapped at `base`, `used` of them written, `live` of those still
    /// kept, by `texts` texts.
    private struct Slab {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var used = 0
        var live = 0
        var texts = 0
    }

    /// A slot's text: `count` bytes at `offset` in `slab`, `length` once inflated with
    /// `dictionary` (-1: kept as it is). A free slot has `slab` -1.
    private struct Location {
        var slab: Int32
        var offset: UInt32
        var count: UInt32
        var length: UInt32
        var dictionary: Int32
    }

    /// The inflate stream is allocated, not stored inline: zlib keeps a pointer back to its
    /// `z_stream` and refuses a stream that moved, and a Swift property's address holds only for
    /// one call. `inflateInit2_` is what zlib's `inflateInit2` macro calls (Swift does not import
    /// function-like macros); window bits -15 is raw deflate, no header or checksum.
    public init(slabSize: Int = 1 << 20) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        self.slabSize = max(page, (slabSize + page - 1) / page * page)
        inflater = .allocate(capacity: 1)
        inflater.initialize(to: z_stream())
        let inflating = inflateInit2_(inflater, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(inflating == Z_OK, "zlib: \(inflating)")
    }

    deinit {
        inflateEnd(inflater)
        inflater.deallocate()
        for slab in slabs.compactMap({ $0 }) { munmap(slab.base, slab.capacity) }
    }

    /// `text` deflated against the dictionary of `kind` (the first text of that kind packed
    /// here), ready for `keep`: on any thread.
    public func pack(_ text: [UInt8], kind: ObjectIdentifier) -> Packed {
        precondition(text.count < Int(UInt32.max), "a text of 4 GB")
        let (index, dictionary) = lock.withLock {
            let index = dictionaryOfKind[kind] ?? {
                dictionaries.append(Array(text.suffix(Self.dictionaryLimit)))
                dictionaryOfKind[kind] = dictionaries.count - 1
                return dictionaries.count - 1
            }()
            return (index, dictionaries[index])
        }
        let deflater = deflatersLock.withLock { idleDeflaters.popLast() } ?? Deflater()
        defer { deflatersLock.withLock { idleDeflaters.append(deflater) } }
        let deflated = deflater.deflate(text, dictionary: dictionary)
        return Packed(arena: ObjectIdentifier(self), bytes: deflated ?? text, length: text.count, dictionary: deflated == nil ? -1 : index)
    }

    /// Whether `packed` was packed here (another arena's dictionaries are not this one's).
    public func packed(_ packed: Packed) -> Bool { packed.arena == ObjectIdentifier(self) }

    /// Keeps `text`, deflated against the dictionary of `kind` (the first text of that kind).
    public func keep(_ text: [UInt8], kind: ObjectIdentifier) -> Handle {
        keep(pack(text, kind: kind))
    }

    /// Keeps a text packed here (`pack`): its bytes copied into a slab.
    public func keep(_ packed: Packed) -> Handle {
        precondition(self.packed(packed), "a text packed for another arena")
        return lock.withLock {
            let location = packed.bytes.withUnsafeBytes { place($0, length: packed.length, dictionary: packed.dictionary) }
            textBytes += packed.length
            if let slot = freeSlots.popLast() {
                slots[slot] = location
                return Handle(slot: slot)
            }
            slots.append(location)
            return Handle(slot: slots.count - 1)
        }
    }

    /// The text kept under `handle`, byte for byte.
    public func text(_ handle: Handle) -> [UInt8] {
        lock.withLock {
            let location = slots[handle.slot]
            let slab = slabs[Int(location.slab)]!
            let stored = UnsafeRawBufferPointer(start: slab.base + Int(location.offset), count: Int(location.count))
            guard location.dictionary >= 0 else { return Array(stored) }
            return inflate(stored, length: Int(location.length), dictionary: Int(location.dictionary))
        }
    }

    /// The first `count` bytes of the text kept under `handle` (all of it when shorter): only
    /// that much is inflated.
    public func prefix(_ handle: Handle, count: Int) -> [UInt8] {
        lock.withLock {
            let location = slots[handle.slot]
            let slab = slabs[Int(location.slab)]!
            let stored = UnsafeRawBufferPointer(start: slab.base + Int(location.offset), count: Int(location.count))
            let length = min(count, Int(location.length))
            guard location.dictionary >= 0 else { return Array(stored.prefix(length)) }
            return inflate(stored, length: length, dictionary: Int(location.dictionary))
        }
    }

    /// Lets the text go: its bytes become garbage; its slab is returned when it holds no text,
    /// compacted when it is mostly garbage (the slab being filled is left to fill).
    public func release(_ handle: Handle) {
        lock.withLock {
            let location = slots[handle.slot]
            let index = Int(location.slab)
            slots[handle.slot].slab = -1
            freeSlots.append(handle.slot)
            textBytes -= Int(location.length)
            slabs[index]!.live -= Int(location.count)
            slabs[index]!.texts -= 1
            retire(index)
        }
    }

    /// What the arena holds now.
    public var usage: Usage {
        lock.withLock {
            let mapped = slabs.compactMap { $0 }
            return Usage(slabs: mapped.count, reserved: mapped.reduce(0) { $0 + $1.capacity },
                         written: mapped.reduce(0) { $0 + $1.used }, live: mapped.reduce(0) { $0 + $1.live },
                         texts: slots.count - freeSlots.count, textBytes: textBytes)
        }
    }

    /// `stored` inflated against dictionary `dictionary`: its first `length` bytes (all of them,
    /// or a prefix: inflate stops when the output is full).
    private func inflate(_ stored: UnsafeRawBufferPointer, length: Int, dictionary: Int) -> [UInt8] {
        guard length > 0 else { return [] }
        inflateReset(inflater)
        let set = dictionaries[dictionary].withUnsafeBufferPointer {
            inflateSetDictionary(inflater, $0.baseAddress, UInt32($0.count))
        }
        precondition(set == Z_OK, "inflateSetDictionary: \(set)")
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            inflater.pointee.next_in = UnsafeMutablePointer(mutating: stored.baseAddress?.assumingMemoryBound(to: UInt8.self))
            inflater.pointee.avail_in = UInt32(stored.count)
            inflater.pointee.next_out = output.baseAddress
            inflater.pointee.avail_out = UInt32(length)
            let result = CZlib.inflate(inflater, Z_SYNC_FLUSH)
            precondition([Z_STREAM_END, Z_OK, Z_BUF_ERROR].contains(result) && inflater.pointee.avail_out == 0, "inflate: \(result)")
            initialized = length
        }
    }

    /// Appends `bytes` to the slab being filled (a new one when they do not fit; a text larger
    /// than a slab gets one of its own, not filled further). The slab no longer filled is retired
    /// once the bytes are in.
    private func place(_ bytes: UnsafeRawBufferPointer, length: Int, dictionary: Int) -> Location {
        let index: Int
        var retiring: Int?
        if let current, slabs[current]!.capacity - slabs[current]!.used >= bytes.count {
            index = current
        } else {
            index = map(max(slabSize, bytes.count))
            if bytes.count <= slabSize {
                retiring = current
                current = index
            }
        }
        let offset = slabs[index]!.used
        if let base = bytes.baseAddress { (slabs[index]!.base + offset).copyMemory(from: base, byteCount: bytes.count) }
        slabs[index]!.used += bytes.count
        slabs[index]!.live += bytes.count
        slabs[index]!.texts += 1
        if let retiring { retire(retiring) }
        return Location(slab: Int32(index), offset: UInt32(offset), count: UInt32(bytes.count),
                        length: UInt32(length), dictionary: Int32(dictionary))
    }

    /// A slab not being filled: returned when it holds no text, compacted when mostly garbage.
    private func retire(_ index: Int) {
        guard index != current, let slab = slabs[index] else { return }
        if slab.texts == 0 {
            unmap(index)
        } else if slab.live * 2 < slab.used {
            compact(index)
        }
    }

    /// Moves the texts of slab `index` to the slab being filled and returns it to the system.
    private func compact(_ index: Int) {
        let slab = slabs[index]!
        for slot in slots.indices where slots[slot].slab == Int32(index) {
            let location = slots[slot]
            let bytes = UnsafeRawBufferPointer(start: slab.base + Int(location.offset), count: Int(location.count))
            slots[slot] = place(bytes, length: Int(location.length), dictionary: Int(location.dictionary))
        }
        unmap(index)
    }

    /// A slab of `capacity` bytes (rounded up to pages), mapped from the system: outside malloc's
    /// heap, so returning it returns its pages.
    private func map(_ capacity: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = (capacity + page - 1) / page * page
        let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let base, base != UnsafeMutableRawPointer(bitPattern: -1) else { fatalError("mmap \(size) bytes: errno \(errno)") }
        let slab = Slab(base: base, capacity: size)
        if let index = freeSlabs.popLast() {
            slabs[index] = slab
            return index
        }
        slabs.append(slab)
        return slabs.count - 1
    }

    private func unmap(_ index: Int) {
        guard let slab = slabs[index] else { return }
        munmap(slab.base, slab.capacity)
        slabs[index] = nil
        freeSlabs.append(index)
    }
}

/// One raw deflate stream (zlib level `KeptTexts.level`) and the buffer it writes into, used by
/// one thread at a time (`KeptTexts.pack`). The stream is allocated, not stored inline: zlib
/// keeps a pointer back to its `z_stream` and refuses a stream that moved. `deflateInit2_` is
/// what zlib's `deflateInit2` macro calls (Swift does not import function-like macros); window
/// bits -15 is raw deflate, no header or checksum.
private final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var scratch: [UInt8] = []

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let result = deflateInit2_(stream, KeptTexts.level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(result == Z_OK, "deflateInit2: \(result)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// `text` deflated against `dictionary`, in a buffer of its own size; nil when it would not
    /// be smaller than the text.
    func deflate(_ text: [UInt8], dictionary: [UInt8]) -> [UInt8]? {
        deflateReset(stream)
        let set = dictionary.withUnsafeBufferPointer { deflateSetDictionary(stream, $0.baseAddress, UInt32($0.count)) }
        precondition(set == Z_OK, "deflateSetDictionary: \(set)")
        let bound = Int(deflateBound(stream, UInt(text.count)))
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        let (result, produced) = text.withUnsafeBufferPointer { input in
            scratch.withUnsafeMutableBufferPointer { output in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = UInt32(input.count)
                stream.pointee.next_out = output.baseAddress
                stream.pointee.avail_out = UInt32(output.count)
                let result = CZlib.deflate(stream, Z_FINISH)
                return (result, output.count - Int(stream.pointee.avail_out))
            }
        }
        precondition(result == Z_STREAM_END, "deflate: \(result)")
        return produced < text.count ? Array(scratch[..<produced]) : nil
    }
}
