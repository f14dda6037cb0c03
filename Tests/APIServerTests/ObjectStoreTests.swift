import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer

/// A store with a namespace `demo`.
func makeStore(historyLimit: Int = 1000) throws -> ObjectStore {
    let store = ObjectStore(historyLimit: historyLimit)
    try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
    return store
}

func rollout(_ name: String, replicas: Int64 = 1, labels: JSON = [:]) -> JSON {
    ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
     "metadata": ["name": .string(name), "labels": labels],
     "spec": ["replicas": .int(replicas), "unknownField": ["kept": true]],
     "status": ["phase": "Healthy"]]
}

/// Collects what a watch delivers.
final class FrameSink: @unchecked Sendable {
    private let lock = NSLock()
    private var frames: [WatchFrame] = []
    func add(_ f: WatchFrame) { lock.lock(); frames.append(f); lock.unlock() }
    var all: [WatchFrame] { lock.lock(); defer { lock.unlock() }; return frames }
    /// (type, name, resourceVersion) of each event frame.
    var events: [(String, String, String)] {
        all.compactMap { f in
            guard case .event(let kind, let bytes) = f, let o = try? JSON(parsing: bytes) else { return nil }
            return (kind.rawValue, o[path: ["metadata", "name"]]?.stringValue ?? "", o[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")
        }
    }
}

@Suite struct ObjectStoreWriteTests {
    @Test func createOwnsMetadataAndDropsStatus() throws {
        let store = try makeStore()
        let o = try store.create(.rollouts, namespace: "demo", object: rollout("a")).json
        #expect(o[path: ["metadata", "uid"]]?.stringValue?.count == 36)
        #expect(o[path: ["metadata", "generation"]]?.intValue == 1)
        #expect(o[path: ["metadata", "namespace"]] == "demo")
        #expect(o[path: ["metadata", "creationTimestamp"]]?.stringValue?.hasSuffix("Z") == true)
        #expect(o["status"] == [:])
        #expect(o[path: ["spec", "unknownField", "kept"]] == true)
        #expect(throws: APIStatus.self) { try store.create(.rollouts, namespace: "demo", object: rollout("a")) }
        do {
            try store.create(.rollouts, namespace: "nope", object: rollout("b"))
            Issue.record("created in a missing namespace")
        } catch {
            #expect(error.code == 404)
            #expect(error.message == #"namespaces "nope" not found"#)
        }
    }

    @Test func resourceVersionOnlyGrowsAndIsGlobal() throws {
        let store = try makeStore()
        let a = try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        let p = try store.create(.pods, namespace: "demo", object: ["metadata": ["name": "p"], "spec": [:]])
        #expect(p.resourceVersion == a.resourceVersion + 1)
        #expect(p.json[path: ["status", "phase"]] == "Pending")
    }

    @Test func updateWithStaleVersionConflicts() throws {
        let store = try makeStore()
        let created = try store.create(.rollouts, namespace: "demo", object: rollout("a")).json
        var first = created
        first[path: ["spec", "replicas"]] = 3
        let updated = try store.update(.rollouts, namespace: "demo", name: "a", object: first)
        #expect(updated.json[path: ["metadata", "generation"]]?.intValue == 2)
        var stale = created
        stale[path: ["spec", "replicas"]] = 5
        do {
            try store.update(.rollouts, namespace: "demo", name: "a", object: stale)
            Issue.record("stale update accepted")
        } catch {
            #expect(error.code == 409)
            #expect(error.reason == "Conflict")
            #expect(error.message == #"Operation cannot be fulfilled on rollouts.argoproj.io "a": the object has been modified; please apply your changes to the latest version and try again"#)
        }
        var noRV = created
        noRV[path: ["metadata", "resourceVersion"]] = nil
        #expect(throws: APIStatus.self) { try store.update(.rollouts, namespace: "demo", name: "a", object: noRV) }
    }

    @Test func statusSubresourceSplit() throws {
        let store = try makeStore()
        try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        // A status write ignores spec.
        let s = try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge,
                                patch: ["spec": ["replicas": 9], "status": ["phase": "Paused"]], subresource: "status").json
        #expect(s[path: ["status", "phase"]] == "Paused")
        #expect(s[path: ["spec", "replicas"]]?.intValue == 1)
        #expect(s[path: ["metadata", "generation"]]?.intValue == 1)
        // A main-resource write ignores status.
        let m = try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge,
                                patch: ["spec": ["replicas": 2], "status": ["phase": "Degraded"]]).json
        #expect(m[path: ["status", "phase"]] == "Paused")
        #expect(m[path: ["spec", "replicas"]]?.intValue == 2)
        #expect(m[path: ["metadata", "generation"]]?.intValue == 2)
        // Metadata-only changes never bump generation.
        let l = try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["metadata": ["labels": ["x": "y"]]]).json
        #expect(l[path: ["metadata", "generation"]]?.intValue == 2)
        #expect(throws: APIStatus.self) { try store.patch(.events, namespace: "demo", name: "a", type: .merge, patch: [:], subresource: "status") }
    }

    @Test func patchesByType() throws {
        let store = try makeStore()
        let created = try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        let noop = try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["spec": ["replicas": 1]])
        #expect(noop.resourceVersion == created.resourceVersion)
        let jp = try store.patch(.rollouts, namespace: "demo", name: "a", type: .json,
                                 patch: try JSON(parsing: #"[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/spec/paused","value":true}]"#))
        #expect(jp.json[path: ["spec", "replicas"]]?.intValue == 4)
        #expect(jp.json[path: ["spec", "paused"]] == true)
        do {
            try store.patch(.rollouts, namespace: "demo", name: "a", type: .strategicMerge, patch: ["spec": [:]])
            Issue.record("strategic merge accepted on a custom resource")
        } catch {
            #expect(error.code == 415)
        }
        let failingTest = try JSON(parsing: #"[{"op":"test","path":"/spec/replicas","value":7}]"#)
        do {
            try store.patch(.rollouts, namespace: "demo", name: "a", type: .json, patch: failingTest)
            Issue.record("failed test op applied")
        } catch {
            #expect(error.code == 422)
        }
        do {
            try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["metadata": ["resourceVersion": "1"], "spec": ["replicas": 2]])
            Issue.record("stale precondition accepted")
        } catch {
            #expect(error.code == 409)
        }
        try store.create(.deployments, namespace: "demo", object: ["metadata": ["name": "d"], "spec": ["template": ["spec": ["containers": [["name": "c", "image": "a:1"]]]]]])
        let smp = try store.patch(.deployments, namespace: "demo", name: "d", type: .strategicMerge,
                                  patch: ["spec": ["template": ["spec": ["containers": [["name": "c", "image": "a:2"]]]]]])
        #expect(smp.json[path: ["spec", "template", "spec", "containers"]]?[0]?["image"] == "a:2")
    }

    /// Every write type, through the spliced path (only the members a write touches are decoded):
    /// resourceVersion moves by one on a change and not on a no-op; generation moves on a change
    /// outside metadata and status only; a status write leaves every other member's bytes as they were.
    @Test func generationMovesOnSpecChangesOnly() throws {
        let store = try makeStore()
        var last = try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        func rv() -> JSON { .string(String(last.resourceVersion)) }
        func members(_ o: StoredObject) throws -> [String: [UInt8]] {
            var out: [String: [UInt8]] = [:]
            for m in try JSON(parsing: o.bytes).objectValue?.members ?? [] { out[m.key] = m.value.serialized() }
            return out
        }
        let writes: [(String, () throws -> StoredObject, generation: Int64?, status: Bool)] = [
            ("status update", { try store.update(.rollouts, namespace: "demo", name: "a", object: ["metadata": ["name": "a", "resourceVersion": rv()], "status": ["phase": "Paused"]], subresource: "status") }, 1, true),
            ("status merge", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["status": ["message": "m"]], subresource: "status") }, 1, true),
            ("status json", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .json, patch: [["op": "add", "path": "/status/x", "value": 1]], subresource: "status") }, 1, true),
            ("spec through status", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["spec": ["replicas": 5]], subresource: "status") }, nil, true),
            ("labels merge", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["metadata": ["labels": ["x": "y"]]]) }, 1, false),
            ("annotation json", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .json, patch: [["op": "add", "path": "/metadata/annotations", "value": ["k": "v"]]]) }, 1, false),
            ("spec merge", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["spec": ["replicas": 3]]) }, 2, false),
            ("spec no-op", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["spec": ["replicas": 3]]) }, nil, false),
            ("spec json", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .json, patch: [["op": "replace", "path": "/spec/replicas", "value": 4]]) }, 3, false),
            ("new member", { try store.patch(.rollouts, namespace: "demo", name: "a", type: .merge, patch: ["extra": ["a": 1]]) }, 4, false),
            ("put labels", { var o = last.json; o[path: ["metadata", "labels", "z"]] = "w"; return try store.update(.rollouts, namespace: "demo", name: "a", object: o) }, 4, false),
            ("put spec", { var o = last.json; o[path: ["spec", "replicas"]] = 6; return try store.update(.rollouts, namespace: "demo", name: "a", object: o) }, 5, false),
        ]
        for (name, write, generation, status) in writes {
            let before = last
            last = try write()
            let json = last.json
            if let generation {
                #expect(last.resourceVersion == before.resourceVersion + 1, "\(name)")
                #expect(json[path: ["metadata", "generation"]]?.intValue == generation, "\(name)")
            } else {
                #expect(last.bytes == before.bytes, "\(name)")
            }
            #expect(last.resourceVersion == store.resourceVersion, "\(name)")
            #expect(json[path: ["metadata", "resourceVersion"]]?.stringValue == String(last.resourceVersion), "\(name)")
            #expect(last.bytes == json.serialized(), "\(name)")
            if status {
                var (was, now) = (try members(before), try members(last))
                for key in ["metadata", "status"] { was[key] = nil; now[key] = nil }
                #expect(was == now, "\(name)")
            }
        }
    }

    @Test func deleteNamespaceTakesItsObjects() throws {
        let store = try makeStore()
        try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        let sink = FrameSink()
        try store.watch(.init(resource: .rollouts, resourceVersion: String(store.resourceVersion))) { sink.add($0) }
        try store.delete(.namespaces, namespace: nil, name: "demo")
        #expect(store.count(.rollouts) == 0)
        #expect(sink.events.map(\.0) == ["DELETED"])
    }
}

@Suite struct ObjectStoreListTests {
    /// Objects are kept by namespace, yet every list is in etcd's key order (`a-b/…` before
    /// `a/…`, since "-" sorts before "/"), and one namespace's list or watch holds only its own.
    @Test func listsAreInKeyOrderAcrossNamespacesAndScopedToOne() throws {
        let store = ObjectStore(historyLimit: 100)
        for ns in ["b", "a", "a-b", "a0"] { try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]]) }
        for ns in ["b", "a", "a-b", "a0"] {
            for name in ["y", "x"] { try store.create(.rollouts, namespace: ns, object: rollout(name)) }
        }
        let all = try store.list(.rollouts, namespace: nil).items.map(\.key)
        #expect(all == ["a-b/x", "a-b/y", "a/x", "a/y", "a0/x", "a0/y", "b/x", "b/y"])
        #expect(try store.list(.namespaces, namespace: nil).items.map(\.name) == ["a", "a-b", "a0", "b"])
        #expect(try store.list(.rollouts, namespace: "a").items.map(\.key) == ["a/x", "a/y"])
        #expect(try store.list(.rollouts, namespace: "a", limit: 1).items.map(\.key) == ["a/x"])
        #expect(try store.list(.rollouts, namespace: "nope").items.isEmpty)
        #expect(store.count(.rollouts) == 8)

        let sink = FrameSink()
        try store.watch(.init(resource: .rollouts, namespace: "a-b", sendInitialEvents: true, allowBookmarks: false)) { sink.add($0) }
        #expect(sink.events.map(\.1) == ["x", "y"])

        try store.delete(.rollouts, namespace: "a", name: "x")
        try store.delete(.namespaces, namespace: nil, name: "a-b")
        #expect(store.count(.rollouts) == 5)
        #expect(try store.list(.rollouts, namespace: nil).items.map(\.key) == ["a/y", "a0/x", "a0/y", "b/x", "b/y"])
        #expect(throws: APIStatus.self) { try store.get(.rollouts, namespace: "a-b", name: "x") }
        #expect(try store.get(.rollouts, namespace: "a0", name: "x").key == "a0/x")
    }

    @Test func paginationReturnsEveryObjectOnceFromOneSnapshot() throws {
        let store = try makeStore()
        for i in 0..<57 { try store.create(.rollouts, namespace: "demo", object: rollout(String(format: "r%03d", i))) }
        var seen: [String] = []
        var token: String?
        var listRV: UInt64?
        var pages = 0
        repeat {
            let page = try store.list(.rollouts, namespace: "demo", limit: 10, continueToken: token)
            if pages == 0 {
                // Changes after the first page do not show in later pages.
                try store.create(.rollouts, namespace: "demo", object: rollout("r000a"))
                try store.delete(.rollouts, namespace: "demo", name: "r050")
            }
            seen += page.items.map(\.name)
            listRV = listRV ?? page.resourceVersion
            #expect(page.resourceVersion == listRV)
            if page.continueToken != nil { #expect(page.remainingItemCount == 57 - seen.count) }
            token = page.continueToken
            pages += 1
        } while token != nil
        #expect(pages == 6)
        #expect(seen == (0..<57).map { String(format: "r%03d", $0) })
    }

    @Test func staleContinueTokenIsExpired() throws {
        let store = try makeStore()
        for i in 0..<5 { try store.create(.rollouts, namespace: "demo", object: rollout("r\(i)")) }
        let token = try #require(try store.list(.rollouts, namespace: "demo", limit: 2).continueToken)
        store.compactHistory()
        do {
            _ = try store.list(.rollouts, namespace: "demo", limit: 2, continueToken: token)
            Issue.record("stale token served")
        } catch {
            #expect(error.code == 410)
            #expect(error.reason == "Expired")
            #expect(error.message.hasPrefix("The provided continue parameter is too old"))
        }
    }

    @Test(arguments: [
        ("app=web", ["a", "b"]), ("app==web", ["a", "b"]), ("app!=web", ["c", "d"]),
        ("tier in (front, back)", ["a", "c"]), ("tier notin (front)", ["b", "c", "d"]),
        ("tier", ["a", "c"]), ("!tier", ["b", "d"]), ("app=web,tier=front", ["a"]), ("", ["a", "b", "c", "d"]),
    ])
    func labelSelectorOperators(selector: String, expected: [String]) throws {
        let store = try makeStore()
        try store.create(.pods, namespace: "demo", object: ["metadata": ["name": "a", "labels": ["app": "web", "tier": "front"]]])
        try store.create(.pods, namespace: "demo", object: ["metadata": ["name": "b", "labels": ["app": "web"]]])
        try store.create(.pods, namespace: "demo", object: ["metadata": ["name": "c", "labels": ["app": "db", "tier": "back"]]])
        try store.create(.pods, namespace: "demo", object: ["metadata": ["name": "d"]])
        let result = try store.list(.pods, namespace: "demo", labelSelector: try LabelSelector(selector))
        #expect(result.items.map(\.name) == expected)
    }

    @Test(arguments: ["app in ()", "app in (a", "=x", "app>x", "a b"])
    func badLabelSelectorsAreRejected(_ text: String) {
        #expect(throws: SelectorError.self) { try LabelSelector(text) }
    }

    @Test func fieldSelectors() throws {
        let store = try makeStore()
        try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "other"]])
        try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        try store.create(.rollouts, namespace: "demo", object: rollout("b"))
        try store.create(.rollouts, namespace: "other", object: rollout("a"))
        #expect(try store.list(.rollouts, namespace: nil, fieldSelector: FieldSelector("metadata.name=a")).items.map(\.key) == ["demo/a", "other/a"])
        #expect(try store.list(.rollouts, namespace: nil, fieldSelector: FieldSelector("metadata.namespace!=demo")).items.map(\.key) == ["other/a"])
        #expect(try store.list(.rollouts, namespace: nil, fieldSelector: FieldSelector("metadata.name==a,metadata.namespace=demo")).items.map(\.key) == ["demo/a"])
        #expect(throws: SelectorError.self) { try FieldSelector("spec.replicas=1") }
    }
}

@Suite struct ObjectStoreWatchTests {
    @Test func resumedWatchNeitherLosesNorRepeats() throws {
        let store = try makeStore()
        let first = FrameSink()
        let start = store.resourceVersion
        let id = try #require(try store.watch(.init(resource: .rollouts, namespace: "demo", resourceVersion: String(start))) { first.add($0) })
        for i in 0..<10 { try store.create(.rollouts, namespace: "demo", object: rollout("r\(i)")) }
        store.stopWatch(id)
        let lastSeen = try #require(first.events.last?.2)
        for i in 0..<5 { try store.patch(.rollouts, namespace: "demo", name: "r\(i)", type: .merge, patch: ["spec": ["replicas": 2]]) }
        try store.delete(.rollouts, namespace: "demo", name: "r9")
        let resumed = FrameSink()
        try store.watch(.init(resource: .rollouts, namespace: "demo", resourceVersion: lastSeen)) { resumed.add($0) }
        try store.create(.rollouts, namespace: "demo", object: rollout("late"))
        let all = first.events + resumed.events
        let versions = all.map(\.2)
        #expect(Set(versions).count == versions.count)
        #expect(versions == versions.sorted { UInt64($0)! < UInt64($1)! })
        #expect(all.count == 10 + 5 + 1 + 1)
        #expect(resumed.events.map(\.0) == ["MODIFIED", "MODIFIED", "MODIFIED", "MODIFIED", "MODIFIED", "DELETED", "ADDED"])
    }

    @Test func olderThanTheWindowIsExpired() throws {
        let store = try makeStore(historyLimit: 5)
        let start = store.resourceVersion
        for i in 0..<10 { try store.create(.rollouts, namespace: "demo", object: rollout("r\(i)")) }
        let sink = FrameSink()
        let id = try store.watch(.init(resource: .rollouts, resourceVersion: String(start))) { sink.add($0) }
        #expect(id == nil)
        guard case .error(let status) = sink.all.first else { Issue.record("no error frame"); return }
        #expect(status.code == 410)
        #expect(status.reason == "Expired")
        #expect(status.message == "too old resource version: \(start) (\(start + 5))")
        let line = String(decoding: sink.all[0].line, as: UTF8.self)
        #expect(line == #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: \#(start) (\#(start + 5))","reason":"Expired","code":410}}"# + "\n")
        // Inside the window it resumes.
        let ok = FrameSink()
        #expect(try store.watch(.init(resource: .rollouts, resourceVersion: String(start + 6))) { ok.add($0) } != nil)
        #expect(ok.events.count == 4)
        #expect(throws: APIStatus.self) { try store.watch(.init(resource: .rollouts, resourceVersion: "999999")) { _ in } }
    }

    /// Issue 21, survivor 7: a watch from exactly the compaction boundary has missed nothing and
    /// resumes; one version older is expired. The same after an explicit compaction.
    @Test func watchFromExactlyTheBoundaryResumes() throws {
        let store = try makeStore(historyLimit: 5)
        let start = store.resourceVersion
        for i in 0..<10 { try store.create(.rollouts, namespace: "demo", object: rollout("r\(i)")) }
        let boundary = FrameSink()
        #expect(try store.watch(.init(resource: .rollouts, resourceVersion: String(start + 5))) { boundary.add($0) } != nil)
        #expect(boundary.events.map(\.2) == (6...10).map { String(start + UInt64($0)) })
        let older = FrameSink()
        #expect(try store.watch(.init(resource: .rollouts, resourceVersion: String(start + 4))) { older.add($0) } == nil)
        guard case .error(let status) = older.all.first else { Issue.record("no error frame"); return }
        #expect(status.code == 410)

        store.compactHistory()
        let now = store.resourceVersion
        let atCompaction = FrameSink()
        #expect(try store.watch(.init(resource: .rollouts, resourceVersion: String(now))) { atCompaction.add($0) } != nil)
        #expect(atCompaction.all.isEmpty)
        #expect(try store.watch(.init(resource: .rollouts, resourceVersion: String(now - 1))) { _ in } == nil)
    }

    @Test func streamingListEndsWithAnnotatedBookmark() throws {
        let store = try makeStore()
        try store.create(.rollouts, namespace: "demo", object: rollout("a"))
        try store.create(.rollouts, namespace: "demo", object: rollout("b"))
        let sink = FrameSink()
        let id = try #require(try store.watch(.init(resource: .rollouts, sendInitialEvents: true, allowBookmarks: true)) { sink.add($0) })
        #expect(sink.events.map(\.0) == ["ADDED", "ADDED"])
        guard case .bookmark(_, let rv, true) = sink.all.last else { Issue.record("no initial-events-end bookmark"); return }
        #expect(rv == store.resourceVersion)
        let line = String(decoding: sink.all.last!.line, as: UTF8.self)
        #expect(line == #"{"type":"BOOKMARK","object":{"kind":"Rollout","apiVersion":"argoproj.io/v1alpha1","metadata":{"resourceVersion":"\#(rv)","annotations":{"k8s.io/initial-events-end":"true"}}}}"# + "\n")
        store.sendBookmark(to: id)
        guard case .bookmark(_, _, false) = sink.all.last else { Issue.record("no bookmark"); return }
    }

    @Test func selectorWatchSeesEnteringAndLeaving() throws {
        let store = try makeStore()
        try store.create(.pods, namespace: "demo", object: ["metadata": ["name": "p", "labels": ["app": "a"]]])
        let sink = FrameSink()
        try store.watch(.init(resource: .pods, labelSelector: try LabelSelector("app=b"), resourceVersion: String(store.resourceVersion))) { sink.add($0) }
        try store.patch(.pods, namespace: "demo", name: "p", type: .merge, patch: ["metadata": ["labels": ["app": "b"]]])
        try store.patch(.pods, namespace: "demo", name: "p", type: .merge, patch: ["metadata": ["annotations": ["x": "1"]]])
        try store.patch(.pods, namespace: "demo", name: "p", type: .merge, patch: ["metadata": ["labels": ["app": "c"]]])
        try store.patch(.pods, namespace: "demo", name: "p", type: .merge, patch: ["metadata": ["annotations": ["x": "2"]]])
        #expect(sink.events.map(\.0) == ["ADDED", "MODIFIED", "DELETED"])
    }
}
