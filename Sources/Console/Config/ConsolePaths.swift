import Foundation

/// Where rollscope keeps its files, after the XDG base directory spec: the config under
/// `$XDG_CONFIG_HOME/rollscope` (default `~/.config`), the audit log under
/// `$XDG_STATE_HOME/rollscope` (default `~/.local/state`). `rollscope info` prints them.
public struct ConsolePaths: Sendable, Hashable {
    public var configFile: String
    public var auditLog: String
    public var themesDirectory: String

    public init(configFile: String, auditLog: String, themesDirectory: String) {
        self.configFile = configFile
        self.auditLog = auditLog
        self.themesDirectory = themesDirectory
    }

    /// The paths for an environment (`ProcessInfo.processInfo.environment` in the app).
    public static func from(environment env: [String: String]) -> ConsolePaths {
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func base(_ variable: String, _ fallback: String) -> String {
            // The spec says relative values are invalid and must be ignored.
            if let value = env[variable], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        let config = base("XDG_CONFIG_HOME", ".config") + "/rollscope"
        let state = base("XDG_STATE_HOME", ".local/state") + "/rollscope"
        return ConsolePaths(configFile: config + "/config.yaml", auditLog: state + "/audit.log",
                            themesDirectory: config + "/themes")
    }

    /// The lines `rollscope info` prints, marking the files that do not exist.
    public func infoLines(kubeconfig: [String], fileExists: (String) -> Bool) -> [String] {
        func mark(_ path: String) -> String { fileExists(path) ? path : "\(path) (absent)" }
        let labelled = [("config:", configFile), ("themes:", themesDirectory), ("audit log:", auditLog)]
            + kubeconfig.enumerated().map { ($0.offset == 0 ? "kubeconfig:" : "", $0.element) }
        return labelled.map { $0.0.padding(toLength: 12, withPad: " ", startingAt: 0) + mark($0.1) }
    }
}
