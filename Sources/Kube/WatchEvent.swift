import Foundation
import JSONValue
import KubeModel

/// One event of a watch stream (`{"type":"ADDED","object":{…}}`), decoded in a single pass: the
/// object is decoded as `T` for changes, as a `Status` for errors, and only for its metadata for
/// bookmarks (whose objects are otherwise empty).
public enum WatchEvent<T: KubeObject>: Sendable {
    case added(T)
    case modified(T)
    case deleted(T)
    /// A progress notice: the stream is current up to this resourceVersion.
    case bookmark(resourceVersion: String)
    /// The server ended the stream with an error (410 Expired when the version is too old).
    case error(APIStatus)
    /// A change to an object that does not decode as `T` (a field of an unexpected type): its
    /// metadata, so the cache can drop the old copy and the watch move past it, and why.
    case unreadable(UnreadableObject)

    /// Decodes one line of a watch stream; a bad line is a `KubeError.decoding`.
    public static func decode(_ line: Data) throws(KubeError) -> WatchEvent<T> {
        do { return try ScanningJSONDecoder().decode(WatchEvent<T>.self, from: line) } catch {
            throw KubeError.decoding("watch event of \(T.self): \(DecodingFailure.describe(error))")
        }
    }

    /// The resourceVersion this event moves the watch to, if any.
    public var resourceVersion: String? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): o.metadata.resourceVersion
        case .unreadable(let u): u.metadata.resourceVersion
        case .bookmark(let rv): rv
        case .error: nil
        }
    }
}

extension WatchEvent: Decodable {
    private enum CodingKeys: String, CodingKey { case type, object }

    /// Only the metadata of a bookmark's object.
    private struct BookmarkObject: Decodable {
        struct Meta: Decodable { var resourceVersion: String? }
        var metadata: Meta?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ADDED", "MODIFIED", "DELETED":
            let object = try c.decode(Readable<T>.self, forKey: .object)
            switch (object.value, type) {
            case let (value?, "ADDED"): self = .added(value)
            case let (value?, "MODIFIED"): self = .modified(value)
            case let (value?, _): self = .deleted(value)
            case (nil, _): self = .unreadable(try object.unreadable())
            }
        case "BOOKMARK":
            let object = try c.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(resourceVersion: object.metadata?.resourceVersion ?? "")
        case "ERROR": self = .error(try c.decode(APIStatus.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown watch event type \(type)")
        }
    }
}

/// An object that does not decode as the type asked for: its metadata and the decoder's reason.
public struct UnreadableObject: Sendable, Equatable {
    public var metadata: ObjectMeta
    public var reason: String
}

/// One object that may not decode as `T`: the value, or its metadata and why not. Decoding it
/// never fails for that reason, so one odd object neither ends a watch nor hides a whole list.
struct Readable<T: Decodable & Sendable>: Decodable, Sendable {
    private struct MetadataOnly: Decodable { var metadata: ObjectMeta }
    var value: T?
    var metadata: ObjectMeta?
    var reason = ""

    init(from decoder: any Decoder) throws {
        do { value = try T(from: decoder) } catch {
            // Without even metadata the object cannot be named or skipped: the answer is broken.
            metadata = try MetadataOnly(from: decoder).metadata
            reason = DecodingFailure.describe(error)
        }
    }

    func unreadable() throws -> UnreadableObject {
        guard let metadata else { throw KubeError.decoding("an object neither readable nor named") }
        return UnreadableObject(metadata: metadata, reason: reason)
    }
}
