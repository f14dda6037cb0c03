import Foundation
import Testing
@testable import Kube

/// The `-v N` request log: kubectl's lines per level, credentials masked, bodies cut at 1024.
@Suite struct RequestLogTests {
    static let exchange = RequestLog.Exchange(
        method: "GET", url: "https://127.0.0.1:6443/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts",
        requestHeaders: ["Accept: application/json", "Authorization: Bearer s3cr3t-token", "User-Agent: rollscope/0.1"],
        requestBody: nil, status: 200, responseHeaders: ["content-type": "application/json", "audit-id": "a1"],
        responseBody: Data(#"{"kind":"RolloutList"}"#.utf8), latency: 0.0124)

    @Test func levelSixIsOneLinePerRequest() {
        #expect(RequestLog.lines(Self.exchange, level: 5).isEmpty)
        #expect(RequestLog.lines(Self.exchange, level: 6)
                == ["GET https://127.0.0.1:6443/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts 200 OK in 12 milliseconds"])
    }

    @Test func levelSevenAddsTheRequestHeadersWithTheTokenMasked() {
        let lines = RequestLog.lines(Self.exchange, level: 7)
        #expect(lines == [
            "GET https://127.0.0.1:6443/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts",
            "Request Headers:",
            "    Accept: application/json",
            "    Authorization: Bearer <masked>",
            "    User-Agent: rollscope/0.1",
            "GET https://127.0.0.1:6443/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts 200 OK in 12 milliseconds",
        ])
    }

    @Test func levelEightAddsResponseHeadersAndBodiesCutAt1024() {
        var exchange = Self.exchange
        exchange.method = "PATCH"
        exchange.status = 503
        exchange.requestBody = Data(#"{"spec":{"paused":false}}"#.utf8)
        exchange.responseBody = Data(String(repeating: "x", count: 1500).utf8)
        let lines = RequestLog.lines(exchange, level: 8)
        #expect(lines.contains(#"Request Body: {"spec":{"paused":false}}"#))
        #expect(lines.contains("PATCH https://127.0.0.1:6443/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts 503 Service Unavailable in 12 milliseconds"))
        #expect(Array(lines.suffix(4)) == ["Response Headers:", "    Audit-Id: a1", "    Content-Type: application/json",
                                           "Response Body: " + String(repeating: "x", count: 1024) + " [truncated 476 chars]"])
        #expect(!lines.joined().contains("s3cr3t"))
        #expect(RequestLog.lines(exchange, level: 10).last == "Response Body: " + String(repeating: "x", count: 1500))
    }

    @Test func linesGetKlogsPrefixAndGoWhereTheLogWrites() {
        let written = Locked<[String]>([])
        let log = RequestLog(level: 6) { line in written.withLock { $0.append(line) } }
        log.record(Self.exchange)
        let line = written.withLock { $0 }.joined()
        #expect(line.range(of: #"^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ RequestLog\.swift\] GET \S+ 200 OK in 12 milliseconds\n$"#,
                           options: .regularExpression) != nil, "\(line)")
        RequestLog(level: 0) { _ in Issue.record("nothing below level 6") }.record(Self.exchange)
    }
}
