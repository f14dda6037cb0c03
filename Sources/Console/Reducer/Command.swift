/// A `:` command line, parsed.
public enum Command: Sendable, Hashable {
    /// `:ns` alone focuses the namespaces pane.
    case focusNamespaces
    /// `:ns NAME`, `:ns all` (also `-A`, `*`).
    case namespace(NamespaceScope)
    /// `:ctx` alone: the kubeconfig's contexts, to show or hide.
    case contextList
    /// `:ctx NAME`: that context alone.
    case context(String)
    /// `:ctx +NAME`: show that context's cluster too.
    case addContext(String)
    /// `:ctx -NAME`: stop showing that context's cluster.
    case removeContext(String)
    /// `:q`, `:quit`.
    case quit
    /// `:help`, `:?`.
    case help

    /// Parses the text typed after `:`; the error is the message for the status line.
    public static func parse(_ text: String) -> Result<Command, CommandError> {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first else { return .failure(.empty) }
        let args = Array(words.dropFirst())
        switch verb {
        case "q", "q!", "quit", "exit":
            return args.isEmpty ? .success(.quit) : .failure(.usage(":q"))
        case "help", "?":
            return .success(.help)
        case "ns", "namespace", "namespaces":
            switch args.count {
            case 0: return .success(.focusNamespaces)
            case 1 where ["all", "-A", "*"].contains(args[0]): return .success(.namespace(.all))
            case 1: return .success(.namespace(.one(args[0])))
            default: return .failure(.usage(":ns NAME | :ns all"))
            }
        case "ctx", "context":
            if args.isEmpty { return .success(.contextList) }
            guard args.count == 1 else { return .failure(.usage(":ctx NAME")) }
            let name = String(args[0].dropFirst())
            if args[0].hasPrefix("+"), !name.isEmpty { return .success(.addContext(name)) }
            if args[0].hasPrefix("-"), !name.isEmpty { return .success(.removeContext(name)) }
            return .success(.context(args[0]))
        default:
            return .failure(.unknown(verb))
        }
    }
}

/// Why a command line was not understood.
public enum CommandError: Error, Hashable, CustomStringConvertible {
    case empty
    case unknown(String)
    case usage(String)

    public var description: String {
        switch self {
        case .empty: "no command"
        case let .unknown(verb): "unknown command :\(verb) (try :ns NAME, :ns all, :ctx NAME, :q)"
        case let .usage(text): "usage: \(text)"
        }
    }
}
