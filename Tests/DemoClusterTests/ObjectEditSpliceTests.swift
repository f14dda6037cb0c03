import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
@testable import APIServer
@testable import DemoCluster

/// The store's writes decode and re-encode only the top-level members an edit touches
/// (`ObjectEdit`, `PartialJSONObject`); these pin that what they write is byte for byte what the
/// whole object decoded, edited and re-encoded gives, over the demo's objects and the fixtures'
/// with random updates and patches of every type.
@Suite struct ObjectEditSpliceTests {
    /// Every object the default scenario stores after two minutes, and the fixtures' objects and
    /// the benchmark's pods as the store would keep them.
    static func corpus() throws -> [(ResourceType, StoredObject)] {
        let t = try TestCluster(scenario: .default, seed: 42, namespaces: [])
        t.advance(120)
        var out: [(ResourceType, StoredObject)] = []
        for r in ResourceType.all { out += try t.store.list(r, namespace: nil).items.map { (r, $0) } }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
        var documents: [JSON] = []
        for case let url as URL in FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil)!
        where url.pathExtension == "yaml" {
            // A fixture the reader refuses (the plugin's invalid-input cases) adds nothing.
            documents += (try? ManifestReader.documents(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)) ?? []
        }
        let samples = SamplePods(seed: 3)
        documents += (0..<20).map { samples.pod(index: $0, namespace: "bench") }
        for d in documents.flatMap({ $0["items"]?.arrayValue ?? [$0] }) {
            guard let r = ResourceType.all.first(where: { $0.kind == d["kind"]?.stringValue }), d[path: ["metadata", "name"]] != nil else { continue }
            var o = d
            o[path: ["metadata", "resourceVersion"]] = "7"
            out.append((r, StoredObject(json: o, text: o.serialized(), resourceVersion: 7)))
        }
        return out
    }

    /// What an edit makes, decoding `members`: the new text and what the store indexes, or why it failed.
    static func outcome(_ edit: ObjectEdit, _ stored: StoredObject, _ r: ResourceType, _ subresource: String?,
                        _ members: PartialJSONObject.Members) -> String {
        do {
            guard let o = try edit.apply(to: stored, r, subresource: subresource, name: stored.name, resourceVersion: 99,
                                         decoding: members) else { return "unchanged" }
            return "\(o.key) \(o.labels.sorted { $0.key < $1.key }) \(o.resourceVersion) " + String(decoding: o.bytes, as: UTF8.self)
        } catch {
            return "error \(error.code) \(error.message)"
        }
    }

    @Test func splicedWritesAreTheWholeObjectsBytes() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count > 300)
        #expect(Set(corpus.map(\.0.kind)).isSuperset(of: ["Pod", "Rollout", "ReplicaSet", "Canary", "Deployment", "AnalysisRun", "Service"]))
        var random = SeededGenerator(seed: 20)
        var changed = 0, spliced = 0, failed = 0, total = 0
        for (r, stored) in corpus {
            for _ in 0..<12 {
                var maker = EditMaker(object: stored.json, random: random)
                let (edit, status) = maker.make(r)
                random = maker.random
                let subresource = status && r.subresources.contains("status") ? "status" : nil
                let members = edit.members(r)
                let whole = Self.outcome(edit, stored, r, subresource, .all)
                let partial = Self.outcome(edit, stored, r, subresource, members)
                #expect(partial == whole, "\(r.kind) \(stored.key) \(subresource ?? "")")
                total += 1
                if whole.hasPrefix("error") { failed += 1 } else if whole != "unchanged" {
                    changed += 1
                    if members != .all, stored.json.objectValue?.keys.contains(where: { !members.contains($0) }) == true { spliced += 1 }
                }
            }
        }
        // The edits exercise the path: most change the object, many of them with members left as text, some fail.
        #expect(changed > total / 2)
        #expect(spliced > changed / 4)
        #expect(failed > 0)
    }

    /// A pod's status write copies its spec's text: a spec not written as `serialized()` writes it
    /// (spaces, `1.0`; the store never holds such text, so only a copy keeps it) comes back as it was.
    @Test func statusWriteLeavesSpecBytesUntouched() throws {
        let spec = #"{ "containers" : [ { "name":"c", "image":"i:1" } ], "priority" : 1.0 }"#
        let text = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"demo","resourceVersion":"7"},"spec":"# + spec
            + #","status":{"phase":"Pending"}}"#
        let stored = StoredObject(json: try JSON(parsing: text), text: Array(text.utf8), resourceVersion: 7)
        let edits: [ObjectEdit] = [
            .update(["metadata": ["name": "p"], "status": ["phase": "Running"]], precondition: nil),
            .patch(.merge, ["status": ["podIP": "10.0.0.1"]], precondition: nil),
            .patch(.json, [["op": "add", "path": "/status/hostIP", "value": "10.1.0.1"]], precondition: nil),
        ]
        for edit in edits {
            let next = try #require(try edit.apply(to: stored, .pods, subresource: "status", name: "p", resourceVersion: 8, decoding: edit.members(.pods)))
            let written = String(decoding: next.bytes, as: UTF8.self)
            #expect(written.contains(#""spec":"# + spec + ","), "\(written)")
            #expect(written.contains(#""resourceVersion":"8""#))
        }
    }
}

/// Random updates and patches of an object: values changed, added and removed at paths it has
/// (and some it has not), in and outside status, metadata and spec; every patch type; no-ops too.
struct EditMaker {
    let object: JSON
    var random: SeededGenerator
    /// Paths to edit: the object's own and some it has not; those in status and metadata apart (half the picks).
    let paths: [[String]]
    let statusAndMetadata: [[String]]

    init(object: JSON, random: SeededGenerator) {
        self.object = object
        self.random = random
        paths = Self.paths(object) + [["extra"], ["status", "added"], ["metadata", "labels", "new"], ["spec", "fresh"], ["apiVersion"], ["kind"]]
        statusAndMetadata = paths.filter { $0.first == "status" || $0.first == "metadata" }
    }

    mutating func int(_ n: Int) -> Int { Int.random(in: 0..<n, using: &random) }

    /// Object paths of the object (keys only, to `depth`), top level included.
    static func paths(_ node: JSON, depth: Int = 3) -> [[String]] {
        guard depth > 0, case .object(let o) = node else { return [] }
        return o.members.flatMap { m in [[m.key]] + paths(m.value, depth: depth - 1).map { [m.key] + $0 } }
    }

    mutating func value() -> JSON {
        switch int(7) {
        case 0: return .int(Int64(int(1000)))
        case 1: return .string("v\(int(100))")
        case 2: return .double(Double(int(100)) + 0.5)
        case 3: return ["nested": .int(Int64(int(3))), "list": [1, "two", nil]]
        case 4: return .bool(int(2) == 0)
        case 5: return .array([.int(Int64(int(9)))])
        default: return .null
        }
    }

    mutating func path() -> [String] {
        let from = int(2) == 0 ? statusAndMetadata : paths
        return from[int(from.count)]
    }

    /// A merge patch setting (or removing, with null) a few paths; sometimes an existing value as it is (a no-op).
    mutating func mergePatch() -> JSON {
        var patch: JSON = [:]
        for _ in 0...int(3) {
            let p = path()
            patch[path: p] = int(4) == 0 ? (object[path: p] ?? .null) : value()
        }
        return patch
    }

    func pointer(_ p: [String]) -> String { "/" + p.map { $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined(separator: "/") }

    mutating func jsonPatch() -> JSON {
        var ops: [JSON] = []
        for _ in 0...int(3) {
            let at = path()
            let p = pointer(at)
            switch int(6) {
            case 0: ops.append(["op": "replace", "path": .string(p), "value": value()])
            case 1: ops.append(["op": "add", "path": .string(p), "value": value()])
            case 2: ops.append(["op": "remove", "path": .string(p)])
            case 3: ops.append(["op": "copy", "from": .string(p), "path": .string(pointer(path()))])
            case 4: ops.append(["op": "move", "from": .string(p), "path": .string(pointer(path()))])
            default: ops.append(["op": "test", "path": .string(p), "value": object[path: at] ?? value()])
            }
        }
        if int(20) == 0 { ops.append(["op": "replace", "path": "", "value": ["metadata": ["name": "x"]]]) }
        return .array(ops)
    }

    /// An edit and whether it is for the status subresource.
    mutating func make(_ r: ResourceType) -> (ObjectEdit, status: Bool) {
        let status = int(2) == 0
        switch int(r.isCustomResource ? 4 : 5) {
        case 0:
            // A whole object back (a controller's status write or a PUT), with some paths changed.
            var body = object
            for _ in 0..<int(3) { body[path: path()] = value() }
            if int(3) == 0 { body["status"] = ["phase": .string("P\(int(4))")] }
            return (.update(body, precondition: nil), status)
        case 1:
            // Only metadata and status, as the benchmark's and the simulation's status writes send.
            return (.update(["metadata": ["name": object[path: ["metadata", "name"]] ?? ""], "status": ["phase": .string("P\(int(4))"), "n": value()]],
                            precondition: nil), status)
        case 2: return (.patch(.merge, mergePatch(), precondition: nil), status)
        case 3: return (.patch(.json, jsonPatch(), precondition: nil), status)
        default:
            var patch = mergePatch()
            switch int(4) {
            case 0: patch["$patch"] = "replace"
            case 1: patch["$deleteFromPrimitiveList/finalizers"] = ["a"]
            case 2: patch[path: ["spec", "template", "spec", "containers"]] = [["name": "c", "image": .string("i:\(int(3))")]]
            default: break
            }
            return (.patch(.strategicMerge, patch, precondition: nil), status)
        }
    }
}
