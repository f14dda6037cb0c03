import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer

/// Crafted requests a local user (a viewer, or no credential at all) can send to the embedded
/// server, which in `rollscope --demo` runs inside the console: each used to trap the process or
/// be accepted; each must now get kube-apiserver's answer.
@Suite(.serialized) struct HostileRequestTests {
    static func status(_ r: LoopbackClient.Response) throws -> APIStatus {
        try JSONDecoder().decode(APIStatus.self, from: Data(r.body))
    }

    static func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test func aForgedContinueTokenIsABadRequest() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let viewer = LoopbackClient.Credential.token(server.credentials.viewerToken)
        for forged in [#"{"rv":-1,"s":1,"o":0}"#, #"{"rv":1,"s":1,"o":-5}"#, #"{"rv":1,"s":-1,"o":0}"#, "not a token"] {
            let r = try await client.send(.GET, "/api/v1/namespaces/demo/pods?limit=1&continue=\(Self.b64(forged))", credential: viewer)
            #expect(r.status == 400, "\(forged)")
            let s = try Self.status(r)
            #expect(s.reason == "BadRequest")
            #expect(s.message.hasPrefix("continue key is not valid: "), "\(s.message)")
        }
    }

    @Test func watchTimeoutsMustBeWholeSeconds() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let viewer = LoopbackClient.Credential.token(server.credentials.viewerToken)
        for bad in ["1e300", "inf", "NaN", "1.5", "-1e300", "99999999999999999999"] {
            let r = try await client.send(.GET, "/api/v1/namespaces/demo/pods?watch=1&timeoutSeconds=\(bad)", credential: viewer)
            #expect(r.status == 400, "\(bad)")
            #expect(try Self.status(r).message == #"timeoutSeconds: Invalid value: "\#(bad)": must be a whole number of seconds"#)
        }
        // The largest int64 is a valid (clamped) timeout: the watch opens.
        let (watch, channel) = try client.start(.GET, "/api/v1/namespaces/demo/pods?watch=1&timeoutSeconds=\(Int64.max)", credential: viewer)
        defer { channel.close(promise: nil) }
        #expect(await watch.wait { $0.status == 200 })
    }

    @Test(arguments: [
        ("limit=ten", "limit"), ("limit=1e3", "limit"), ("resourceVersion=-1", "resourceVersion"),
        ("resourceVersion=abc", "resourceVersion"), ("resourceVersion=%2B5", "resourceVersion"),
        ("watch=1&resourceVersion=18446744073709551616", "resourceVersion"),
        ("labelSelector=app%3D%1B%5B2J", "values[0][app]"), ("labelSelector=%1B%5D0%3Bx%07", "key"),
        ("labelSelector=app%3D" + String(repeating: "a", count: 64), "values[0][app]"),
        ("fieldSelector=spec.nodeName%3Dx", "field label not supported"),
    ])
    func everyQueryParameterIsChecked(query: String, named: String) async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let r = try await client.send(.GET, "/api/v1/namespaces/demo/pods?\(query)", credential: .token(server.credentials.viewerToken))
        #expect(r.status == 400)
        let s = try Self.status(r)
        #expect(s.reason == "BadRequest")
        #expect(s.message.contains(named), "\(s.message)")
        #expect(!s.message.unicodeScalars.contains { $0.value < 0x20 }, "control characters are escaped in \(s.message)")
    }

    @Test func aHugeLimitWithAContinueTokenDoesNotOverflow() throws {
        let store = try makeStore()
        for i in 0..<5 { try store.create(.pods, namespace: "demo", object: ["metadata": ["name": .string("p\(i)")]]) }
        let token = try #require(try store.list(.pods, namespace: "demo", limit: 2).continueToken)
        let rest = try store.list(.pods, namespace: "demo", limit: .max, continueToken: token)
        #expect(rest.items.map(\.name) == ["p2", "p3", "p4"])
        #expect(rest.continueToken == nil)
    }

    @Test func aContinueTokenServesOnlyTheListItWasIssuedFor() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "shop"]])
        for ns in ["demo", "shop"] {
            for i in 0..<3 {
                try server.store.create(.pods, namespace: ns, object: ["metadata": ["name": .string("\(ns)-\(i)"), "labels": ["app": "a"]]])
                try server.store.create(.rollouts, namespace: ns, object: rollout("\(ns)-r\(i)"))
            }
        }
        let viewer = LoopbackClient.Credential.token(server.credentials.viewerToken)
        let first = try JSON(parsing: try await client.send(.GET, "/api/v1/namespaces/shop/pods?limit=1&labelSelector=app%3Da", credential: viewer).body)
        let token = try #require(first[path: ["metadata", "continue"]]?.stringValue)
        let encoded = try #require(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        for replay in ["/api/v1/namespaces/demo/pods?limit=1&labelSelector=app%3Da", "/api/v1/pods?limit=1&labelSelector=app%3Da",
                       "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts?limit=1&labelSelector=app%3Da",
                       "/api/v1/namespaces/shop/pods?limit=1", "/api/v1/namespaces/shop/pods?limit=1&labelSelector=app%21%3Db"] {
            let r = try await client.send(.GET, "\(replay)&continue=\(encoded)", credential: viewer)
            #expect(r.status == 400, "\(replay)")
            #expect(try Self.status(r).message == "continue key is not valid: it was not issued by this server for this list")
        }
        // Any altered character is caught.
        var altered = Array(token)
        altered[token.count / 3] = altered[token.count / 3] == "A" ? "B" : "A"
        let bad = try await client.send(.GET, "/api/v1/namespaces/shop/pods?limit=1&labelSelector=app%3Da&continue=\(String(altered).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", credential: viewer)
        #expect(bad.status == 400)
        // The same list continues, however its selector is spelled.
        let next = try await client.send(.GET, "/api/v1/namespaces/shop/pods?limit=1&labelSelector=app+%3D%3D+a&continue=\(encoded)", credential: viewer)
        #expect(next.status == 200)
        #expect(try JSON(parsing: next.body)["items"]?[0]?[path: ["metadata", "name"]] == "shop-1")
        // An expired token is still 410.
        server.store.compactHistory()
        #expect(try await client.send(.GET, "/api/v1/namespaces/shop/pods?limit=1&labelSelector=app%3Da&continue=\(encoded)", credential: viewer).status == 410)
    }

    @Test(arguments: [
        (ResourceType.pods, "bad\u{1B}[2Jname", #"Pod "bad\x1b[2Jname" is invalid: metadata.name: Invalid value: "bad\x1b[2Jname": a lowercase RFC 1123 subdomain"#),
        (.rollouts, "Upper", #"Rollout.argoproj.io "Upper" is invalid: metadata.name: Invalid value: "Upper": a lowercase RFC 1123 subdomain"#),
        (.rollouts, "a_b", #"Rollout.argoproj.io "a_b" is invalid"#),
        (.rollouts, String(repeating: "a", count: 254), "must be no more than 253 characters"),
        (.namespaces, "a.b", #"Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label"#),
        (.services, "1abc", #"Service "1abc" is invalid: metadata.name: Invalid value: "1abc": a DNS-1035 label"#),
        (.pods, "x\u{202E}y", #"Invalid value: "x\u202ey""#),
    ])
    func objectNamesAreValidated(resource: ResourceType, name: String, message: String) async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let base = resource.group.isEmpty ? "/api/v1" : "/apis/\(resource.group)/\(resource.version)"
        let path = resource.namespaced ? "\(base)/namespaces/demo/\(resource.plural)" : "\(base)/\(resource.plural)"
        let object: JSON = ["metadata": ["name": .string(name)], "spec": [:]]
        let body = String(decoding: object.serialized(), as: UTF8.self)
        let r = try await client.send(.POST, path, contentType: "application/json", body: body)
        #expect(r.status == 422)
        let s = try Self.status(r)
        #expect(s.reason == "Invalid")
        #expect(s.message.hasPrefix(message) || s.message.contains(message), "\(s.message)")
        #expect(!s.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        #expect(server.store.count(resource) == (resource == .namespaces ? 1 : 0))
    }

    @Test func restartCountsAtTheirExtremesPrintAsATable() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        var pod = try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": "p"]]).json
        pod["status"] = ["containerStatuses": [["restartCount": .int(.max)], ["restartCount": .int(.max)], ["restartCount": .int(.min)]]]
        try server.store.update(.pods, namespace: "demo", name: "p", object: pod, subresource: "status")
        let r = try await client.send(.GET, "/api/v1/namespaces/demo/pods", accept: "application/json;as=Table;v=v1;g=meta.k8s.io")
        #expect(r.status == 200)
        #expect(try JSON(parsing: r.body)["rows"]?[0]?["cells"]?[3] == .string(String(2 * Int64(Int32.max))))
    }

    @Test func generatedNamesAreValidatedToo() throws {
        let store = try makeStore()
        #expect(throws: APIStatus.self) { try store.create(.pods, namespace: "demo", object: ["metadata": ["generateName": "Web_"]]) }
        let made = try store.create(.pods, namespace: "demo", object: ["metadata": ["generateName": "web-"]])
        #expect(made.name.hasPrefix("web-"))
    }

    @Test(arguments: [(JSON.int(-1), 422), (.int(.min), 400), (.int(Int64(Int32.max) + 1), 400), (.double(1.5), 400), ("3", 400)])
    func replicaCountsOfBuiltInKindsAreChecked(replicas: JSON, code: Int) throws {
        let store = try makeStore()
        for r in [ResourceType.deployments, .replicaSets] {
            do {
                try store.create(r, namespace: "demo", object: ["metadata": ["name": "x"], "spec": ["replicas": replicas]])
                Issue.record("\(r.kind) with replicas \(replicas) was stored")
            } catch {
                #expect(error.code == code)
                #expect(error.message.contains("spec.replicas"), "\(error.message)")
            }
        }
        try store.create(.deployments, namespace: "demo", object: ["metadata": ["name": "ok"], "spec": ["replicas": 2]])
        #expect(throws: APIStatus.self) {
            try store.patch(.deployments, namespace: "demo", name: "ok", type: .merge, patch: ["spec": ["replicas": replicas]])
        }
        #expect(throws: APIStatus.self) {
            try store.patch(.deployments, namespace: "demo", name: "ok", type: .merge, patch: ["status": ["availableReplicas": replicas]], subresource: "status")
        }
    }
}

/// The kubeconfig holds the admin's token and key: no other user may ever read it, not even
/// while it is being written.
@Suite(.serialized) struct KubeconfigFileTests {
    @Test func theKubeconfigIsNeverReadableByOthers() throws {
        let server = try EmbeddedAPIServer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config").path
        // Another process watching the directory: any file in it, at any moment, with a group or other bit.
        let watcher = ModeWatcher(directory: dir.path)
        let previous = umask(0)
        defer { umask(previous) }
        watcher.start()
        for _ in 0..<200 { try server.writeKubeconfig(to: path) }
        let seen = watcher.stop()
        #expect(seen.checked > 0)
        #expect(seen.exposed.count == 0, "readable by others: \(seen.exposed.sorted().prefix(3))")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["config"], "no temporary file is left")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == server.kubeconfigYAML())
    }
}

/// Polls a directory on its own thread, recording every file whose mode lets group or others in.
final class ModeWatcher: @unchecked Sendable {
    private let directory: String
    private let lock = NSLock()
    private var running = false
    private var exposed: Set<String> = []
    private var checked = 0
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    init(directory: String) { self.directory = directory }

    func start() {
        running = true
        let t = Thread { [self] in
            while lock.withLock({ running }) {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                    var info = stat()
                    guard stat("\(directory)/\(name)", &info) == 0 else { continue }
                    lock.withLock {
                        checked += 1
                        if info.st_mode & 0o077 != 0 { exposed.insert("\(name) \(String(info.st_mode & 0o777, radix: 8))") }
                    }
                }
            }
            done.signal()
        }
        thread = t
        t.start()
    }

    func stop() -> (checked: Int, exposed: Set<String>) {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { (checked, exposed) }
    }
}
