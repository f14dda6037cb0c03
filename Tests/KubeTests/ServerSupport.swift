import APIServer
import Foundation
import JSONValue
import KubeModel
@testable import Kube

/// An embedded API server over HTTPS with a `demo` namespace, and its kubeconfig on disk.
final class TestCluster: @unchecked Sendable {
    let server: EmbeddedAPIServer
    let dir = TempDir()

    init(options: EmbeddedAPIServer.Options = .init()) throws {
        server = try EmbeddedAPIServer(options: options)
        try server.start()
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "demo"]])
    }

    deinit { server.stop() }

    /// The server's kubeconfig, with `edit` applied to its text, loaded for `context`.
    func config(context: String = "admin-token", namespace: String? = nil,
                edit: (String) -> String = { $0 }) throws -> ClientConfig {
        let path = dir.write("kubeconfig-\(UUID().uuidString)", edit(server.kubeconfigYAML(namespace: "demo")))
        return try KubeconfigLoader(environment: [:]).load(KubeconfigOptions(kubeconfig: path, context: context, namespace: namespace))
    }

    func client(context: String = "admin-token", options: KubeClientOptions = KubeClientOptions(),
                edit: (String) -> String = { $0 }) throws -> KubeClient {
        try KubeClient(config: try config(context: context, edit: edit), options: options)
    }

    /// The kubeconfig with its `certificate-authority-data` line replaced by `line` (or removed).
    func replacingCA(with line: String?) -> (String) -> String {
        { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { l -> String? in
                l.contains("certificate-authority-data:") ? line.map { "    \($0)" } : String(l)
            }.joined(separator: "\n")
        }
    }

    @discardableResult
    func createPod(_ name: String, namespace: String = "demo", labels: [String: String] = [:]) throws -> String {
        var labelObject = JSONObject()
        for (k, v) in labels { labelObject[k] = .string(v) }
        let stored = try server.store.create(.pods, namespace: namespace, object: ["metadata": ["name": .string(name), "labels": .object(labelObject)],
                                                                                 "status": ["phase": "Pending"]])
        return String(stored.resourceVersion)
    }

    /// The requests the server saw whose "METHOD uri" contains `text`.
    func requests(containing text: String) -> [String] {
        server.faults.requests.map { "\($0.method) \($0.uri)" }.filter { $0.contains(text) }
    }
}

/// Waits until `condition` holds, up to `timeout` seconds (generous: in the full suite, blocking tests of other targets can hold both of the two cooperative threads for half a minute).
func eventually(_ timeout: TimeInterval = 60, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return condition()
}
