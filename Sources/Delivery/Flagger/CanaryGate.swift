import Foundation

/// One webhook a Canary declares, classified for the console.
public struct CanaryGate: Sendable, Hashable, Codable {
    /// What the webhook's URL does on the flagger-loadtester.
    public enum Mechanism: String, Sendable, Hashable, Codable {
        /// `/gate/check`: opened and closed by an operator.
        case gate
        /// `/gate/halt`: always refuses; only `skipAnalysis` gets past it.
        case halt
        /// `/gate/approve`: always approves.
        case approve
        /// `/rollback/check`: an operator opens it to roll back.
        case rollbackGate
        /// Anything else (load tests, notifications, an external service).
        case other
    }

    public var name: String
    public var type: String
    public var url: String
    public var mechanism: Mechanism
    /// The loadtester Service reached through the API server's proxy (`name:port`), when the URL names one.
    public var service: String?
    /// The Service's namespace; nil when the URL has none (Flagger's own namespace applies).
    public var serviceNamespace: String?

    /// Classifies a webhook. `type` defaults to `rollout`, as in Flagger.
    public init(_ hook: Canary.Webhook) {
        name = hook.name ?? ""
        type = (hook.type ?? "").isEmpty ? "rollout" : hook.type!
        url = hook.url ?? ""
        var path = ""
        // A host of dots alone ("http://./gate/check") names no service.
        if let u = URLComponents(string: url), let host = u.host, u.scheme == "http" || u.scheme == "https" {
            path = u.path
            let parts = host.split(separator: ".")
            service = parts.first.map { "\($0):\(u.port ?? (u.scheme == "https" ? 443 : 80))" }
            serviceNamespace = parts.count > 1 ? String(parts[1]) : nil
        }
        switch path {
        case "/gate/check": mechanism = .gate
        case "/gate/halt": mechanism = .halt
        case "/gate/approve": mechanism = .approve
        case "/rollback/check": mechanism = .rollbackGate
        default: mechanism = .other
        }
    }

    /// A confirm-* hook (they halt the canary until they answer 2xx).
    public var isConfirm: Bool { ["confirm-rollout", "confirm-traffic-increase", "confirm-promotion"].contains(type) }
}
