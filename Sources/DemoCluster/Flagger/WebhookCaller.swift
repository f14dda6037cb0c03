import Foundation
import JSONValue

/// How the simulated Flagger calls a Canary's webhooks. URLs are resolved as in a cluster:
/// `http://SERVICE.NAMESPACE[:port]/path` (or `SERVICE.NAMESPACE.svc...`); a host without a
/// namespace resolves in Flagger's own namespace. Only in-process services answer (the
/// loadtesters of `LoadTesterRegistry`); anything else, or a value that is not a URL, fails as a send error does.
struct WebhookCaller {
    let loadTesters: LoadTesterRegistry
    static let flaggerNamespace = "flagger-system"

    /// True when the hook answers with a status Flagger takes as approval (2xx up to 202).
    func approves(_ hook: JSON, canary: JSON) -> Bool {
        guard let text = hook["url"]?.stringValue, let url = URL(string: text), url.scheme == "http" || url.scheme == "https",
              let host = url.host else { return false }
        let parts = host.split(separator: ".").map(String.init)
        let namespace = parts.count > 1 ? parts[1] : Self.flaggerNamespace
        guard parts.first == LoadTesterRegistry.serviceName, let tester = loadTesters.loadTester(in: namespace) else { return false }
        let body: JSON = ["name": .string(canary.name), "namespace": .string(canary.namespace),
                          "phase": canary[path: ["status", "phase"]] ?? "", "checksum": "",
                          "type": hook["type"] ?? "", "metadata": hook["metadata"] ?? [:]]
        let status = tester.handle(method: "POST", path: url.path, body: body.data).status
        return (200...202).contains(status)
    }
}
