import Foundation
import KubeModel

/// What a request through `/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH` carries.
public struct ProxyRequest: Sendable {
    public var method: String
    /// The path after `/proxy`, starting with `/`.
    public var path: String
    public var query: String
    public var body: Data
}

/// The reply of an in-process service.
public struct ProxyResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: Data = Data()) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// In-process handlers standing behind Services, reached through the API server's service
/// proxy as on a real cluster (the simulated flagger-loadtester lives here).
public final class ServiceProxy: @unchecked Sendable {
    public typealias Handler = @Sendable (ProxyRequest) -> ProxyResponse

    private let lock = NSLock()
    private var handlers: [String: Handler] = [:]

    /// Registers the handler of `namespace/service` (any port).
    public func register(namespace: String, service: String, handler: @escaping Handler) {
        lock.lock()
        handlers["\(namespace)/\(service)"] = handler
        lock.unlock()
    }

    public func unregister(namespace: String, service: String) {
        lock.lock()
        handlers["\(namespace)/\(service)"] = nil
        lock.unlock()
    }

    func handler(namespace: String, service: String) -> Handler? {
        lock.lock()
        defer { lock.unlock() }
        return handlers["\(namespace)/\(service)"]
    }
}
