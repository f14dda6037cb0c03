import Foundation
import Kube

extension LiveSource {
    /// A live source on the kubeconfig context the options name (or the current one), able to
    /// switch to any other context of the same files; also returns the context's namespace.
    /// Every client it makes has `clientOptions` (`--request-timeout`, `--as`, the `-v` log).
    public static func open(options: ConsoleOptions, clientOptions: KubeClientOptions = KubeClientOptions(),
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (LiveSource, String?) {
        let contexts = KubeconfigContexts(options: options, clientOptions: clientOptions, environment: environment)
        let (source, namespace) = try contexts.source(options.contexts.first)
        source.contextNames = (try? contexts.names()) ?? []
        return (source, namespace.isEmpty ? nil : namespace)
    }
}

extension FleetSource {
    /// The console's source for the options and the config: one `LiveSource` on one context (the
    /// current one when none is named), else a fleet of one `LiveSource` per context chosen
    /// (`--context a,b`, `--all-contexts`, the config's `clusters:`). Also returns the first
    /// context's namespace.
    public static func open(options: ConsoleOptions, config: ConsoleConfig, clientOptions: KubeClientOptions = KubeClientOptions(),
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (any ConsoleSource, String?) {
        let contexts = KubeconfigContexts(options: options, clientOptions: clientOptions, environment: environment)
        // The kubeconfig's names are read only when every context is asked for.
        let chosen = options.chosenContexts(available: options.allContexts ? try contexts.names() : [], config: config)
        guard chosen.count > 1 else { return try LiveSource.open(options: options.with(contexts: chosen), clientOptions: clientOptions,
                                                                 environment: environment) }
        var members: [(context: String, source: any ConsoleSource)] = []
        var firstNamespace: String?
        for name in chosen {
            let (source, namespace) = try contexts.source(name)
            if members.isEmpty { firstNamespace = namespace.isEmpty ? nil : namespace }
            members.append((name, source))
        }
        let fleet = FleetSource(members: members) { name in try contexts.source(name).0 }
        fleet.contextNames = (try? contexts.names()) ?? []
        return (fleet, firstNamespace)
    }
}

extension ConsoleOptions {
    /// The options with `contexts` in place of the command line's.
    func with(contexts: [String]) -> ConsoleOptions {
        var options = self
        options.contexts = contexts
        options.allContexts = false
        return options
    }
}

/// The kubeconfig files the options name, as the console reads contexts from them: their
/// names (for `--all-contexts` and the `:ctx` list) and a live source on any one.
struct KubeconfigContexts {
    let loader: KubeconfigLoader
    let files: String?
    let clientOptions: KubeClientOptions

    init(options: ConsoleOptions, clientOptions: KubeClientOptions, environment: [String: String]) {
        loader = KubeconfigLoader(environment: environment)
        files = options.kubeconfig.isEmpty ? nil : options.kubeconfig.joined(separator: ":")
        self.clientOptions = clientOptions
    }

    /// Every context of the files, by name.
    func names() throws -> [String] {
        try KubeconfigLoader.merge(loader.kubeconfigPaths(KubeconfigOptions(kubeconfig: files))).contexts.keys.sorted()
    }

    /// The client of `context` (nil: the current one), who it is there, and its namespace.
    func connect(_ context: String?) throws -> (KubeClient, ClusterIdentity, String) {
        let config = try loader.load(KubeconfigOptions(kubeconfig: files, context: context))
        return (try KubeClient(config: config, options: clientOptions),
                ClusterIdentity(context: config.contextName, server: config.displayServer, user: config.userName,
                                tlsUnverified: config.insecure), config.namespace)
    }

    /// A live source on `context` (nil: the current one), able to switch to any other; its namespace.
    func source(_ context: String?) throws -> (LiveSource, String) {
        let (client, identity, namespace) = try connect(context)
        let source = LiveSource(client: client, identity: identity) { name in
            let (client, identity, _) = try connect(name)
            return (client, identity)
        }
        return (source, namespace)
    }
}
