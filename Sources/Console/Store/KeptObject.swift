import Foundation
import Delivery
import JSONValue
import KubeModel

/// One watched object as the store keeps it. An object of the list's watches (thousands of
/// Rollouts and their ReplicaSets) is kept as its exact text with its labels (the fleet screen
/// filters by them), one record (`KeptRecord`) compressed in `KeptTexts` and let go with the
/// object, so nothing of it stays in malloc's heap but this small object: the typed object its
/// watch event decoded is held only until the rows that event touched are built and handed over
/// (`settle`, at the end of the batch), then decoded again from the text whenever it is asked
/// for, the same object as the first decode. An object of another watch (the detail's, the fleet
/// screen's: they live while the page is open), or one that came without its text (built in
/// code), is kept typed, as it came.
final class KeptObject: @unchecked Sendable {
    private let text: KeptTexts.Handle?
    private let texts: KeptTexts
    private let type: any KubeObject.Type
    /// The typed object: until `settle` when the text is kept, always otherwise (guarded by `lock`).
    private var held: (any KubeObject)?
    /// One lock for every kept object: they are read and settled on the main thread.
    private static let lock = NSLock()

    /// `object` as an informer decoded it (`Verbatim`, its text beside it) or as it was built;
    /// its text kept in `texts` when `keepingText` (a list's watch) and it has one: the record
    /// the informer's thread packed (`StoreEvent.packingTexts`), or packed now.
    init(_ object: any KubeObject, keepingText: Bool, in texts: KeptTexts = .shared) {
        let decoded = object as? any DecodedWithText
        let typed = decoded?.typed ?? object
        let type = Swift.type(of: typed)
        text = keepingText ? decoded.flatMap { Self.record(of: $0, in: texts) }.map { texts.keep($0) } : nil
        self.texts = texts
        self.type = type
        held = typed
    }

    deinit {
        if let text { texts.release(text) }
    }

    /// The typed object: the one held, or decoded from the text (nil only if the text, which
    /// decoded once, no longer does).
    var object: (any KubeObject)? {
        if let held = Self.lock.withLock({ held }) { return held }
        guard let text else { return nil }
        let type: any KubeObject.Type = self.type
        return Self.decode(type, from: KeptRecord.text(of: texts.text(text)))
    }

    /// The record of `decoded` packed for `texts`: the one packed beforehand, or packed now;
    /// nil when it came without its text.
    static func record(of decoded: any DecodedWithText, in texts: KeptTexts) -> KeptTexts.Packed? {
        if let packed = decoded.packed, texts.packed(packed) { return packed }
        let typed = decoded.typed
        return decoded.text.map { texts.pack(KeptRecord.encode(labels: typed.metadata.labels, text: $0), kind: ObjectIdentifier(Swift.type(of: typed))) }
    }

    private static func decode<T: KubeObject>(_ type: T.Type, from text: Data) -> (any KubeObject)? {
        try? ScanningJSONDecoder().decode(type, from: text)
    }

    /// `metadata.labels`, without decoding the object.
    var labels: [String: String]? {
        guard let text else { return Self.lock.withLock({ held })?.metadata.labels }
        return KeptRecord.labels { texts.prefix(text, count: $0) }
    }

    /// Whether only the text is kept now (the typed object let go).
    var isTextOnly: Bool { text != nil && Self.lock.withLock({ held }) == nil }

    /// Lets the typed object go when the text is kept.
    func settle() {
        guard text != nil else { return }
        Self.lock.withLock { held = nil }
    }
}

/// What `KeptObject` keeps of an object: its labels, then its text. First the labels' length
/// in bytes (32 bits, little-endian; all ones: no labels, nil), then each key and value as a
/// 32-bit length and its UTF-8 bytes; the text follows to the end, byte for byte as it came. The
/// labels come first so that reading them decompresses only the record's start (`KeptTexts.prefix`).
enum KeptRecord {
    static func encode(labels: [String: String]?, text: [UInt8]) -> [UInt8] {
        var section: [UInt8] = []
        for (key, value) in (labels ?? [:]).sorted(by: { $0.key < $1.key }) {
            append(key.utf8.count, to: &section)
            section.append(contentsOf: key.utf8)
            append(value.utf8.count, to: &section)
            section.append(contentsOf: value.utf8)
        }
        var record: [UInt8] = []
        record.reserveCapacity(4 + section.count + text.count)
        append(labels == nil ? Int(UInt32.max) : section.count, to: &record)
        return record + section + text
    }

    /// The labels of a record `encode` made, read by `prefix` (the record's first bytes).
    static func labels(prefix: (Int) -> [UInt8]) -> [String: String]? {
        let length = number(prefix(4), at: 0)
        guard length != UInt32.max else { return nil }
        let section = prefix(4 + Int(length))
        var labels: [String: String] = [:]
        var offset = 4
        while offset < section.count {
            let key = string(section, &offset)
            labels[key] = string(section, &offset)
        }
        return labels
    }

    /// The text of a record `encode` made.
    static func text(of record: [UInt8]) -> Data {
        let length = number(record, at: 0)
        return Data(record[(4 + (length == UInt32.max ? 0 : Int(length)))...])
    }

    private static func append(_ count: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: count).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func number(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    private static func string(_ bytes: [UInt8], _ offset: inout Int) -> String {
        let count = Int(number(bytes, at: offset))
        defer { offset += 4 + count }
        return String(decoding: bytes[offset + 4..<offset + 4 + count], as: UTF8.self)
    }
}

/// An object decoded with its exact text beside it.
protocol DecodedWithText {
    var typed: any KubeObject { get }
    var text: [UInt8]? { get }
    /// Its record (`KeptRecord`: labels and text) packed for an arena beforehand, if it was.
    var packed: KeptTexts.Packed? { get }
    /// Itself with its record packed for `texts` (`KeptObject.record`), on the calling thread.
    func packingText(in texts: KeptTexts) -> any KubeObject
}

/// A decoded object that keeps its whole text itself (`Rollout.verbatim`, for `set image`'s PUT):
/// `Verbatim` shares those bytes rather than take a second copy (a 20,000-Rollout first load
/// held two copies of each page's texts until the rows were built).
protocol KeepsItsText {
    var keptText: RawJSON? { get }
}

extension Rollout: KeepsItsText {
    var keptText: RawJSON? { verbatim }
}

/// What the console's informers and its first load decode (`WatchSet`, `ListLoad`): the object
/// and its text, both read in place from one decoder (`ScanningJSONDecoder`), so the store can
/// keep the text alone (`KeptObject`). Any other decoder gives the tree, and no text is kept.
/// The informer's thread packs the record the store keeps (`packingText`), beside the decode.
package struct Verbatim<T: KubeObject>: KubeObject, DecodedWithText {
    var object: T
    var raw: RawJSON
    private(set) var packed: KeptTexts.Packed?

    package var metadata: ObjectMeta { object.metadata }
    var typed: any KubeObject { object }
    var text: [UInt8]? { raw.text }

    package init(from decoder: any Decoder) throws {
        object = try T(from: decoder)
        raw = try (object as? any KeepsItsText)?.keptText ?? RawJSON(from: decoder)
    }

    func packingText(in texts: KeptTexts) -> any KubeObject {
        var packing = self
        packing.packed = KeptObject.record(of: self, in: texts)
        return packing
    }

    package func encode(to encoder: any Encoder) throws { try object.encode(to: encoder) }
}
