import ArgumentParser

/// `rollscope completion bash|zsh|fish`, as the plugin's `completion`: the shell completion
/// script, from swift-argument-parser's generator (`completionScript(for:)`), the same text
/// `--generate-completion-script` prints and scripts/install.sh installs.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: "For example: rollscope completion bash > /etc/bash_completion.d/rollscope, or source <(rollscope completion zsh).")

    /// The shells the generator writes for.
    enum Shell: String, ExpressibleByArgument, CaseIterable { case bash, zsh, fish }

    @Argument(help: ArgumentHelp("The shell: bash, zsh or fish.", valueName: "shell"))
    var shell: Shell

    func run() throws {
        // Every `Shell` is one of the generator's own names. Ended by a newline, as
        // `--generate-completion-script` prints it.
        emit(RollscopeCommand.completionScript(for: CompletionShell(rawValue: shell.rawValue)!) + "\n")
    }
}
