import ArgumentParser
import Console
import Foundation
import Kube

/// `rollscope info`: the files rollscope reads and writes, and the cluster the current context names.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the paths in use (config, themes, audit log, kubeconfig) and the current context.")

    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to describe (default: the current context).")
    var context: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let paths = ConsolePaths.from(environment: environment)
        let loader = KubeconfigLoader(environment: environment)
        let options = KubeconfigOptions(kubeconfig: kubeconfig, context: context)
        let files = (try? loader.kubeconfigPaths(options)) ?? []
        for line in paths.infoLines(kubeconfig: files, fileExists: { FileManager.default.fileExists(atPath: $0) }) { print(line) }
        do {
            let config = try loader.load(options)
            print("context:    \(config.contextName)")
            print("server:     \(config.displayServer)\(config.tls.insecureSkipVerify ? " (TLS verification OFF: insecure-skip-tls-verify)" : "")")
            print("user:       \(config.userName)")
            print("namespace:  \(config.namespace)")
        } catch {
            print("context:    none (\(error))")
        }
    }
}
