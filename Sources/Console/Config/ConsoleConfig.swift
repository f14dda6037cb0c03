import Foundation
import KubeModel
import Yams

/// `config.yaml`: what the operator may set once instead of on every command line.
///
/// ```yaml
/// theme: dark            # a theme name (built in or in the themes directory)
/// frameRate: 30          # at most this many frames a second
/// bell: true             # ring when a rollout starts waiting for promotion
/// readonly: false        # no mutating key, ever
/// logLines: 5000         # lines the log page (l) keeps per side (the oldest dropped)
/// kinds: [rollouts, canaries, deployments]   # the delivery kinds listed (default: rollouts, canaries)
/// clusters:              # the contexts shown together (--context and --all-contexts win), in order
///   - staging            # a context's name alone
///   - context: prod-eu   # or with how it is shown and guarded
///     name: eu           # shown instead of the context's name
///     color: red         # red, green, yellow, blue, cyan, orange
///     production: true   # its confirm dialogs say so loudly
///     readonly: true     # no mutation in this cluster
/// fleet:                 # the fleet screen (F)
///   matchLabel: app.kubernetes.io/name   # the same application across clusters: this label's value, in any namespace and name
/// keys:                  # action: key or [keys]; see docs/keys.md
///   promote: x
///   down: [j, down, ctrl-n]
/// ```
public struct ConsoleConfig: Sendable, Hashable {
    public var theme: String?
    public var frameRate: Int
    public var bell: Bool
    public var readOnly: Bool
    public var keys: [String: [String]]
    /// The delivery kinds listed (`--kinds` wins); nil: the default ones.
    public var kinds: [String]?
    /// The contexts shown together, and how each is shown and guarded (`clusters:`).
    public var clusters: [ClusterSettings] = []
    /// The label whose value makes two clusters' objects the same application on the fleet
    /// screen (`fleet: matchLabel:`; `--match-label` wins); nil: the same namespace and name.
    public var fleetMatchLabel: String?
    /// Lines the log page keeps per side (`logLines:`).
    public var logLines = LogView.defaultLimit

    public static let defaultFrameRate = 30

    public init(theme: String? = nil, frameRate: Int = ConsoleConfig.defaultFrameRate, bell: Bool = false,
                readOnly: Bool = false, keys: [String: [String]] = [:]) {
        self.theme = theme
        self.frameRate = frameRate
        self.bell = bell
        self.readOnly = readOnly
        self.keys = keys
    }

    /// Parses the file's text. Unknown top-level keys are refused so typos do not pass silently.
    public static func parse(_ text: String) throws(ConfigFileError) -> ConsoleConfig {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw .syntax("\(error)") }
        guard let node else { return ConsoleConfig() }
        guard let mapping = node.mapping else { throw .invalid("the file must be a mapping of settings") }
        var config = ConsoleConfig()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw .invalid("setting names must be text") }
            switch key {
            case "theme":
                guard let name = value.string, !name.isEmpty else { throw .invalid("theme: give a theme name") }
                config.theme = name
            case "frameRate":
                guard let rate = value.int, (1...240).contains(rate) else { throw .invalid("frameRate: a whole number from 1 to 240") }
                config.frameRate = rate
            case "bell":
                guard let flag = value.bool else { throw .invalid("bell: true or false") }
                config.bell = flag
            case "readonly", "readOnly":
                guard let flag = value.bool else { throw .invalid("readonly: true or false") }
                config.readOnly = flag
            case "logLines":
                guard let lines = value.int, (100...1_000_000).contains(lines) else { throw .invalid("logLines: a whole number from 100 to 1000000") }
                config.logLines = lines
            case "kinds":
                if let list = value.string {
                    config.kinds = list.split(separator: ",").map(String.init)
                } else if let list = value.sequence?.compactMap(\.string), list.count == value.sequence?.count {
                    config.kinds = list
                } else {
                    throw .invalid("kinds: a list of kinds (rollouts, canaries, deployments)")
                }
            case "keys":
                guard let keys = value.mapping else { throw .invalid("keys: a mapping of action to key or [keys]") }
                for (action, bound) in keys {
                    guard let name = action.string else { throw .invalid("keys: action names must be text") }
                    if let single = bound.string {
                        config.keys[name] = [single]
                    } else if let list = bound.sequence?.compactMap(\.string), list.count == bound.sequence?.count {
                        config.keys[name] = list
                    } else {
                        throw .invalid("keys: \(name): a key or a list of keys")
                    }
                }
            case "clusters":
                config.clusters = try parseClusters(value)
            case "fleet":
                config.fleetMatchLabel = try parseFleet(value)
            default:
                throw .invalid("unknown setting \"\(key)\" (known: theme, frameRate, bell, readonly, logLines, kinds, keys, clusters, fleet)")
            }
        }
        return config
    }

    /// `clusters:`: a list of context names, or of `{context, name, color, production, readonly}`.
    private static func parseClusters(_ value: Node) throws(ConfigFileError) -> [ClusterSettings] {
        guard let list = value.sequence else { throw .invalid("clusters: a list of contexts (a name, or {context: NAME, ...})") }
        var clusters: [ClusterSettings] = []
        for entry in list {
            if let name = entry.string, !name.isEmpty {
                clusters.append(ClusterSettings(context: name))
                continue
            }
            guard let fields = entry.mapping else { throw .invalid("clusters: each entry is a context name or a mapping") }
            var settings = ClusterSettings(context: "")
            for (keyNode, field) in fields {
                let key = keyNode.string ?? ""
                switch key {
                case "context":
                    guard let name = field.string, !name.isEmpty else { throw .invalid("clusters: context: give the context's name") }
                    settings.context = name
                case "name":
                    guard let name = field.string, !name.isEmpty else { throw .invalid("clusters: name: give a name") }
                    settings.name = name
                case "color", "colour":
                    guard let color = field.string.flatMap(ClusterColor.init(rawValue:)) else {
                        throw .invalid("clusters: color: one of \(ClusterColor.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    settings.color = color
                case "production":
                    guard let flag = field.bool else { throw .invalid("clusters: production: true or false") }
                    settings.production = flag
                case "readonly", "readOnly":
                    guard let flag = field.bool else { throw .invalid("clusters: readonly: true or false") }
                    settings.readOnly = flag
                default:
                    throw .invalid("clusters: unknown field \"\(key)\" (known: context, name, color, production, readonly)")
                }
            }
            guard !settings.context.isEmpty else { throw .invalid("clusters: an entry without context:") }
            clusters.append(settings)
        }
        let names = clusters.map(\.context)
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw .invalid("clusters: context \(twice) is listed twice")
        }
        return clusters
    }

    /// `fleet:`: a mapping of `matchLabel: KEY` (a label key, as `app.kubernetes.io/name`).
    private static func parseFleet(_ value: Node) throws(ConfigFileError) -> String? {
        guard let fields = value.mapping else { throw .invalid("fleet: a mapping (matchLabel: LABEL)") }
        var label: String?
        for (keyNode, field) in fields {
            let key = keyNode.string ?? ""
            guard key == "matchLabel" else { throw .invalid("fleet: unknown field \"\(key)\" (known: matchLabel)") }
            guard let text = field.string, !text.isEmpty else { throw .invalid("fleet: matchLabel: give a label key (as app.kubernetes.io/name)") }
            if let problem = LabelKey.problem(text) { throw .invalid("fleet: matchLabel: \"\(text)\" is not a label key: \(problem)") }
            label = text
        }
        return label
    }

    /// The config's word on `context`, if it has one.
    public func settings(for context: String) -> ClusterSettings? { clusters.first { $0.context == context } }

    /// Reads the file at `path`; a missing file is the defaults.
    public static func load(path: String) throws(ConfigFileError) -> ConsoleConfig {
        guard FileManager.default.fileExists(atPath: path) else { return ConsoleConfig() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .unreadable(path, "\(error)") }
        do { return try parse(text) } catch { throw error.located(path) }
    }

    /// The key table with this file's overrides.
    public func keyTable() throws(ConfigFileError) -> KeyTable {
        do { return try KeyTable.defaults.applying(keys) } catch { throw .invalid(error.description) }
    }
}

/// Why the config file was not used. The app prints it and exits: a wrong key map is worse
/// than none.
public enum ConfigFileError: Error, Hashable, CustomStringConvertible {
    case syntax(String)
    case invalid(String)
    case unreadable(String, String)
    indirect case inFile(String, ConfigFileError)

    func located(_ path: String) -> ConfigFileError { .inFile(path, self) }

    public var description: String {
        switch self {
        case let .syntax(text): "not YAML: \(text)"
        case let .invalid(text): text
        case let .unreadable(path, text): "\(path): cannot read: \(text)"
        case let .inFile(path, error): "\(path): \(error)"
        }
    }
}
