import ArgumentParser

/// The `rollscope` command line: the console by default, and its subcommands.
@main
struct RollscopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollscope",
        abstract: "A terminal console for Argo Rollouts and Flagger canaries.",
        subcommands: [GetCommand.self, ListCommand.self, StatusCommand.self,
                      PromoteCommand.self, AbortCommand.self, RetryCommand.self, RestartCommand.self, UndoCommand.self,
                      PauseCommand.self, ResumeCommand.self, ApproveCommand.self, HaltCommand.self, RollbackCommand.self,
                      DemoCommand.self])
}
