import ArgumentParser
import Console
import Foundation
import Delivery
import KubeModel

/// The kinds `get`, `list` and the actions know, as `--help` lists them.
let kindsHelp = "KIND is one of: " + DeliveryRegistry.commandLineKinds.map(\.helpLine).joined(separator: "; ")
    + " (resolved as kubectl resolves resource types)."

/// Resolves a `get` or `list` KIND through the registry, failing as kubectl does.
func commandLineKind(_ name: String) throws -> CommandLineKind {
    do { return try DeliveryRegistry.commandLineKinds.resolve(name) } catch { throw CommandFailure(error.description) }
}

/// `rollscope get KIND NAME`: the plugin's tree of one object, once or live; KIND through the registry.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one rollout, experiment, canary or deployment with its tree (as `kubectl argo rollouts get`).",
        discussion: kindsHelp + "\n\n" + DeliveryRegistry.commandLineKinds.map { "\($0.resource.singular): \($0.summary)" }.joined(separator: "\n"))

    @Argument(help: "The kind (rollout, canary, deployment, experiment, or a plural, short name or kind.group).",
              completion: .list(DeliveryRegistry.commandLineKinds.completionNames))
    var kind: String

    @Argument(help: "The object's name.")
    var name: String

    @Flag(name: [.short, .long], help: "Repaint in place whenever it changes (Ctrl-C stops).")
    var watch = false

    @Flag(name: .customLong("until-done"), help: "With --watch: exit 0 once Healthy, 1 once Degraded (for release pipelines).")
    var untilDone = false

    @OptionGroup var source: SourceOptions
    @OptionGroup var output: OutputOptions

    func run() async throws { try await reportingFailures { try await show(try commandLineKind(kind)) } }

    /// Prints the object once, or repaints it in place at every change with `--watch`.
    private func show(_ kind: CommandLineKind) async throws {
        try self.source.oneCluster("get")
        let source = try self.source.source(kind.get.reads, named: (kind.resource, name))
        let format = output.format
        let style = output.style
        let notFound = "Error: \(kind.get.notFoundName) \"\(name)\" not found"
        /// Not found, or found but unreadable (with the reason).
        func missing(_ set: ObjectSet) -> String {
            set.unreadable(kind.resource.kind, named: name, namespace: nil).map { "Error: \($0.description)" } ?? notFound
        }
        func render(_ set: ObjectSet) throws -> (text: String, done: Int32?)? {
            guard let shown = kind.get.show(set, name) else { return nil }
            return (try format.map { try shown.document($0) } ?? shown.text(Date(), style), shown.done)
        }
        if !watch {
            let set = try await source.snapshot()
            guard let frame = try render(set) else { throw CommandFailure(missing(set)) }
            emit(frame.text)
            return
        }
        var screen = InPlaceRepaint()
        let terminal = isatty(STDOUT_FILENO) == 1
        for try await set in source.changes() {
            let frame = try render(set)
            let text = frame?.text ?? missing(set) + "\n"
            // On a pipe every frame is printed whole; on a terminal it is repainted in place.
            emit(terminal ? screen.frame(text) : text + "\n")
            if untilDone, let code = frame?.done { throw ExitCode(code) }
        }
    }
}
