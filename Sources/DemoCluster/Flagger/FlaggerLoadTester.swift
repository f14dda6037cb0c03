import APIServer
import Foundation
import JSONValue

/// The flagger-loadtester's manual gates (`pkg/loadtester/gate.go`): an in-memory map of gates
/// keyed `NAME.NAMESPACE` (rollback gates `rollback.NAME.NAMESPACE`), all closed at start.
/// Served behind the API server's service proxy and consulted directly by the simulated Flagger,
/// as Flagger POSTs to its webhooks. Thread-safe.
public final class FlaggerLoadTester: @unchecked Sendable {
    private let lock = NSLock()
    private var open: Set<String> = []

    public init() {}

    /// Answers one request as the real loadtester does: status code and plain-text body.
    public func handle(method: String, path: String, body: Data) -> (status: Int, body: String) {
        let route = path.hasSuffix("/") ? String(path.dropLast()) : path
        let known = ["/gate/approve", "/gate/halt", "/gate/check", "/gate/open", "/gate/close",
                     "/rollback/check", "/rollback/open", "/rollback/close"]
        guard known.contains(route) else { return (404, "404 page not found\n") }
        guard method == "POST" else { return (405, "Method Not Allowed\n") }
        guard let json = try? JSON(parsing: body), let name = json["name"]?.stringValue, !name.isEmpty,
              let namespace = json["namespace"]?.stringValue, !namespace.isEmpty else {
            return (400, "Error reading body\n")
        }
        let gate = "\(name).\(namespace)"
        let rollback = "rollback.\(gate)"
        lock.lock()
        defer { lock.unlock() }
        switch route {
        case "/gate/approve": return (200, "Approved\n")
        case "/gate/halt": return (403, "Forbidden\n")
        case "/gate/check": return open.contains(gate) ? (200, "Approved\n") : (403, "Forbidden\n")
        case "/gate/open":
            open.insert(gate)
            return (202, "Gate opened\n")
        case "/gate/close":
            open.remove(gate)
            return (202, "Gate closed\n")
        case "/rollback/check": return open.contains(rollback) ? (200, "Approved\n") : (403, "Forbidden\n")
        case "/rollback/open":
            open.insert(rollback)
            return (202, "Rollback gate opened\n")
        default:
            open.remove(rollback)
            return (202, "Rollback gate closed\n")
        }
    }

    /// The handler registered with `ServiceProxy` for service `flagger-loadtester`.
    var proxyHandler: ServiceProxy.Handler {
        { [self] request in
            let answer = handle(method: request.method, path: request.path, body: request.body)
            return ProxyResponse(status: answer.status, body: Data(answer.body.utf8))
        }
    }
}
