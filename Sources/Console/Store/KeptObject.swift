import Foundation
import JSONValue
import KubeModel

/// One watched object as the store keeps it. An object of the list's watches (thousands of
/// Rollouts and their ReplicaSets) is kept as its exact text (deflated, in `KeptTexts`, let go
/// with the object), with its labels (the fleet screen filters by them): the typed object its
/// watch event decoded is held only until the rows that event touched are built and handed over
/// (`settle`, at the end of the batch), then decoded again from the text whenever it is asked
/// for, the same object as the first decode. An object of another watch (the detail's, the fleet
/// screen's: they live while the page is open), or one that came without its text (built in
/// code), is kept typed, as it came.
final class KeptObject: @unchecked Sendable {
    private let text: KeptTexts.Handle?
    private let texts: KeptTexts
    private let type: any KubeObject.Type
    private let keptLabels: [String: String]?
    /// The typed object: until `settle` when the text is kept, always otherwise (guarded by `lock`).
    private var held: (any KubeObject)?
    /// One lock for every kept object: they are read and settled on the main thread.
    private static let lock = NSLock()

    /// `object` as an informer decoded it (`Verbatim`, its text beside it) or as it was built;
    /// its text kept in `texts` when `keepingText` (a list's watch) and it has one.
    init(_ object: any KubeObject, keepingText: Bool, in texts: KeptTexts = .shared) {
        let decoded = object as? any DecodedWithText
        let typed = decoded?.typed ?? object
        let type = Swift.type(of: typed)
        let text = keepingText ? decoded?.text.map { texts.keep($0, kind: ObjectIdentifier(type)) } : nil
        self.text = text
        self.texts = texts
        self.type = type
        keptLabels = text == nil ? nil : typed.metadata.labels
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
        return Self.decode(type, from: texts.text(text))
    }

    private static func decode<T: KubeObject>(_ type: T.Type, from text: [UInt8]) -> (any KubeObject)? {
        try? ScanningJSONDecoder().decode(type, from: Data(text))
    }

    /// `metadata.labels`, without decoding.
    var labels: [String: String]? {
        text == nil ? Self.lock.withLock({ held })?.metadata.labels : keptLabels
    }

    /// Whether only the text is kept now (the typed object let go).
    var isTextOnly: Bool { text != nil && Self.lock.withLock({ held }) == nil }

    /// Lets the typed object go when the text is kept.
    func settle() {
        guard text != nil else { return }
        Self.lock.withLock { held = nil }
    }
}

/// An object decoded with its exact text beside it.
protocol DecodedWithText {
    var typed: any KubeObject { get }
    var text: [UInt8]? { get }
}

/// What the console's informers and its first load decode (`WatchSet`, `ListLoad`): the object
/// and its text, both read in place from one decoder (`ScanningJSONDecoder`), so the store can
/// keep the text alone (`KeptObject`). Any other decoder gives the tree, and no text is kept.
struct Verbatim<T: KubeObject>: KubeObject, DecodedWithText {
    var object: T
    var raw: RawJSON

    var metadata: ObjectMeta { object.metadata }
    var typed: any KubeObject { object }
    var text: [UInt8]? { raw.text }

    init(from decoder: any Decoder) throws {
        object = try T(from: decoder)
        raw = try RawJSON(from: decoder)
    }

    func encode(to encoder: any Encoder) throws { try object.encode(to: encoder) }
}
