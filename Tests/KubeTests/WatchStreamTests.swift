import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Kube

@Suite struct LineSplitterTests {
    @Test func linesAreSplitAcrossEveryPossibleChunkBoundary() throws {
        // "é" and "✔" are multi-byte: every split point, inside them too, must give the same lines.
        let text = "{\"a\":\"café\"}\n{\"b\":\"✔ ok\"}\r\n\n{\"c\":3}\n{\"partial\""
        let bytes = Data(text.utf8)
        for cut in 0...bytes.count {
            var splitter = LineSplitter()
            let lines = try splitter.feed(bytes.prefix(cut)) + splitter.feed(bytes.dropFirst(cut))
            #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":\"café\"}", "{\"b\":\"✔ ok\"}", "{\"c\":3}"], "cut at \(cut)")
            #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"partial\"")
        }
    }

    /// A line may hold `maxLine` bytes (and a `\r`), not one more, however it is chunked.
    @Test func aLineLongerThanTheLimitThrows() throws {
        var splitter = LineSplitter(maxLine: 8)
        #expect(try splitter.feed(Data("12345678\r\n1234".utf8)) == [Data("12345678".utf8)])
        #expect(try splitter.feed(Data("5678\n".utf8)) == [Data("12345678".utf8)])
        #expect(throws: LineSplitter.TooLong(limit: 8)) { try splitter.feed(Data("123456789".utf8)) }
        var chunked = LineSplitter(maxLine: 8)
        _ = try chunked.feed(Data("12345".utf8))
        #expect(throws: LineSplitter.TooLong(limit: 8)) { try chunked.feed(Data("6789\n".utf8)) }
    }

    @Test func byteAtATimeFeedingWorks() throws {
        var splitter = LineSplitter()
        var lines: [Data] = []
        for byte in Data("ü1\nü2\n".utf8) { lines += try splitter.feed(Data([byte])) }
        #expect(lines == [Data("ü1".utf8), Data("ü2".utf8)])
        #expect(splitter.finish() == nil)
    }
}

@Suite struct WatchEventTests {
    func decode(_ line: String) throws -> WatchEvent<TestPod> {
        try WatchEvent<TestPod>.decode(Data(line.utf8))
    }

    @Test func changesDecodeIntoTheType() throws {
        let event = try decode(#"{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"p","namespace":"ns","resourceVersion":"7","unknown":1},"spec":{"big":[1,2]},"status":{"phase":"Running"}}}"#)
        guard case .modified(let pod) = event else { Issue.record("\(event)"); return }
        #expect(pod.metadata.key == "ns/p")
        #expect(pod.status?.phase == "Running")
        #expect(event.resourceVersion == "7")
    }

    @Test func bookmarksReadOnlyTheResourceVersion() throws {
        let event = try decode(#"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12746","annotations":{"k8s.io/initial-events-end":"true"}}}}"#)
        guard case .bookmark(let rv) = event else { Issue.record("\(event)"); return }
        #expect(rv == "12746")
    }

    @Test func errorEventsCarryTheStatus() throws {
        let event = try decode(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (461)","reason":"Expired","code":410}}"#)
        guard case .error(let status) = event else { Issue.record("\(event)"); return }
        #expect(KubeError.from(status) == .gone("too old resource version: 1 (461)"))
    }

    /// An object with a field of an unexpected type is named and skipped, not fatal to the watch.
    @Test func anObjectThatDoesNotDecodeIsUnreadableWithItsMetadata() throws {
        let event = try decode(#"{"type":"MODIFIED","object":{"metadata":{"name":"p","namespace":"ns","resourceVersion":"8"},"status":{"phase":7}}}"#)
        guard case .unreadable(let object) = event else { Issue.record("\(event)"); return }
        #expect(object.metadata.key == "ns/p")
        #expect(event.resourceVersion == "8", "the watch moves past it")
        #expect(object.reason.contains("phase"), "\(object.reason)")
        // Without metadata it cannot even be named: the line is broken.
        #expect(throws: KubeError.self) { try decode(#"{"type":"ADDED","object":{"metadata":7,"status":{"phase":7}}}"#) }
    }

    /// A list keeps every object that decodes and names the others, with both decoders.
    @Test func aListSkipsAndNamesTheObjectsThatDoNotDecode() throws {
        let list = Data(#"{"metadata":{"resourceVersion":"9"},"items":[{"metadata":{"name":"a","namespace":"ns"}},{"metadata":{"name":"b","namespace":"ns"},"status":{"phase":["odd"]}},{"metadata":{"name":"c","namespace":"ns"},"status":{"phase":"Running"}}]}"#.utf8)
        for decoded in [try ScanningJSONDecoder().decode(ObjectList<TestPod>.self, from: list), try JSONDecoder().decode(ObjectList<TestPod>.self, from: list)] {
            #expect(decoded.items.map(\.metadata.name) == ["a", "c"])
            #expect(decoded.unreadable.map(\.metadata.key) == ["ns/b"])
            #expect(decoded.metadata.resourceVersion == "9")
        }
    }

    @Test func garbageIsADecodingError() {
        #expect(throws: KubeError.self) { try decode(#"{"type":"WHAT","object":{}}"#) }
        #expect(throws: KubeError.self) { try decode("not json") }
    }
}

@Suite struct ObjectCacheTests {
    func pod(_ name: String, rv: String, phase: String? = nil) -> TestPod {
        TestPod(metadata: ObjectMeta(name: name, namespace: "ns", resourceVersion: rv), status: phase.map { .init(phase: $0) })
    }

    @Test func eventsUpdateTheCacheAndTheVersion() {
        var cache = ObjectCache<TestPod>()
        cache.replace([pod("a", rv: "1"), pod("b", rv: "2")], resourceVersion: "2")
        #expect(cache.objects.count == 2)
        guard case .added = cache.apply(.added(pod("c", rv: "3"))) else { Issue.record("not added"); return }
        guard case .modified(let a) = cache.apply(.modified(pod("a", rv: "4", phase: "Running"))) else { Issue.record("not modified"); return }
        #expect(a.status?.phase == "Running")
        guard case .deleted = cache.apply(.deleted(pod("b", rv: "5"))) else { Issue.record("not deleted"); return }
        #expect(cache.apply(.bookmark(resourceVersion: "9")) == nil)
        #expect(Set(cache.objects.keys) == ["ns/a", "ns/c"])
        #expect(cache.objects["ns/a"]?.status?.phase == "Running")
        #expect(cache.resourceVersion == "9")
    }

    @Test func anUnreadableChangeDropsTheHeldCopy() {
        var cache = ObjectCache<TestPod>()
        cache.replace([pod("a", rv: "1")], resourceVersion: "1")
        let odd = UnreadableObject(metadata: ObjectMeta(name: "a", namespace: "ns", resourceVersion: "2"), reason: "phase: not a string")
        guard case .unreadable(let object) = cache.apply(.unreadable(odd)) else { Issue.record("not unreadable"); return }
        #expect(object == odd)
        #expect(cache.objects.isEmpty, "the old copy is no longer the server's")
        #expect(cache.resourceVersion == "2")
    }

    @Test func aRepeatedAddIsAModification() {
        var cache = ObjectCache<TestPod>()
        _ = cache.apply(.added(pod("a", rv: "1")))
        guard case .modified = cache.apply(.added(pod("a", rv: "2"))) else { Issue.record("not modified"); return }
        #expect(cache.objects.count == 1)
    }

    /// The console's informers keep keys only (its store keeps the objects): still added then
    /// modified, deleted then added again, and no copy of any object.
    @Test func aCacheOfKeysTellsAddedFromModified() {
        var cache = ObjectCache<TestPod>(keepsObjects: false)
        cache.replace([pod("a", rv: "1")], resourceVersion: "1")
        guard case .modified = cache.apply(.added(pod("a", rv: "2"))) else { Issue.record("not modified"); return }
        guard case .added = cache.apply(.modified(pod("b", rv: "3"))) else { Issue.record("not added"); return }
        _ = cache.apply(.deleted(pod("a", rv: "4")))
        guard case .added = cache.apply(.added(pod("a", rv: "5"))) else { Issue.record("not added again"); return }
        #expect(cache.objects.isEmpty)
        #expect(cache.resourceVersion == "5")
    }
}

/// A watch stream that ends cleanly with a line unfinished (the server closing it right after,
/// as an HTTP/2 stream reset can end for libcurl when the server goes away): a cut
/// connection, a transport error the informer retries quietly, never an "undecodable event"; a
/// final event that lacks only its newline is delivered.
@Suite struct WatchStreamEndTests {
    /// The events and the error of a watch that gets `text` and then its clean end (or, with
    /// `close` false, stays open).
    func watch(ending text: String, close: Bool = true, cluster: TestCluster? = nil) async throws -> (events: [WatchEvent<TestPod>], error: KubeError?) {
        let cluster = try cluster ?? TestCluster()
        let client = try cluster.client(options: KubeClientOptions(connectTimeout: 5, stallTimeout: 5))
        // On the client's executor, as the informer runs it: the cooperative pool may be blocked
        // by another suite (`ClientExecutorTests`) while this one waits for the watch to open.
        let task = ClientExecutor.task { () -> ([WatchEvent<TestPod>], KubeError?) in
            let events = Locked<[WatchEvent<TestPod>]>([])
            do {
                try await client.watch(TestPod.self, .pods, ListScope(namespace: "demo"), resourceVersion: nil, timeoutSeconds: 60) { event in
                    events.withLock { $0.append(event) }
                }
                return (events.withLock { $0 }, nil)
            } catch {
                return (events.withLock { $0 }, error as? KubeError ?? .transport("\(error)"))
            }
        }
        #expect(await eventually { cluster.server.openWatchCount == 1 })
        cluster.server.faults.injectIntoWatches(text)
        if close { cluster.server.faults.closeWatches() }
        return await task.value
    }

    @Test func aStreamCutInsideAnEventIsABrokenConnection() async throws {
        let (events, error) = try await watch(ending: #"{"type":"MODIF"#)
        #expect(events.isEmpty)
        guard case .transport(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("the stream ended inside an event"), "\(message)")
    }

    /// Events are decoded as their lines arrive, on the transport's thread: a line that is not an
    /// event ends the stream with the decoding error, after the events before it, and the
    /// transfer is aborted (the server sees the watch go) though the server kept it open.
    @Test func anUndecodableEventEndsTheWatchAndItsTransfer() async throws {
        let cluster = try TestCluster()
        let good = #"{"type":"ADDED","object":{"metadata":{"name":"p","namespace":"demo","resourceVersion":"7"}}}"#
        let (events, error) = try await watch(ending: good + "\nnot an event\n", close: false, cluster: cluster)
        #expect(events.count == 1)
        guard case .decoding(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("watch event of TestPod"), "\(message)")
        #expect(await eventually(10) { cluster.server.openWatchCount == 0 }, "the server still holds the watch (it asked for 60 s)")
    }

    @Test func aFinalEventWithoutItsNewlineIsDelivered() async throws {
        let (events, error) = try await watch(ending: #"{"type":"ADDED","object":{"metadata":{"name":"p","namespace":"demo","resourceVersion":"7"}}}"#)
        #expect(error == nil, "\(String(describing: error))")
        #expect(events.count == 1)
    }
}
