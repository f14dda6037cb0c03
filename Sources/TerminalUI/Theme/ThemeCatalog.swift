import Foundation

/// Finds and loads theme files.
///
/// A theme name is looked up as `<name>.yaml` in each directory in order: the user's
/// `$XDG_CONFIG_HOME/rollscope/themes` (or `~/.config/rollscope/themes`) first, so a user
/// theme overrides a bundled one of the same name, then the bundled `themes/`
/// directories. A name containing `/` or ending in `.yaml` is a path. A missing or bad
/// file never stops the program: `load` returns the fallback theme and the error.
public struct ThemeCatalog: Sendable {
    /// The directories searched, in order.
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The user directory, then the bundled ones: `<prefix>/share/rollscope/themes` next to
    /// the executable's `bin/`, and the source tree's `themes/` found by walking up from the
    /// executable (a development build in `.build/debug`).
    public static func standard(environment: [String: String],
                                executablePath: String = ThemeCatalog.runningExecutablePath()) -> ThemeCatalog {
        var directories: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            directories.append(xdg + "/rollscope/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/rollscope/themes")
        }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(directory.deletingLastPathComponent().appendingPathComponent("share/rollscope/themes").path)
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("themes")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("default.yaml").path) {
                directories.append(candidate.path)
                break
            }
            directory = directory.deletingLastPathComponent()
        }
        return ThemeCatalog(directories: directories)
    }

    /// The path of the running program (`/proc/self/exe`: `argv[0]` may be a bare name
    /// found through `PATH`).
    public static func runningExecutablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The names of all themes found, sorted, without duplicates.
    public func availableThemes() -> [String] {
        var names = Set<String>()
        for directory in directories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries where entry.hasSuffix(".yaml") { names.insert(String(entry.dropLast(5))) }
        }
        return names.sorted()
    }

    /// The file a theme name refers to, if it exists.
    public func path(of name: String) -> String? {
        if name.contains("/") || name.hasSuffix(".yaml") {
            return FileManager.default.fileExists(atPath: name) ? name : nil
        }
        return directories.map { "\($0)/\(name).yaml" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Loads the theme `name`: the theme, or the fallback and why it could not be used.
    public func load(_ name: String) -> (theme: Theme, error: ThemeError?) {
        guard let path = path(of: name) else {
            let places = directories.isEmpty ? "no theme directory" : directories.joined(separator: ", ")
            return (.fallback, ThemeError(file: "\(name).yaml", line: nil, key: nil, message: "theme not found (looked in \(places))"))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (.fallback, ThemeError(file: path, line: nil, key: nil, message: "cannot be read as UTF-8 text"))
        }
        let baseName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            return (try ThemeParser.parse(text, file: path, defaultName: baseName), nil)
        } catch {
            return (.fallback, error)
        }
    }
}
