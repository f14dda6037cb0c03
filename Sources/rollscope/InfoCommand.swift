import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import TerminalUI

/// `rollscope info`: the files rollscope reads and writes, the cluster the current context names,
/// and which of the two tools that cluster serves (discovery).
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the paths in use (config, themes, audit log, kubeconfig) and the current context.")

    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to describe (default: the current context).")
    var context: String?

    @Option(name: [.short, .long], help: "The namespace to show as the one commands would use (default: the context's namespace).")
    var namespace: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let paths = ConsolePaths.from(environment: environment)
        let loader = KubeconfigLoader(environment: environment)
        let options = KubeconfigOptions(kubeconfig: kubeconfig, context: context, namespace: namespace)
        let files = (try? loader.kubeconfigPaths(options)) ?? []
        for line in paths.infoLines(kubeconfig: files, fileExists: { FileManager.default.fileExists(atPath: $0) }) { print(line) }
        // Every theme and where it comes from: built in, or a user file that overrides it.
        for line in ThemeCatalog.standard(environment: environment).originLines() { print("theme:      \(line)") }
        do {
            let config = try loader.load(options)
            print("context:    \(config.contextName)")
            print("server:     \(config.displayServer)\(config.tls.insecureSkipVerify ? " (TLS verification OFF: insecure-skip-tls-verify)" : "")")
            print("user:       \(config.userName)")
            print("namespace:  \(config.namespace)")
            print("tools:      \(await Self.tools(config))")
        } catch {
            print("context:    none (\(error))")
        }
    }

    /// `Argo Rollouts, Flagger not installed`, as discovery says; why not, when it cannot be asked.
    static func tools(_ config: ClientConfig) async -> String {
        do {
            let groups = try await KubeClient(config: config, options: KubeClientOptions(connectTimeout: 5)).servedGroups()
            return [("Argo Rollouts", ResourceType.rollouts.group), ("Flagger", ResourceType.canaries.group)]
                .map { groups.contains($0.1) ? "\($0.0) (\($0.1))" : "\($0.0) not installed" }
                .joined(separator: ", ")
        } catch {
            return "unknown (\(error))"
        }
    }
}
