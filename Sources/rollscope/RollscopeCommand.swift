import ArgumentParser

/// The `rollscope` command line: the console by default, and its subcommands.
@main
struct RollscopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollscope",
        abstract: "A terminal console for Argo Rollouts and Flagger canaries.",
        subcommands: [DemoCommand.self])
}
