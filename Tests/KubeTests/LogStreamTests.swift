import APIServer
import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Kube

/// A pod log read as text: lines split across chunks (a UTF-8 character too), blank lines kept,
/// hostile bytes made terminal-safe, a followed log streaming until the container restarts.
@Suite struct LogStreamTests {
    @Test func textLinesKeepBlankLinesAndCharactersSplitAcrossChunks() throws {
        var splitter = LineSplitter(keepEmpty: true)
        let bytes = Array("héllo\n\nwörld\r\nlast".utf8)
        var lines: [Data] = []
        // One byte at a time: every boundary, inside each two-byte character too.
        for b in bytes { lines += try splitter.feed(Data([b])) }
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["héllo", "", "wörld"])
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "last")
        var watch = LineSplitter()
        #expect(try watch.feed(Data("a\n\nb\n".utf8)).count == 2, "a watch still drops keep-alive blank lines")
    }

    @Test func hostileBytesAreShownNotObeyed() {
        #expect(KubeClient.logText(Data("\u{1b}]0;pwned\u{07}title \u{202e}txt".utf8)) == "\\x1b]0;pwned\\x07title \\u{202e}txt")
        #expect(KubeClient.logText(Data([0x61, 0xFF, 0x62])) == "a\u{FFFD}b")
    }

    @Test func aFollowedLogStreamsUntilTheContainerRestarts() async throws {
        let cluster = try TestCluster()
        try cluster.server.store.create(.pods, namespace: "demo", object: [
            "metadata": ["name": "web"], "spec": ["containers": [["name": "app", "image": "x"]]],
            "status": ["phase": "Running", "containerStatuses": [["name": "app", "restartCount": 0, "state": ["running": [:]]]]],
        ])
        let logs = cluster.server.logs
        logs.append(namespace: "demo", pod: "web", container: "app", "first", at: Date())
        let client = try cluster.client()
        let stream = client.logLines(namespace: "demo", pod: "web", PodLogOptions(follow: true, timestamps: false))
        let received = Locked<[String]>([])
        let reader = Task {
            for try await line in stream { received.withLock { $0.append(line) } }
        }
        #expect(await eventually(10) { received.withLock { $0 } == ["first"] })
        logs.append(namespace: "demo", pod: "web", container: "app", "ünïcode \u{1b}[2J", at: Date())
        #expect(await eventually(10) { received.withLock { $0 }.count == 2 })
        #expect(received.withLock { $0 }.last == "ünïcode \\x1b[2J")
        logs.restart(namespace: "demo", pod: "web", container: "app")
        try await reader.value
        #expect(logs.followerCount == 0)
    }

    @Test func aRefusalIsTheServersError() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client()
        do {
            for try await _ in client.logLines(namespace: "demo", pod: "nope", PodLogOptions()) {}
            Issue.record("a missing pod's log must fail")
        } catch {
            #expect("\(error)".contains("pods \"nope\" not found"), "\(error)")
        }
    }
}
