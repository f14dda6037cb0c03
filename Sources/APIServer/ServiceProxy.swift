import Foundation
import KubeModel

/// What a request through `/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH` (or
/// `pods/NAME:PORT/proxy/PATH`) carries.
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

/// In-process handlers standing behind Services and Pods, reached through the API server's
/// service and pod proxies as on a real cluster (the simulated flagger-loadtester behind its
/// Service, the simulated Flagger's `/metrics` behind its pod).
public final class ServiceProxy: @unchecked Sendable {
    public typealias Handler = @Sendable (ProxyRequest) -> ProxyResponse

    private let lock = NSLock()
    private var handlers: [String: Handler] = [:]
    /// A pod's handlers by port (number or name), as its containers listen.
    private var podHandlers: [String: [String: Handler]] = [:]

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

    /// Registers what pod `namespace/pod` serves on `ports` (each a number or a container port's name).
    public func register(namespace: String, pod: String, ports: Set<String>, handler: @escaping Handler) {
        lock.lock()
        var byPort = podHandlers["\(namespace)/\(pod)"] ?? [:]
        for port in ports { byPort[port] = handler }
        podHandlers["\(namespace)/\(pod)"] = byPort
        lock.unlock()
    }

    public func unregister(namespace: String, pod: String) {
        lock.lock()
        podHandlers["\(namespace)/\(pod)"] = nil
        lock.unlock()
    }

    /// What listens on `port` of the pod; nil when nothing does (a pod proxy without a port
    /// reaches port 80, as kube-apiserver's does).
    func handler(namespace: String, pod: String, port: String?) -> Handler? {
        lock.lock()
        defer { lock.unlock() }
        return podHandlers["\(namespace)/\(pod)"]?[port ?? "80"]
    }
}
