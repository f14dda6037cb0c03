import ArgumentParser

/// The command line as kubectl users type it, made into what ArgumentParser parses.
///
/// kubectl takes its global flags anywhere (`kubectl -n shop get ...`); ArgumentParser takes a
/// subcommand's options only after the subcommand. So the known global options written before
/// the subcommand are moved after its whole path (`-n shop list rollouts X` becomes
/// `list rollouts -n shop X`), each with its value, so that a value that looks like a command
/// (`--context get`) stays a value. `--version` before any subcommand is `version`. A first word
/// that is no command is refused as kubectl refuses it, naming the nearest commands, instead of
/// falling through to the console's usage. A command that takes only some of the global
/// options (`TakesSomeGlobalOptions`: `version`, `info`, `lint`, `completion`) has the others
/// dropped wherever they are written, as kubectl accepts its global flags on every command.
/// Pure: the CLI tests drive it through the binary.
struct KubectlArguments {
    /// The global options that take a value (`--name value` or `--name=value`).
    static let optionsWithValue: Set<String> = [
        "--kubeconfig", "--context", "-n", "--namespace", "--request-timeout", "--as", "--as-group", "-v", "--v", "--log-file",
    ]
    /// The global options that take none.
    static let flags: Set<String> = ["-A", "--all-namespaces", "--all-contexts"]

    /// The command names, each with its own subcommands' and the global options it takes.
    struct CommandTree {
        var children: [String: CommandTree]
        /// The global options the command takes (both spellings); nil for every one.
        var takes: Set<String>?

        init(_ command: any ParsableCommand.Type) {
            var children: [String: CommandTree] = [:]
            for sub in command.configuration.subcommands {
                if let name = sub.configuration.commandName { children[name] = CommandTree(sub) }
            }
            self.children = children
            takes = (command as? any TakesSomeGlobalOptions.Type)?.globalOptions
        }

        init(children: [String: CommandTree]) { self.children = children }
    }

    enum Outcome: Equatable {
        /// Parse these.
        case arguments([String])
        /// The first word is no command: say so (kubectl's words) and exit 1.
        case unknownCommand(message: String)
    }

    static func normalise(_ arguments: [String], commands: CommandTree, program: String = "rollscope") -> Outcome {
        let arguments = verbosityWrittenShort(arguments)
        var globals: [String] = []
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-"), arguments[index] != "-" {
            let token = arguments[index]
            if token == "--" { return .arguments(arguments) }
            if token == "--version" {
                return .arguments(["version"] + arguments[(index + 1)...])
            }
            let name = token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token
            if optionsWithValue.contains(name) {
                let end = token.contains("=") ? index + 1 : min(index + 2, arguments.count)
                globals += arguments[index..<end]
                index = end
            } else if flags.contains(token) {
                globals.append(token)
                index += 1
            } else {
                // One of the console's own flags (`--demo`, `-f`, `--help`): no subcommand follows.
                return .arguments(arguments)
            }
        }
        guard index < arguments.count else { return .arguments(arguments) }
        let word = arguments[index]
        guard var node = commands.children[word] ?? (word == "help" ? CommandTree(children: [:]) : nil) else {
            return .unknownCommand(message: unknownCommandMessage(word, commands: commands.children.keys, program: program))
        }
        var end = index + 1
        while end < arguments.count, let child = node.children[arguments[end]] {
            node = child
            end += 1
        }
        let rest = Array(arguments[end...])
        guard let takes = node.takes else { return .arguments(Array(arguments[index..<end]) + globals + rest) }
        return .arguments(Array(arguments[index..<end]) + keeping(takes, of: globals) + keeping(takes, of: rest))
    }

    /// `arguments` without the global options (and their values) not in `takes`; `--` ends the options.
    static func keeping(_ takes: Set<String>, of arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            if token == "--" { return result + arguments[index...] }
            let name = token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token
            let end = optionsWithValue.contains(name) ? (token.contains("=") ? index + 1 : min(index + 2, arguments.count))
                : flags.contains(token) ? index + 1 : nil
            if let end, !takes.contains(name) {
                index = end
            } else {
                result.append(token)
                index += 1
            }
        }
        return result
    }

    /// `-v 6` for kubectl's `--v=6`, `--v 6` and `-v=6` (ArgumentParser reads a short option's
    /// value after a space), wherever they are; `--` ends the options.
    static func verbosityWrittenShort(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, token) in arguments.enumerated() {
            if token == "--" { return result + arguments[index...] }
            if token == "--v" {
                result.append("-v")
            } else if token.hasPrefix("--v=") || token.hasPrefix("-v=") {
                result += ["-v", String(token.drop { $0 != "=" }.dropFirst())]
            } else {
                result.append(token)
            }
        }
        return result
    }

    /// kubectl's (cobra's) refusal: the commands within two edits of the word, or starting with it.
    static func unknownCommandMessage(_ word: String, commands: some Collection<String>, program: String) -> String {
        let suggestions = commands.filter { $0.hasPrefix(word.lowercased()) || editDistance($0, word.lowercased()) <= 2 }.sorted()
        var message = "error: unknown command \"\(word)\" for \"\(program)\""
        if !suggestions.isEmpty {
            message += "\n\nDid you mean this?\n" + suggestions.map { "\t\($0)\n" }.joined()
        }
        return message + "\nRun '\(program) --help' for usage."
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A command with no use for some of kubectl's global options: `globalOptions` names those it
/// takes (both spellings, `-n` and `--namespace`); `KubectlArguments` drops the others.
protocol TakesSomeGlobalOptions {
    static var globalOptions: Set<String> { get }
}

extension VersionCommand: TakesSomeGlobalOptions { static var globalOptions: Set<String> { [] } }
extension CompletionCommand: TakesSomeGlobalOptions { static var globalOptions: Set<String> { [] } }
extension LintCommand: TakesSomeGlobalOptions { static var globalOptions: Set<String> { [] } }
extension InfoCommand: TakesSomeGlobalOptions { static var globalOptions: Set<String> { ["--kubeconfig", "--context", "-n", "--namespace"] } }
