import Foundation
import KubeModel
import Testing
@testable import Kube

@Suite struct KubeErrorTests {
    func error(_ code: Int, _ body: String, retryAfter: String? = nil, method: APIRequest.Method = .get) -> KubeError {
        KubeError.from(status: code, body: Data(body.utf8), retryAfterHeader: retryAfter, method: method)
    }

    func status(_ code: Int, _ reason: String, _ message: String) -> String {
        #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\#(message)","reason":"\#(reason)","code":\#(code)}"#
    }

    @Test func statusBodiesBecomeTypedErrorsKeepingTheMessage() {
        #expect(error(404, status(404, "NotFound", #"rollouts.argoproj.io \"x\" not found"#)) == .notFound(#"rollouts.argoproj.io "x" not found"#))
        #expect(error(403, status(403, "Forbidden", "no"), method: .patch) == .forbidden("no"))
        #expect(error(409, status(409, "Conflict", "modified"), method: .patch) == .conflict("modified"))
        #expect(error(409, status(409, "AlreadyExists", "exists"), method: .post) == .alreadyExists("exists"))
        #expect(error(410, status(410, "Expired", "too old")) == .gone("too old"))
        #expect(error(401, status(401, "Unauthorized", "Unauthorized")) == .unauthorized("Unauthorized"))
        #expect(error(422, status(422, "Invalid", "bad spec")) == .invalid(code: 422, reason: "Invalid", message: "bad spec"))
        #expect(error(504, status(504, "Timeout", "Too large resource version")) == .server(code: 504, reason: "Timeout", message: "Too large resource version"))
        #expect(error(404, status(404, "NotFound", "gone")).description == "Error from server (NotFound): gone")
        // A 5xx says the reason the server gave, as kubectl does, not its code.
        #expect(error(503, status(503, "ServiceUnavailable", "etcd down")).description == "Error from server (ServiceUnavailable): etcd down")
        #expect(error(500, "").description == "Error from server (InternalError): Internal Server Error")
    }

    @Test func tooManyRequestsKeepsRetryAfterFromHeaderOrDetails() {
        #expect(error(429, "Too many requests, please try again later.", retryAfter: "3")
                == .tooManyRequests(retryAfter: 3, message: "Too many requests, please try again later."))
        let body = #"{"kind":"Status","status":"Failure","message":"slow down","reason":"TooManyRequests","details":{"retryAfterSeconds":2},"code":429}"#
        #expect(error(429, body) == .tooManyRequests(retryAfter: 2, message: "slow down"))
    }

    @Test func bodiesWithoutAStatusAreDerivedFromTheCode() {
        #expect(error(409, "", method: .post) == .alreadyExists("Conflict"))
        #expect(error(409, "", method: .put) == .conflict("Conflict"))
        #expect(error(503, "upstream down") == .server(code: 503, reason: "ServiceUnavailable", message: "upstream down"))
        #expect(error(404, "") == .notFound("the server could not find the requested resource"))
    }
}

@Suite struct BackoffTests {
    @Test func delaysDoubleUpToTheCapWithJitter() {
        var backoff = Backoff(initial: 0.8, cap: 30, jitter: 1.0, resetAfter: 120)
        let start = Date(timeIntervalSince1970: 0)
        let low = (0..<8).map { backoff.next(now: start.addingTimeInterval(Double($0)), unit: 0) }
        #expect(low == [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30])
        var jittered = Backoff(initial: 0.8, cap: 30, jitter: 1.0, resetAfter: 120)
        #expect(abs(jittered.next(now: start, unit: 0.5) - 1.2) < 1e-9)
        #expect(jittered.next(now: start, unit: 0.999) < 3.2)
    }

    @Test func aQuietPeriodResetsTheDelay() {
        var backoff = Backoff(initial: 1, cap: 30, jitter: 0, resetAfter: 120)
        let start = Date(timeIntervalSince1970: 0)
        _ = backoff.next(now: start, unit: 0)
        #expect(backoff.next(now: start.addingTimeInterval(1), unit: 0) == 2)
        #expect(backoff.next(now: start.addingTimeInterval(200), unit: 0) == 1)
    }
}

@Suite struct ServerAddressTests {
    @Test func urlsKeepThePrefixAndTLSServerNameReroutesTheConnection() throws {
        let address = try #require(ServerAddress("https://10.0.0.5:6443/k8s/clusters/c-1/"))
        #expect(address.url("/api/v1/pods?limit=5", serverName: nil) == "https://10.0.0.5:6443/k8s/clusters/c-1/api/v1/pods?limit=5")
        #expect(address.url("/api", serverName: "api.internal") == "https://api.internal:6443/k8s/clusters/c-1/api")
        #expect(address.connectTo(serverName: "api.internal") == "api.internal:6443:10.0.0.5:6443")
        #expect(address.connectTo(serverName: nil) == nil)
        let v6 = try #require(ServerAddress("https://[fd00::1]"))
        #expect(v6.url("/api", serverName: nil) == "https://[fd00::1]:443/api")
        #expect(ServerAddress("ftp://x") == nil)
    }

    @Test func requestsCarryScopeAndWatchParameters() {
        let scope = ListScope(namespace: "ns", labelSelector: "app in (a,b)", fieldSelector: "status.phase=Running")
        let list = KubeClient.listRequest(.pods, scope, limit: 500, continueToken: "tok")
        #expect(list.pathAndQuery == "/api/v1/namespaces/ns/pods?labelSelector=app%20in%20%28a%2Cb%29&fieldSelector=status.phase%3DRunning&limit=500&continue=tok")
        let watch = KubeClient.watchRequest(.rollouts, ListScope(), resourceVersion: "42", timeoutSeconds: 300)
        #expect(watch.pathAndQuery == "/apis/argoproj.io/v1alpha1/rollouts?watch=true&resourceVersion=42&allowWatchBookmarks=true&timeoutSeconds=300")
    }
}

@Suite struct WakeupQueueTests {
    @Test func theDescriptorIsReadableExactlyWhileValuesWait() {
        let queue = WakeupQueue<Int>()
        func readable() -> Bool {
            var fd = pollfd(fd: queue.fileDescriptor, events: Int16(POLLIN), revents: 0)
            return poll(&fd, 1, 0) == 1
        }
        #expect(!readable())
        queue.push(1)
        queue.push(contentsOf: [2, 3])
        #expect(readable())
        #expect(queue.drain() == [1, 2, 3])
        #expect(!readable())
        #expect(queue.isEmpty)
    }

    @Test func producersOnManyThreadsLoseNothing() async {
        let queue = WakeupQueue<Int>()
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 { group.addTask { for i in 0..<1000 { queue.push(t * 1000 + i) } } }
        }
        #expect(Set(queue.drain()) == Set(0..<8000))
    }
}

@Suite struct CurlTransportTests {
    func request(_ url: String) -> TransferRequest {
        TransferRequest(url: url, method: "GET", headers: [], body: nil, tls: .init(), clientCertificate: nil, connectTo: nil,
                        proxyURL: nil, acceptCompressed: false, connectTimeout: 2, lowSpeedTime: nil)
    }

    @Test func shutdownFromItsOwnCallbackDoesNotWaitForItself() async {
        let transport = CurlTransport()
        let done = Locked(false)
        transport.start(request("http://127.0.0.1:1/"), TransferHandlers(onOpen: nil, onData: nil, onComplete: { _ in
            transport.shutdown()
            done.withLock { $0 = true }
        }))
        #expect(await eventually(10) { done.withLock { $0 } })
        // After shutdown, new transfers fail at once instead of reaching a freed handle.
        let refused = Locked<TransferFailure?>(nil)
        transport.start(request("http://127.0.0.1:1/"), TransferHandlers(onOpen: nil, onData: nil, onComplete: { outcome in
            if case .failure(let failure) = outcome { refused.withLock { $0 = failure } }
        }))
        #expect(refused.withLock { $0 }?.message == "the client was shut down")
        transport.cancel(1)
    }
}
