import Foundation
import KubeModel
import Testing
@testable import Kube

/// A raw-socket HTTP/1.1 server on 127.0.0.1 that answers every connection by running `respond`
/// on its file descriptor (after reading the request head), then closes it: a server that sends
/// what no API server would. One thread per connection; `stop` closes the listening socket.
final class HostileServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init(_ respond: @escaping @Sendable (Int32) -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread {
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { return }
                Thread {
                    // The request head, up to its blank line; the body (none here) is not read.
                    var head = [UInt8]()
                    var byte: UInt8 = 0
                    while read(fd, &byte, 1) == 1 {
                        head.append(byte)
                        if head.suffix(4) == [13, 10, 13, 10] { break }
                    }
                    respond(fd)
                    close(fd)
                }.start()
            }
        }.start()
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    /// Writes all of `data`; false once the client has gone.
    @discardableResult
    static func write(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// A 200 head with these extra header lines, the body delimited by the connection's close.
    static func head(_ extra: [String] = []) -> Data {
        Data((["HTTP/1.1 200 OK", "Content-Type: application/json", "Connection: close"] + extra).joined(separator: "\r\n").utf8 + Array("\r\n\r\n".utf8))
    }

    /// Sends `chunk` again and again until the client hangs up (or `limit` bytes went out).
    static func endless(_ fd: Int32, _ chunk: Data, limit: Int = 1 << 30) {
        var sent = 0
        while sent < limit, write(fd, chunk) { sent += chunk.count }
    }
}

/// What a hostile server can send: no answer may take more memory than the client's limits, and
/// each fails naming the limit it passed.
@Suite(.serialized) struct HostileServerTests {
    static func client(_ server: HostileServer, maxBody: Int = 1 << 20, maxLine: Int = 1 << 20) throws -> KubeClient {
        try KubeClient(config: ClientConfig(server: "http://127.0.0.1:\(server.port)", credential: .none),
                       options: KubeClientOptions(connectTimeout: 5, stallTimeout: 20, maxBodyBytes: maxBody, maxLineBytes: maxLine))
    }

    static let list = APIRequest(method: .get, path: "/api/v1/pods")

    @Test func anEndlessWatchLineFailsAtTheLineLimit() async throws {
        let server = try HostileServer { fd in
            HostileServer.write(fd, HostileServer.head())
            HostileServer.endless(fd, Data(repeating: UInt8(ascii: "a"), count: 64 << 10))
        }
        defer { server.stop() }
        let client = try Self.client(server)
        var lines = 0
        do {
            for try await _ in client.lines(APIRequest(method: .get, path: "/api/v1/pods", query: [("watch", "1")])) { lines += 1 }
            Issue.record("the endless line ended without an error")
        } catch let error as KubeError {
            #expect(error.description.contains("watch line passed the client's limit of 1 MiB"), "\(error)")
        }
        #expect(lines == 0)
    }

    @Test func aHugeBodyFailsAtTheBodyLimit() async throws {
        let server = try HostileServer { fd in
            HostileServer.write(fd, HostileServer.head())
            HostileServer.endless(fd, Data(repeating: UInt8(ascii: " "), count: 64 << 10))
        }
        defer { server.stop() }
        await #expect {
            _ = try await Self.client(server).send(Self.list)
        } throws: { error in
            "\(error)".contains("limit of 1 MiB for one response body")
        }
    }

    /// 24 MB of zeros gzipped to about 24 KB: decompressed, it passes a 1 MiB limit at once.
    @Test func aGzipBombFailsAtTheBodyLimit() async throws {
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "head -c 24000000 /dev/zero | gzip -c"]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let bomb = pipe.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        #expect(bomb.count < 100_000)
        let server = try HostileServer { fd in
            HostileServer.write(fd, HostileServer.head(["Content-Encoding: gzip", "Content-Length: \(bomb.count)"]))
            HostileServer.write(fd, bomb)
        }
        defer { server.stop() }
        await #expect {
            _ = try await Self.client(server).send(Self.list)
        } throws: { error in
            "\(error)".contains("limit of 1 MiB for one response body")
        }
    }

    /// Under the limits, the same server's answers are read whole (the limits are not off by one).
    @Test func answersUpToTheLimitsAreRead() async throws {
        let line = Data(repeating: UInt8(ascii: "x"), count: (1 << 20)) + Data("\n".utf8)
        let server = try HostileServer { fd in
            HostileServer.write(fd, HostileServer.head())
            HostileServer.write(fd, line)
        }
        defer { server.stop() }
        let client = try Self.client(server, maxBody: line.count)
        #expect(try await client.send(Self.list).body.count == line.count)
        var received: [Int] = []
        for try await l in client.lines(APIRequest(method: .get, path: "/api/v1/pods", query: [("watch", "1")])) { received.append(l.count) }
        #expect(received == [1 << 20])
    }

    /// A 5 MB error message (the issue's was 50 MB) is cut, saying how much was cut, and never printed raw.
    @Test func aHugeErrorMessageIsCutAndMadeSafe() async throws {
        let message = "denied\u{1B}]0;pwned\u{7}\u{1B}[2J" + String(repeating: "x", count: 5_000_000)
        let status = try JSONEncoder().encode(APIStatus(code: 403, reason: "Forbidden", message: message))
        let server = try HostileServer { fd in
            HostileServer.write(fd, Data("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: \(status.count)\r\nConnection: close\r\n\r\n".utf8))
            HostileServer.write(fd, status)
        }
        defer { server.stop() }
        await #expect {
            _ = try await Self.client(server, maxBody: 64 << 20).send(Self.list)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("Error from server (Forbidden): denied\\x1b]0;pwned\\x07\\x1b[2Jxxx")
                && text.hasSuffix("more bytes cut)") && text.utf8.count < 5000
        }
    }
}

/// Errors and server addresses as printed: no doubled prefix, no trap on a hostile Retry-After,
/// no password.
@Suite struct HostileErrorTests {
    @Test func unauthorizedIsNotPrefixedTwice() {
        #expect("error: \(KubeError.unauthorized("Unauthorized"))" == "error: You must be logged in to the server (Unauthorized): Unauthorized")
    }

    @Test func aHostileRetryAfterNeitherTrapsNorWaitsForever() {
        for header in ["1e300", "inf", "nan", "-5", "99999999999999999999"] {
            let error = KubeError.from(status: 429, body: Data(), retryAfterHeader: header, method: .get)
            guard case .tooManyRequests(let after, _) = error else { Issue.record("\(error)"); continue }
            #expect(after.map { $0.isFinite && $0 >= 0 && $0 <= 86_400 } ?? true, "\(header)")
            _ = error.description
        }
    }

    @Test func aPasswordInTheServerURLIsMasked() {
        #expect(ClientConfig(server: "https://alice:s3cret@k.example:6443/x", credential: .none).displayServer == "https://alice:xxxxx@k.example:6443/x")
        #expect(ClientConfig(server: "https://k.example:6443", credential: .none).displayServer == "https://k.example:6443")
    }
}
