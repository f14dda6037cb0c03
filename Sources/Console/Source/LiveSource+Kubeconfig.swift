import Foundation
import Kube

extension LiveSource {
    /// A live source on the kubeconfig context the options name (or the current one), able to
    /// switch to any other context of the same files; also returns the context's namespace.
    /// Every client it makes has `clientOptions` (`--request-timeout`, `--as`, the `-v` log).
    public static func open(options: ConsoleOptions, clientOptions: KubeClientOptions = KubeClientOptions(),
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (LiveSource, String?) {
        let loader = KubeconfigLoader(environment: environment)
        let files = options.kubeconfig.isEmpty ? nil : options.kubeconfig.joined(separator: ":")
        func connect(_ context: String?) throws -> (KubeClient, ClusterIdentity, String) {
            let config = try loader.load(KubeconfigOptions(kubeconfig: files, context: context))
            return (try KubeClient(config: config, options: clientOptions),
                    ClusterIdentity(context: config.contextName, server: config.displayServer, user: config.userName,
                                    tlsUnverified: config.insecure), config.namespace)
        }
        let (client, identity, namespace) = try connect(options.context)
        let source = LiveSource(client: client, identity: identity) { name in
            let (client, identity, _) = try connect(name)
            return (client, identity)
        }
        return (source, namespace.isEmpty ? nil : namespace)
    }
}
