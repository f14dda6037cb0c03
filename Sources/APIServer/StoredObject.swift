import JSONValue
import KubeModel
import NIOCore

/// One object as the store keeps it: its serialized JSON (served as is, so a 20,000-pod list
/// is a concatenation, not a re-encoding) and the few fields the store filters on.
public struct StoredObject: Sendable {
    public var bytes: [UInt8]
    public var name: String
    public var namespace: String?
    public var labels: [String: String]
    public var resourceVersion: UInt64

    /// `namespace/name` or `name`: the order etcd lists in.
    public var key: String { namespace.map { "\($0)/\(name)" } ?? name }

    public var json: JSON { (try? JSON(parsing: bytes)) ?? .null }

    /// The stored text with only `members` decoded, for an edit (`ObjectEdit`).
    func partial(_ members: PartialJSONObject.Members) throws(APIStatus) -> PartialJSONObject {
        do { return try PartialJSONObject(text: bytes, decoding: members) } catch {
            throw APIErrors.internalError("the stored \(key) does not read back: \(error)")
        }
    }

    /// `json`, serialized.
    init(json: JSON, resourceVersion: UInt64) {
        self.init(json: json, text: json.serialized(), resourceVersion: resourceVersion)
    }

    /// `json` with its text, `text` (`json.serialized()`, or the same bytes spliced).
    init(json: JSON, text: [UInt8], resourceVersion: UInt64) {
        bytes = Self.exactSize(text)
        name = json[path: ["metadata", "name"]]?.stringValue ?? ""
        namespace = json[path: ["metadata", "namespace"]]?.stringValue
        var labels: [String: String] = [:]
        if case .object(let o) = json[path: ["metadata", "labels"]] ?? .null {
            for m in o { if let v = m.value.stringValue { labels[m.key] = v } }
        }
        self.labels = labels
        self.resourceVersion = resourceVersion
    }

    /// A copy of `text` in a buffer of its own size: `serialized()` grows its buffer by doubling,
    /// and the store keeps each object's text for the object's life (about a fifth less memory).
    private static func exactSize(_ text: [UInt8]) -> [UInt8] {
        text.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: source.count) { buffer, count in
                count = buffer.initialize(fromContentsOf: source)
            }
        }
    }
}

/// A change the store made, as every watcher and the bounded history see it.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }

    public var kind: Kind
    public var resource: ResourceType
    public var object: StoredObject
    /// The labels before a modification, so a selector watch can turn it into ADDED or DELETED.
    public var previousLabels: [String: String]?

    public var resourceVersion: UInt64 { object.resourceVersion }
}

/// One line of a watch stream.
public enum WatchFrame: Sendable {
    case event(WatchEvent.Kind, [UInt8])
    case bookmark(ResourceType, resourceVersion: UInt64, initialEventsEnd: Bool)
    case error(APIStatus)

    /// The `\n`-terminated JSON line sent on the wire.
    public var line: [UInt8] {
        var out = ByteBuffer()
        write(to: &out)
        return Array(out.readableBytesView)
    }

    /// Appends the line to `out` (a watch's send buffer: an event's object is copied once, into it).
    public func write(to out: inout ByteBuffer) {
        switch self {
        case .event(let kind, let object):
            out.writeStaticString(#"{"type":""#)
            out.writeString(kind.rawValue)
            out.writeStaticString(#"","object":"#)
            out.writeBytes(object)
            out.writeInteger(UInt8(ascii: "}"))
        case .bookmark(let r, let rv, let end):
            var meta: JSON = ["resourceVersion": .string(String(rv))]
            if end { meta["annotations"] = ["k8s.io/initial-events-end": "true"] }
            let object: JSON = ["kind": .string(r.kind), "apiVersion": .string(r.apiVersion), "metadata": meta]
            let frame: JSON = ["type": "BOOKMARK", "object": object]
            out.writeBytes(frame.serialized())
        case .error(let status):
            let frame: JSON = ["type": "ERROR", "object": status.json]
            out.writeBytes(frame.serialized())
        }
        out.writeInteger(UInt8(ascii: "\n"))
    }
}

extension APIStatus {
    /// The Status as the JSON value the API writes.
    var json: JSON {
        var o: JSON = ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": .string(status),
                       "message": .string(message), "reason": .string(reason)]
        if let details {
            var d: JSON = [:]
            if let name = details.name { d["name"] = .string(name) }
            if let group = details.group { d["group"] = .string(group) }
            if let kind = details.kind { d["kind"] = .string(kind) }
            if let retry = details.retryAfterSeconds { d["retryAfterSeconds"] = .int(Int64(retry)) }
            o["details"] = d
        }
        o["code"] = .int(Int64(code))
        return o
    }
}
