import Foundation

/// Finds and loads themes.
///
/// A theme name is looked up as `<name>.yaml` in each directory in order (the user's
/// `$XDG_CONFIG_HOME/rollscope/themes`, or `~/.config/rollscope/themes`), then among the
/// built-in themes (`themes/` compiled into the binary, `BundledThemes`): a user theme
/// overrides a built-in one of the same name, and nothing is looked up beside the executable or
/// in the current directory. A name containing `/` or ending in `.yaml` is a path. A missing or
/// bad file never stops the program: `load` returns the fallback theme and the error.
public struct ThemeCatalog: Sendable {
    /// Where a theme's text comes from.
    public enum Origin: Sendable, Hashable {
        /// A file (a user theme, or a path given as the name).
        case file(String)
        /// The binary itself.
        case builtIn
    }

    /// The directories searched, in order, before the built-in themes.
    public var directories: [String]
    /// The built-in themes by name: their YAML text.
    public var builtIn: [String: String]

    public init(directories: [String], builtIn: [String: String] = BundledThemes.texts) {
        self.directories = directories
        self.builtIn = builtIn
    }

    /// The user's theme directory, then the built-in themes.
    public static func standard(environment: [String: String]) -> ThemeCatalog {
        var directories: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            directories.append(xdg + "/rollscope/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/rollscope/themes")
        }
        return ThemeCatalog(directories: directories)
    }

    /// The names of all themes found, sorted, without duplicates.
    public func availableThemes() -> [String] {
        var names = Set(builtIn.keys)
        for directory in directories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries where entry.hasSuffix(".yaml") { names.insert(String(entry.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Where the theme a name refers to comes from, if it exists.
    public func origin(of name: String) -> Origin? {
        if name.contains("/") || name.hasSuffix(".yaml") {
            return FileManager.default.fileExists(atPath: name) ? .file(name) : nil
        }
        if let path = directories.map({ "\($0)/\(name).yaml" }).first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return .file(path)
        }
        return builtIn[name] == nil ? nil : .builtIn
    }

    /// One line per available theme saying where it comes from (`rollscope info`), e.g.
    /// `light  /home/u/.config/rollscope/themes/light.yaml (overrides the built-in one)`.
    public func originLines() -> [String] {
        let names = availableThemes()
        let width = (names.map(\.count).max() ?? 0) + 2
        return names.compactMap { name in
            guard let origin = origin(of: name) else { return nil }
            let label = name.padding(toLength: width, withPad: " ", startingAt: 0)
            switch origin {
            case .builtIn: return label + "built in"
            case .file(let path): return label + path + (builtIn[name] == nil ? "" : " (overrides the built-in one)")
            }
        }
    }

    /// Loads the theme `name`: the theme, or the fallback and why it could not be used.
    public func load(_ name: String) -> (theme: Theme, error: ThemeError?) {
        switch origin(of: name) {
        case nil:
            let places = directories + (builtIn.isEmpty ? [] : ["the built-in \(builtIn.keys.sorted().joined(separator: ", "))"])
            let looked = places.isEmpty ? "no theme directory" : places.joined(separator: ", ")
            return (.fallback, ThemeError(file: "\(name).yaml", line: nil, key: nil, message: "theme not found (looked in \(looked))"))
        case .builtIn:
            return Self.parse(builtIn[name] ?? "", file: "\(name).yaml (built in)", defaultName: name)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return (.fallback, ThemeError(file: path, line: nil, key: nil, message: "cannot be read as UTF-8 text"))
            }
            return Self.parse(text, file: path, defaultName: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        }
    }

    private static func parse(_ text: String, file: String, defaultName: String) -> (theme: Theme, error: ThemeError?) {
        do {
            return (try ThemeParser.parse(text, file: file, defaultName: defaultName), nil)
        } catch {
            return (.fallback, error)
        }
    }
}
