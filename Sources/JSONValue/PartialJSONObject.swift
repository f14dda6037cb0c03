/// A JSON object's text decoded only in the top-level members an edit needs. Those members are
/// values in `json`; every other member stands there as `null` and keeps its text, which
/// `serialized(_:)` copies back as it was.
///
/// The embedded API server stores each object as the text `serialized()` wrote, and a status
/// write or a patch touches one or two of its members: decoding only those, and re-encoding only
/// those, leaves `spec` (half of a pod's text) as it is. For such text, an edit that neither
/// reads nor writes the members kept as text gets from `serialized(_:)` the very bytes that
/// decoding the whole object, making the same edit and serializing the result would give: the
/// edit runs on the same members in the same order (kept members keep their places as `null`),
/// a kept member's text is what re-encoding its decoded value writes (`serialized()`'s output
/// reads back to itself), added members come last and removed ones go, as on a whole object.
/// The kept members are skipped, not checked: the text must be JSON (the store's own is).
public struct PartialJSONObject: Sendable {
    /// Which top-level members to decode.
    public enum Members: Sendable, Equatable {
        case all
        case only(Set<String>)

        public func contains(_ key: String) -> Bool {
            switch self {
            case .all: return true
            case .only(let keys): return keys.contains(key)
            }
        }

        /// These members and `keys` too.
        public func union(_ keys: Set<String>) -> Members {
            switch self {
            case .all: return .all
            case .only(let mine): return .only(mine.union(keys))
            }
        }
    }

    /// The object: the decoded members as values, the members kept as text as `null`.
    public let json: JSON
    private let text: [UInt8]
    /// The value spans of the members kept as text (a handful: a linear search beats hashing).
    private let kept: [(key: String, value: Range<Int>)]

    /// Reads the object in `text`, decoding `members` (and skipping the others' values).
    public init(text: [UInt8], decoding members: Members) throws(JSONParseError) {
        let (object, kept) = try text.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try Self.read(JSONScanner(bytes: buffer), members)
        }
        self.json = .object(object)
        self.text = text
        self.kept = kept
    }

    private static func read(_ s: JSONScanner, _ members: Members) throws(JSONParseError) -> (JSONObject, [(key: String, value: Range<Int>)]) {
        var object = JSONObject()
        var kept: [(key: String, value: Range<Int>)] = []
        var next = try s.firstMember(0)
        var end = s.skipSpace(0) + 1
        while let at = next {
            let member = try s.member(at)
            let key = try s.string(body: member.key)
            let value: JSON
            if members.contains(key) {
                var parser = JSONParser(s, at: member.value)
                value = try parser.parseValue()
                end = parser.position
            } else {
                end = try s.skipValue(member.value)
                if let i = kept.firstIndex(where: { $0.key == key }) { kept.remove(at: i) }
                kept.append((key, member.value..<end))
                value = .null
            }
            // A repeated key keeps its first place and its last value, as `JSONParser` does.
            if object[key] != nil { object[key] = value } else { object.appendUnchecked(key, value) }
            next = try s.nextMember(after: end)
        }
        // Past the closing brace, only whitespace.
        let close = s.skipSpace(end)
        guard s.skipSpace(close + 1) == s.bytes.count else {
            throw JSONParseError(message: "unexpected data after the document", offset: close + 1)
        }
        return (object, kept)
    }

    /// The compact text of `edited` (this object after an edit that left the kept members alone):
    /// a member kept as text and still `null` is copied from the text, every other one is encoded.
    public func serialized(_ edited: JSON) -> [UInt8] {
        guard case .object(let o) = edited else { return edited.serialized() }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 64)
        JSON.writeObject(o, to: &out) { value, key, out in
            if case .null = value, let span = kept.first(where: { $0.key == key })?.value {
                text.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[span])) }
            } else {
                value.write(to: &out)
            }
        }
        return out
    }
}
