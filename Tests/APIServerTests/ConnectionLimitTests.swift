import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection that sends what a test says and reads only when asked: a client that
/// misbehaves (sends nothing, never reads, promises a body it never sends).
final class RawConnection {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`; `receiveBuffer` shrinks SO_RCVBUF (a client that reads slowly fills it fast).
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    /// Sends everything, or stops at the first error (the server closed); returns the bytes sent.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return sent }
            sent += n
        }
        return sent
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until the server closes the connection or `seconds` pass; (bytes, closed).
    func readUntilClosed(seconds: Double) -> ([UInt8], Bool) {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return (out, true) }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return (out, true)
            }
            out += buffer[0..<n]
        }
        return (out, false)
    }
}

/// Resident memory of this process, in bytes.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// What an unauthenticated or misbehaving local client can make the server hold: nothing it did
/// not ask for by authenticating, and nothing for long.
@Suite(.serialized) struct ConnectionLimitTests {
    @Test func anUnauthenticatedBodyIsRefusedBeforeItIsRead() throws {
        let server = try EmbeddedAPIServer(options: .init(tls: false))
        try server.start()
        defer { server.stop() }
        // The head promises 30 MiB and none of it is sent: the 401 must come anyway.
        let promise = try RawConnection(port: server.port)
        promise.send("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Type: application/json\r\nContent-Length: 31457280\r\n\r\n")
        let (answer, closed) = promise.readUntilClosed(seconds: 5)
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 401 Unauthorized"))
        #expect(closed, "the connection is closed without reading the body")
        // Ten of them sending their whole 30 MiB: memory stays flat and nothing is kept.
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 30 << 20)
        let before = residentBytes()
        for _ in 0..<10 {
            let c = try RawConnection(port: server.port)
            c.send("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Length: \(body.count)\r\n\r\n")
            c.send(body)
            _ = c.readUntilClosed(seconds: 5)
        }
        let grown = residentBytes() - before
        #expect(grown < 100 << 20, "resident memory grew by \(grown >> 20) MiB")
        #expect(server.faults.requests.count == 11)
        #expect(server.faults.requests.allSatisfy { $0.user == nil && $0.body.isEmpty })
    }

    @Test func anOversizedBodyIsRefusedFromItsLength() throws {
        let server = try EmbeddedAPIServer(options: .init(tls: false, maxRequestBytes: 1 << 20))
        try server.start()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        c.send("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: \(2 << 20)\r\n\r\n")
        let (answer, closed) = c.readUntilClosed(seconds: 5)
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 413"))
        #expect(closed)
    }

    @Test func requestBodiesAreRecordedOnlyWhenATestAsks() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let body = #"{"metadata":{"name":"a"}}"#
        _ = try await client.send(.POST, "/api/v1/namespaces", contentType: "application/json", body: body)
        server.faults.recordBodies = true
        _ = try await client.send(.POST, "/api/v1/namespaces", contentType: "application/json", body: body.replacingOccurrences(of: "\"a\"", with: "\"b\""))
        #expect(server.faults.requests.map(\.body) == ["", #"{"metadata":{"name":"b"}}"#])
    }

    @Test func silentAndIdleConnectionsAreClosed() async throws {
        let (server, client) = try startServer(.init(headerTimeout: 0.3, idleTimeout: 0.6))
        defer { server.stop() }
        // Connected, never a byte (not even a TLS handshake).
        let silent = try RawConnection(port: server.port)
        let started = Date()
        let (_, closed) = silent.readUntilClosed(seconds: 5)
        #expect(closed)
        #expect(Date().timeIntervalSince(started) < 3)
        // Half a request head, then nothing.
        let plain = try EmbeddedAPIServer(options: .init(tls: false, headerTimeout: 0.3, idleTimeout: 0.6))
        try plain.start()
        defer { plain.stop() }
        let half = try RawConnection(port: plain.port)
        half.send("GET /api/v1/namespaces HTTP/1.1\r\nHost: x\r\n")
        #expect(half.readUntilClosed(seconds: 5).1)
        // A kept-alive connection is closed once idle, after its answer.
        let kept = try RawConnection(port: plain.port)
        kept.send("GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
        let (answer, keptClosed) = kept.readUntilClosed(seconds: 5)
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        #expect(keptClosed)
        // A client that keeps talking keeps its connection.
        #expect(try await client.send(.GET, "/version").status == 200)
    }

    @Test func aWatcherThatNeverReadsIsClosedAndTheOthersKeepGoing() async throws {
        let server = try EmbeddedAPIServer(options: .init(tls: false, watchBufferBytes: 4 << 20, watchBufferGrace: 5))
        try server.start()
        defer { server.stop() }
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
        let client = LoopbackClient(server)
        let (reader, channel) = try client.start(.GET, "/api/v1/namespaces/demo/pods?watch=1", credential: .none, keepBody: false)
        defer { channel.close(promise: nil) }
        let stalled = try RawConnection(port: server.port, receiveBuffer: 4096)
        stalled.send("GET /api/v1/namespaces/demo/pods?watch=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await reader.wait { _ in server.store.watchCount == 2 })
        let big = String(repeating: "x", count: 100_000)
        // 20 MB of changes over a few seconds: a reader keeps up, the stalled watcher's backlog only grows.
        for i in 0..<200 {
            try server.store.create(.pods, namespace: "demo", object: ["metadata": ["name": .string("p\(i)"), "annotations": ["big": .string(big)]]])
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        #expect(await reader.wait(seconds: 20) { $0.newlineCount == 200 }, "the reading watcher got every event")
        #expect(await reader.wait(seconds: 10) { _ in server.store.watchCount == 1 }, "the stalled watcher was closed")
        #expect(server.openWatchCount == 1)
    }
}
