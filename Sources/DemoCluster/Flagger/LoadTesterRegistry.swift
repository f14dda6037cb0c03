import APIServer
import Foundation
import JSONValue

/// A simulated flagger-loadtester stands behind every Service named `flagger-loadtester`: when
/// such a Service appears, its namespace gets a loadtester, registered with the API server's
/// service proxy (for kubectl and rollscope) and known to the simulated Flagger (for webhooks).
public final class LoadTesterRegistry: @unchecked Sendable {
    public static let serviceName = "flagger-loadtester"
    private let lock = NSLock()
    private var testers: [String: FlaggerLoadTester] = [:]
    private let proxy: ServiceProxy

    init(proxy: ServiceProxy) { self.proxy = proxy }

    /// The loadtester of `namespace`, if that namespace has the Service.
    public func loadTester(in namespace: String) -> FlaggerLoadTester? {
        lock.lock()
        defer { lock.unlock() }
        return testers[namespace]
    }

    public var namespaces: [String] {
        lock.lock()
        defer { lock.unlock() }
        return testers.keys.sorted()
    }

    func start(_ watcher: StoreWatcher, clock: any DemoClock) throws {
        try watcher.watch(.services, clock: clock) { [weak self] kind, service in
            guard let self, service.name == Self.serviceName else { return }
            if kind == .deleted { remove(service.namespace) } else { add(service.namespace) }
        }
    }

    func stop() {
        lock.lock()
        let all = testers.keys
        testers.removeAll()
        lock.unlock()
        for ns in all { proxy.unregister(namespace: ns, service: Self.serviceName) }
    }

    private func add(_ namespace: String) {
        lock.lock()
        defer { lock.unlock() }
        guard testers[namespace] == nil else { return }
        let tester = FlaggerLoadTester()
        testers[namespace] = tester
        proxy.register(namespace: namespace, service: Self.serviceName, handler: tester.proxyHandler)
    }

    private func remove(_ namespace: String) {
        lock.lock()
        testers[namespace] = nil
        lock.unlock()
        proxy.unregister(namespace: namespace, service: Self.serviceName)
    }
}
