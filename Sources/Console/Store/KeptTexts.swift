import CZstd
import Foundation

/// The texts the store keeps (`KeptObject`: thousands of Rollouts and ReplicaSets), compressed and
/// packed into large slabs mapped from the system for them alone, each text a slice of one.
///
/// Kept in malloc's heap, the long-lived texts pinned the free chunks the first load's page
/// buffers and typed objects left between them (84 MB of a 272 MB resident set at 20,000
/// rollouts): here no text sits among the transient allocations of decoding. A replaced or
/// deleted object's bytes count as garbage in their slab; a slab that holds no text is returned
/// to the system, and one mostly garbage is compacted (its texts moved to the slab being filled)
/// and returned.
///
/// Each text is compressed (Zstandard, level 1) against a dictionary of its kind: the first text
/// of that kind kept here, prepared once for both directions (`ZstdDictionary`). Objects of one
/// kind share most of their keys and many values, so a Rollout's 3.2 KB keep in about a hundred
/// bytes; a text compression does not shrink is kept as it is. Reading a text decompresses it (a
/// µs or two; the store then decodes it). zlib's raw deflate against a preset dictionary did this
/// before: it hashed the whole dictionary again for every text (`deflateSetDictionary`, and
/// `inflateSetDictionary` for every read), and a Rollout took 11.5 µs to keep (`bench memory`).
///
/// Keeping a text is two steps: `pack` compresses it into a buffer of its own (`Packed`), on any
/// thread (the informer's, beside the decode, so the main thread does not pay it), and `keep`
/// copies that buffer into a slab (the store's, on the main thread).
///
/// Thread-safe: the arena's lock guards the slabs, slots and dictionaries; compressing holds it
/// only to find its kind's dictionary, and runs on a context of its own (one per thread packing
/// at once), so the main thread's reads do not wait for it. Texts are kept and read on
/// the main thread, and let go wherever the last reference to their `KeptObject` goes.
public final class KeptTexts: @unchecked Sendable {
    /// Where one kept text is: a slot of the arena, valid until `release`.
    public struct Handle: Sendable, Hashable {
        fileprivate let slot: Int
    }

    /// A text compressed (or kept as it is) for one arena, not in a slab yet: `keep` places it.
    public struct Packed: Sendable {
        /// The arena it was packed for (its dictionaries): `keep` takes it only there.
        fileprivate let arena: ObjectIdentifier
        fileprivate let bytes: [UInt8]
        /// The text's length, and the dictionary it was compressed against (-1: kept as it is).
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
        /// The texts kept, and their bytes before compressing.
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
    private var dictionaries: [ZstdDictionary] = []
    private var dictionaryOfKind: [ObjectIdentifier: Int] = [:]
    private var textBytes = 0
    /// The decompression context: texts are read under the arena's lock.
    private let decompressor: OpaquePointer
    /// The compression contexts not in use (`pack` takes one, or makes one when all are: one
    /// per thread packing at once), under their own lock.
    private let compressorsLock = NSLock()
    private var idleCompressors: [Compressor] = []

    /// A dictionary is at most the last 32 KB of its text (a longer one costs more to prepare
    /// and to hold, and the texts that follow match its keys and values within that much).
    private static let dictionaryLimit = 32 * 1024
    /// Zstandard's level: its fastest regular one (higher levels shrink these short texts little).
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

    /// A slot's text: `count` bytes at `offset` in `slab`, `length` once decompressed with
    /// `dictionary` (-1: kept as it is). A free slot has `slab` -1.
    private struct Location {
        var slab: Int32
        var offset: UInt32
        var count: UInt32
        var length: UInt32
        var dictionary: Int32
    }

    public init(slabSize: Int = 1 << 20) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        self.slabSize = max(page, (slabSize + page - 1) / page * page)
        guard let context = ZSTD_createDCtx() else { fatalError("zstd: no memory for a decompression context") }
        decompressor = context
    }

    deinit {
        ZSTD_freeDCtx(decompressor)
        for slab in slabs.compactMap({ $0 }) { munmap(slab.base, slab.capacity) }
    }

    /// `text` compressed against the dictionary of `kind` (the first text of that kind packed
    /// here), ready for `keep`: on any thread.
    public func pack(_ text: [UInt8], kind: ObjectIdentifier) -> Packed {
        precondition(text.count < Int(UInt32.max), "a text of 4 GB")
        let (index, dictionary) = lock.withLock {
            let index = dictionaryOfKind[kind] ?? {
                dictionaries.append(ZstdDictionary(Array(text.suffix(Self.dictionaryLimit)), level: Self.level))
                dictionaryOfKind[kind] = dictionaries.count - 1
                return dictionaries.count - 1
            }()
            return (index, dictionaries[index])
        }
        let compressor = compressorsLock.withLock { idleCompressors.popLast() } ?? Compressor()
        defer { compressorsLock.withLock { idleCompressors.append(compressor) } }
        let compressed = compressor.compress(text, dictionary: dictionary)
        return Packed(arena: ObjectIdentifier(self), bytes: compressed ?? text, length: text.count, dictionary: compressed == nil ? -1 : index)
    }

    /// Whether `packed` was packed here (another arena's dictionaries are not this one's).
    public func packed(_ packed: Packed) -> Bool { packed.arena == ObjectIdentifier(self) }

    /// Keeps `text`, compressed against the dictionary of `kind` (the first text of that kind).
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
            return decompress(stored, length: Int(location.length), dictionary: Int(location.dictionary))
        }
    }

    /// The first `count` bytes of the text kept under `handle` (all of it when shorter): only
    /// that much is decompressed.
    public func prefix(_ handle: Handle, count: Int) -> [UInt8] {
        lock.withLock {
            let location = slots[handle.slot]
            let slab = slabs[Int(location.slab)]!
            let stored = UnsafeRawBufferPointer(start: slab.base + Int(location.offset), count: Int(location.count))
            let length = min(count, Int(location.length))
            guard location.dictionary >= 0 else { return Array(stored.prefix(length)) }
            return decompress(stored, length: length, dictionary: Int(location.dictionary))
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

    /// `stored` decompressed against dictionary `dictionary`: its first `length` bytes (all of
    /// them, or a prefix: decompression stops when the output is full). Streaming, as only the
    /// streaming API stops at a full output; the context is reset for each text and keeps the
    /// dictionary referenced, prepared once.
    private func decompress(_ stored: UnsafeRawBufferPointer, length: Int, dictionary: Int) -> [UInt8] {
        guard length > 0 else { return [] }
        Self.check(ZSTD_DCtx_reset(decompressor, ZSTD_reset_session_only), "ZSTD_DCtx_reset")
        Self.check(ZSTD_DCtx_refDDict(decompressor, dictionaries[dictionary].decompression), "ZSTD_DCtx_refDDict")
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            var input = ZSTD_inBuffer(src: stored.baseAddress, size: stored.count, pos: 0)
            var out = ZSTD_outBuffer(dst: output.baseAddress, size: length, pos: 0)
            while out.pos < length {
                let before = (input.pos, out.pos)
                let result = ZSTD_decompressStream(decompressor, &out, &input)
                Self.check(result, "ZSTD_decompressStream")
                precondition(result != 0 || out.pos == length, "zstd: a kept text ended after \(out.pos) of its \(length) bytes")
                precondition((input.pos, out.pos) != before, "zstd: no progress in a kept text")
            }
            initialized = length
        }
    }

    /// Stops on a zstd error: a kept text is the arena's own, so one that does not decompress is
    /// a bug, not input to refuse.
    fileprivate static func check(_ result: Int, _ call: String) {
        guard ZSTD_isError(result) != 0 else { return }
        fatalError("\(call): \(String(cString: ZSTD_getErrorName(result)))")
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

/// A kind's dictionary (its first text), prepared once for compressing (`ZSTD_CDict`, at
/// `level`) and for decompressing (`ZSTD_DDict`): using it costs no work per text.
///
/// Quirk: the stable API takes a dictionary that begins with zstd's dictionary magic number
/// (`ZSTD_MAGIC_DICTIONARY`, little-endian) as a trained dictionary to parse, and fails on one
/// that is not (only the experimental API can say "raw content"). A kept record begins with its
/// labels' length, which never spells it, but any text may be kept: one that does has its first
/// byte left out of the dictionary, which is then raw content like every other.
private final class ZstdDictionary: @unchecked Sendable {
    let compression: OpaquePointer
    let decompression: OpaquePointer

    init(_ content: [UInt8], level: Int32) {
        let magic = withUnsafeBytes(of: UInt32(ZSTD_MAGIC_DICTIONARY).littleEndian, Array.init)
        let text = content.starts(with: magic) ? Array(content.dropFirst()) : content
        let made = text.withUnsafeBytes { (ZSTD_createCDict($0.baseAddress, $0.count, level), ZSTD_createDDict($0.baseAddress, $0.count)) }
        guard let compression = made.0, let decompression = made.1 else { fatalError("zstd: a dictionary could not be prepared") }
        self.compression = compression
        self.decompression = decompression
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }
}

/// One compression context and the buffer it writes into, used by one thread at a time
/// (`KeptTexts.pack`).
private final class Compressor {
    private let context: OpaquePointer
    private var scratch: [UInt8] = []

    init() {
        guard let context = ZSTD_createCCtx() else { fatalError("zstd: no memory for a compression context") }
        self.context = context
    }

    deinit { ZSTD_freeCCtx(context) }

    /// `text` compressed against `dictionary`, in a buffer of its own size; nil when it would
    /// not be smaller than the text.
    func compress(_ text: [UInt8], dictionary: ZstdDictionary) -> [UInt8]? {
        let bound = ZSTD_compressBound(text.count)
        KeptTexts.check(bound, "ZSTD_compressBound")
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        let produced = text.withUnsafeBytes { input in
            scratch.withUnsafeMutableBytes { output in
                ZSTD_compress_usingCDict(context, output.baseAddress, output.count, input.baseAddress, input.count, dictionary.compression)
            }
        }
        KeptTexts.check(produced, "ZSTD_compress_usingCDict")
        return produced < text.count ? Array(scratch[..<produced]) : nil
    }
}
