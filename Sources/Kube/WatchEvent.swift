import Foundation
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
        case "ADDED": self = .added(try c.decode(T.self, forKey: .object))
        case "MODIFIED": self = .modified(try c.decode(T.self, forKey: .object))
        case "DELETED": self = .deleted(try c.decode(T.self, forKey: .object))
        case "BOOKMARK":
            let object = try c.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(resourceVersion: object.metadata?.resourceVersion ?? "")
        case "ERROR": self = .error(try c.decode(APIStatus.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown watch event type \(type)")
        }
    }
}
