import Crypto
import Foundation
import JSONValue
import KubeModel

/// The embedded API server's storage, behaving as kube-apiserver over etcd: one global
/// resourceVersion counter that only grows, uid / creationTimestamp / generation owned by the
/// server, the status subresource split, optimistic concurrency on update, a bounded history of
/// changes for watches (older versions answer 410 Expired) and consistent paginated lists.
///
/// Every method is thread-safe (one lock); watch sinks are called under the lock, in order, and
/// must only enqueue.
public final class ObjectStore: @unchecked Sendable {
    /// Where a watch starts and what it wants.
    public struct WatchOptions: Sendable {
        public var resource: ResourceType
        public var namespace: String?
        public var labelSelector: LabelSelector
        public var fieldSelector: FieldSelector
        /// nil or "" = most recent with synthetic ADDEDs; "0" = the same; "N" = changes after N.
        public var resourceVersion: String?
        /// The streaming list: synthetic ADDEDs, then a bookmark annotated `k8s.io/initial-events-end`.
        public var sendInitialEvents: Bool
        public var allowBookmarks: Bool

        public init(resource: ResourceType, namespace: String? = nil, labelSelector: LabelSelector? = nil,
                    fieldSelector: FieldSelector? = nil, resourceVersion: String? = nil,
                    sendInitialEvents: Bool = false, allowBookmarks: Bool = false) {
            self.resource = resource
            self.namespace = namespace
            self.labelSelector = labelSelector ?? (try! LabelSelector(""))
            self.fieldSelector = fieldSelector ?? (try! FieldSelector(""))
            self.resourceVersion = resourceVersion
            self.sendInitialEvents = sendInitialEvents
            self.allowBookmarks = allowBookmarks
        }
    }

    /// What a list returns: the items in key order and the list's resourceVersion.
    public struct ListResult: Sendable {
        public var items: [StoredObject]
        public var resourceVersion: UInt64
        public var continueToken: String?
        public var remainingItemCount: Int?
    }

    private struct Watcher {
        var options: WatchOptions
        var sink: @Sendable (WatchFrame) -> Void
    }

    private struct ListSnapshot {
        var items: [StoredObject]
        var resourceVersion: UInt64
        var created: Date
    }

    private let lock = NSLock()
    private var objects: [ResourceType: KindTable] = [:]
    private var currentRV: UInt64 = 0
    private var history: WatchHistory
    private var compactedThrough: UInt64 = 0
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 1
    private var snapshots: [Int: ListSnapshot] = [:]
    private var nextSnapshotID = 1
    private let clock: @Sendable () -> Date
    /// Signs continue tokens; made at start, never leaves the process, so a token cannot be forged or moved to another list.
    private let continueKey = SymmetricKey(size: .bits256)

    /// - Parameters:
    ///   - historyLimit: how many changes a watch can resume across (the real server keeps about 5 minutes).
    ///   - initialResourceVersion: where the counter starts (a restarted server starts elsewhere).
    public init(historyLimit: Int = 20_000, initialResourceVersion: UInt64 = 1, clock: @escaping @Sendable () -> Date = Date.init) {
        self.history = WatchHistory(limit: historyLimit)
        self.currentRV = initialResourceVersion
        self.compactedThrough = initialResourceVersion
        self.clock = clock
    }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The newest resourceVersion.
    public var resourceVersion: UInt64 { locked { currentRV } }

    /// How many objects of a kind are stored (all namespaces).
    public func count(_ r: ResourceType) -> Int { locked { objects[r]?.count ?? 0 } }

    // MARK: Reads

    public func get(_ r: ResourceType, namespace: String?, name: String) throws(APIStatus) -> StoredObject {
        let key = Self.key(r, namespace, name)
        guard let o = locked({ objects[r]?[r.namespaced ? namespace : nil, key] }) else { throw APIErrors.notFound(r, name) }
        return o
    }

    /// Lists in key order; with `limit`, pages share one snapshot and resourceVersion, as etcd's do.
    public func list(_ r: ResourceType, namespace: String?, labelSelector: LabelSelector? = nil,
                     fieldSelector: FieldSelector? = nil, limit: Int? = nil, continueToken: String? = nil) throws(APIStatus) -> ListResult {
        let filtered = (labelSelector.map { !$0.isEmpty } ?? false) || (fieldSelector.map { !$0.terms.isEmpty } ?? false)
        var items: [StoredObject]
        var rv: UInt64
        var offset = 0
        var snapshotID: Int
        let binding = ContinueToken.binding(r, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
        if let continueToken {
            let token = try ContinueToken(continueToken, key: continueKey, binding: binding)
            guard let snap = locked({ snapshots[token.snapshot] }) else { throw APIErrors.continueTooOld() }
            guard token.offset <= snap.items.count, token.resourceVersion == snap.resourceVersion else {
                throw ContinueToken.invalid("it does not match the list it continues")
            }
            items = snap.items
            rv = snap.resourceVersion
            offset = token.offset
            snapshotID = token.snapshot
        } else {
            (items, rv) = locked {
                let all = (objects[r] ?? KindTable()).inKeyOrder(namespace: r.namespaced ? namespace : nil) { o in
                    (labelSelector?.matches(o.labels) ?? true)
                        && (fieldSelector?.matches(name: o.name, namespace: o.namespace) ?? true)
                }
                return (all, currentRV)
            }
            snapshotID = 0
        }
        // `limit < count - offset`, not `offset + limit < count`: a limit near Int.max must not overflow.
        guard let limit, limit > 0, limit < items.count - offset else {
            return ListResult(items: Array(items[offset...]), resourceVersion: rv)
        }
        if snapshotID == 0 {
            snapshotID = locked {
                let id = nextSnapshotID
                nextSnapshotID += 1
                snapshots[id] = ListSnapshot(items: items, resourceVersion: rv, created: clock())
                pruneSnapshots()
                return id
            }
        }
        let end = offset + limit
        let token = ContinueToken(snapshot: snapshotID, offset: end, resourceVersion: rv).text(key: continueKey, binding: binding)
        return ListResult(items: Array(items[offset..<end]), resourceVersion: rv, continueToken: token,
                          remainingItemCount: filtered ? nil : items.count - end)
    }

    /// Keeps list snapshots for five minutes (the real server's compaction interval), at most 64.
    private func pruneSnapshots() {
        let cutoff = clock().addingTimeInterval(-300)
        snapshots = snapshots.filter { $0.value.created > cutoff }
        while snapshots.count > 64, let oldest = snapshots.keys.min() { snapshots[oldest] = nil }
    }

    // MARK: Writes

    /// POST: the server owns uid, creationTimestamp, generation and resourceVersion; status is
    /// dropped (reset) for kinds with a status subresource.
    @discardableResult
    public func create(_ r: ResourceType, namespace: String?, object: JSON) throws(APIStatus) -> StoredObject {
        guard case .object(var top) = object else { throw APIErrors.badRequest("the body of the request was not a JSON object") }
        let ns = r.namespaced ? namespace : nil
        if let bodyNS = object[path: ["metadata", "namespace"]]?.stringValue, let ns, bodyNS != ns, !bodyNS.isEmpty {
            throw APIErrors.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if let rv = object[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty {
            throw APIErrors.badRequest("resourceVersion should not be set on objects to be created")
        }
        var name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if name.isEmpty, let prefix = object[path: ["metadata", "generateName"]]?.stringValue, !prefix.isEmpty {
            name = prefix + Self.randomSuffix()
        }
        guard !name.isEmpty else {
            throw APIErrors.invalid(r, "", "metadata.name", "Required value: name or generateName is required")
        }
        try DNSNames.validate(name, for: r)
        if top["apiVersion"] == nil { top["apiVersion"] = .string(r.apiVersion) }
        if top["kind"] == nil { top["kind"] = .string(r.kind) }
        // The server-owned fields are set in a metadata object held alone, so each set changes it in
        // place (setting them through `JSON`'s path subscript copied it, and the object, every time).
        var meta = top["metadata"]?.objectValue ?? JSONObject()
        top["metadata"] = .null
        meta["name"] = .string(name)
        meta["namespace"] = ns.map { .string($0) }
        meta["uid"] = .string(UUID().uuidString.lowercased())
        meta["creationTimestamp"] = .string(KubeTime.format(clock()))
        meta["deletionTimestamp"] = nil
        meta["deletionGracePeriodSeconds"] = nil
        if Self.hasGeneration(r) { meta["generation"] = 1 }
        top["metadata"] = .object(meta)
        if r.subresources.contains("status") { top["status"] = Self.initialStatus(r) }
        var o = JSON.object(top)
        try ObjectValidation.validate(r, o, name: name)
        let key = Self.key(r, ns, name)
        return try locked { () throws(APIStatus) -> StoredObject in
            if let ns, r != .namespaces, objects[.namespaces]?[nil, ns] == nil {
                throw APIErrors.notFound(.namespaces, ns)
            }
            if objects[r]?[ns, key] != nil { throw APIErrors.alreadyExists(r, name) }
            o[path: ["metadata", "resourceVersion"]] = .string(String(currentRV + 1))
            return commitLocked(r, ns, key: key, StoredObject(json: o, resourceVersion: currentRV + 1), kind: .added, previous: nil)
        }
    }

    /// PUT of the main resource or of `/status`. Optimistic concurrency on resourceVersion.
    @discardableResult
    public func update(_ r: ResourceType, namespace: String?, name: String, object: JSON, subresource: String? = nil) throws(APIStatus) -> StoredObject {
        guard case .object = object else { throw APIErrors.badRequest("the body of the request was not a JSON object") }
        if let bodyName = object[path: ["metadata", "name"]]?.stringValue, bodyName != name {
            throw APIErrors.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        let requestedRV = object[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        if requestedRV.isEmpty, r.isCustomResource {
            throw APIErrors.invalid(r, name, "metadata.resourceVersion", "Invalid value: 0x0: must be specified for an update")
        }
        return try modify(r, namespace: namespace, name: name, .update(object, precondition: requestedRV.isEmpty ? nil : requestedRV),
                          subresource: subresource)
    }

    /// PATCH by content type; a patch that changes nothing returns the object unchanged (same resourceVersion).
    @discardableResult
    public func patch(_ r: ResourceType, namespace: String?, name: String, type: APIRequest.PatchType, patch: JSON,
                      subresource: String? = nil) throws(APIStatus) -> StoredObject {
        if type == .strategicMerge, r.isCustomResource { throw APIErrors.unsupportedMediaType() }
        var precondition: String?
        if type != .json, let rv = patch[path: ["metadata", "resourceVersion"]]?.stringValue { precondition = rv }
        return try modify(r, namespace: namespace, name: name, .patch(type, patch, precondition: precondition), subresource: subresource)
    }

    /// Runs `edit` on the stored object and commits what it makes (the same object when it changes nothing).
    private func modify(_ r: ResourceType, namespace: String?, name: String, _ edit: ObjectEdit, subresource: String?) throws(APIStatus) -> StoredObject {
        if let subresource, subresource != "status" || !r.subresources.contains("status") { throw APIErrors.pathNotFound() }
        let ns = r.namespaced ? namespace : nil
        let key = Self.key(r, ns, name)
        let decoding = edit.members(r)
        return try locked { () throws(APIStatus) -> StoredObject in
            guard let stored = objects[r]?[ns, key] else { throw APIErrors.notFound(r, name) }
            if let p = edit.precondition, p != String(stored.resourceVersion) { throw APIErrors.conflict(r, name) }
            guard let next = try edit.apply(to: stored, r, subresource: subresource, name: name, resourceVersion: currentRV + 1,
                                             decoding: decoding) else { return stored }
            return commitLocked(r, ns, key: key, next, kind: .modified, previous: stored)
        }
    }

    /// DELETE: removed at once (no finalizers are simulated); a namespace takes its objects with it.
    @discardableResult
    public func delete(_ r: ResourceType, namespace: String?, name: String) throws(APIStatus) -> StoredObject {
        let ns = r.namespaced ? namespace : nil
        let key = Self.key(r, ns, name)
        return try locked { () throws(APIStatus) -> StoredObject in
            guard let stored = objects[r]?[ns, key] else { throw APIErrors.notFound(r, name) }
            if r == .namespaces {
                for type in objects.keys where type.namespaced {
                    for (k, o) in objects[type]?.objects(in: name) ?? [:] { removeLocked(type, name, key: k, object: o) }
                }
            }
            return removeLocked(r, ns, key: key, object: stored)
        }
    }

    @discardableResult
    private func removeLocked(_ r: ResourceType, _ ns: String?, key: String, object: StoredObject) -> StoredObject {
        objects[r]?[ns, key] = nil
        currentRV += 1
        // The object's last state at a new resourceVersion: only its metadata is decoded.
        let text = try? object.partial(.only(["metadata"]))
        var json = text?.json ?? .null
        json[path: ["metadata", "resourceVersion"]] = .string(String(currentRV))
        let gone = StoredObject(json: json, text: text?.serialized(json) ?? json.serialized(), resourceVersion: currentRV)
        record(WatchEvent(kind: .deleted, resource: r, object: gone, previousLabels: nil))
        return gone
    }

    /// Stores `stored`, made at the next resourceVersion, and tells the history and the watchers.
    private func commitLocked(_ r: ResourceType, _ ns: String?, key: String, _ stored: StoredObject, kind: WatchEvent.Kind, previous: StoredObject?) -> StoredObject {
        currentRV += 1
        precondition(stored.resourceVersion == currentRV, "an object committed at \(stored.resourceVersion), not \(currentRV)")
        var stored = stored
        // Unchanged labels share the previous version's dictionary (kept beside it in the history).
        if let previous, previous.labels == stored.labels { stored.labels = previous.labels }
        objects[r, default: KindTable()][ns, key] = stored
        record(WatchEvent(kind: kind, resource: r, object: stored, previousLabels: previous?.labels))
        return stored
    }

    private func record(_ event: WatchEvent) {
        if let evicted = history.append(event) { compactedThrough = evicted.resourceVersion }
        for (_, w) in watchers { if let f = Self.frame(event, for: w.options) { w.sink(f) } }
    }

    /// Forgets every change so far, as a compaction does: a watch from any older version gets 410.
    public func compactHistory() {
        locked {
            compactedThrough = currentRV
            history.removeAll()
            snapshots.removeAll()
        }
    }

    // MARK: Watch

    /// Starts a watch. Initial or replayed frames are delivered before this returns; later changes
    /// as they happen. Returns an id for `stopWatch`, or nil when the watch ended at once (a 410 frame).
    @discardableResult
    public func watch(_ options: WatchOptions, sink: @escaping @Sendable (WatchFrame) -> Void) throws(APIStatus) -> Int? {
        let rvText = options.resourceVersion ?? ""
        let from: UInt64?
        if rvText.isEmpty || rvText == "0" {
            from = nil
        } else if let n = UInt64(rvText) {
            from = n
        } else {
            throw APIErrors.badRequest("invalid resource version: \(rvText)")
        }
        return try locked { () throws(APIStatus) -> Int? in
            if let from, from > currentRV { throw APIErrors.tooLarge(from, currentRV) }
            if options.sendInitialEvents || from == nil {
                let current = (objects[options.resource] ?? KindTable()).inKeyOrder(namespace: options.namespace) { Self.matches($0, options) }
                for o in current { sink(.event(.added, o.bytes)) }
                if options.sendInitialEvents, options.allowBookmarks {
                    sink(.bookmark(options.resource, resourceVersion: currentRV, initialEventsEnd: true))
                }
            } else if let from {
                if from < compactedThrough {
                    sink(.error(APIErrors.tooOld(from, compactedThrough)))
                    return nil
                }
                for e in history.events where e.resourceVersion > from {
                    if let f = Self.frame(e, for: options) { sink(f) }
                }
            }
            let id = nextWatcherID
            nextWatcherID += 1
            watchers[id] = Watcher(options: options, sink: sink)
            return id
        }
    }

    public func stopWatch(_ id: Int) { _ = locked { watchers.removeValue(forKey: id) } }

    /// Number of open watches (for tests and the benchmark).
    public var watchCount: Int { locked { watchers.count } }

    /// Sends a bookmark at the current resourceVersion to one watch, ordered after every event it was sent.
    public func sendBookmark(to id: Int) {
        locked {
            guard let w = watchers[id], w.options.allowBookmarks else { return }
            w.sink(.bookmark(w.options.resource, resourceVersion: currentRV, initialEventsEnd: false))
        }
    }

    private static func matches(_ o: StoredObject, _ options: WatchOptions) -> Bool {
        (options.namespace == nil || o.namespace == options.namespace)
            && options.fieldSelector.matches(name: o.name, namespace: o.namespace)
            && options.labelSelector.matches(o.labels)
    }

    /// The frame a watcher sees for a change: under a label selector, starting to match is ADDED and ceasing is DELETED.
    private static func frame(_ e: WatchEvent, for options: WatchOptions) -> WatchFrame? {
        guard e.resource == options.resource,
              options.namespace == nil || e.object.namespace == options.namespace,
              options.fieldSelector.matches(name: e.object.name, namespace: e.object.namespace) else { return nil }
        let now = options.labelSelector.matches(e.object.labels)
        switch e.kind {
        case .added, .deleted: return now ? .event(e.kind, e.object.bytes) : nil
        case .modified:
            let before = e.previousLabels.map { options.labelSelector.matches($0) } ?? now
            switch (before, now) {
            case (true, true): return .event(.modified, e.object.bytes)
            case (false, true): return .event(.added, e.object.bytes)
            case (true, false): return .event(.deleted, e.object.bytes)
            case (false, false): return nil
            }
        }
    }

    // MARK: Helpers

    static func key(_ r: ResourceType, _ namespace: String?, _ name: String) -> String {
        r.namespaced ? "\(namespace ?? "")/\(name)" : name
    }

    /// Kinds whose metadata.generation tracks spec changes.
    static func hasGeneration(_ r: ResourceType) -> Bool {
        r.isCustomResource || r == .deployments || r == .replicaSets
    }

    /// Whether anything outside metadata and status changed.
    static func specChanged(_ old: JSON, _ new: JSON) -> Bool {
        guard case .object(let a) = old, case .object(let b) = new else { return true }
        let keys = Set(a.keys).union(b.keys).subtracting(["metadata", "status"])
        return keys.contains { a[$0] != b[$0] }
    }

    static func initialStatus(_ r: ResourceType) -> JSON {
        switch r {
        case .pods: return ["phase": "Pending"]
        case .namespaces: return ["phase": "Active"]
        default: return [:]
        }
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }
}
