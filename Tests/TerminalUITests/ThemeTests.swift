import Foundation
import Testing
import TerminalUI

/// Theme files: the bundled ones, inheritance, errors and lookup.
@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["default", "light", "mono", "high-contrast"])
    func bundledThemesLoadAndCoverEveryRole(_ name: String) throws {
        let catalog = ThemeCatalog(directories: [Self.themesDirectory])
        let (theme, error) = catalog.load(name)
        #expect(error == nil)
        #expect(theme.name == name)
        for capability in ColorCapability.allCases {
            #expect(Set(theme.styles[capability]?.keys ?? [:].keys) == Set(Role.allCases), "\(name) \(capability)")
        }
    }

    @Test func defaultFileIsTheBuiltInFallback() {
        let (theme, error) = ThemeCatalog(directories: [Self.themesDirectory]).load("default")
        #expect(error == nil)
        #expect(theme == Theme.fallback)
    }

    @Test func monoHasNoColourAnywhere() {
        let (theme, _) = ThemeCatalog(directories: [Self.themesDirectory]).load("mono")
        for capability in ColorCapability.allCases {
            for role in Role.allCases {
                let style = theme.style(for: role, capability: capability)
                #expect(style.foreground == .default && style.background == .default)
            }
        }
        #expect(theme.style(for: .selected, capability: .colors256).attributes == [.reverse, .bold])
    }

    @Test func noColorDropsColoursButKeepsAttributes() {
        let style = Theme.fallback.style(for: .selected, capability: .none)
        #expect(style == Style(attributes: [.reverse, .bold]))
        var colourful = Theme.fallback
        colourful.styles[.none]?[.error] = Style(foreground: .index(1), attributes: .bold)
        #expect(colourful.style(for: .error, capability: .none) == Style(attributes: .bold))
    }

    @Test func partialThemeInheritsTheFallback() throws {
        let theme = try ThemeParser.parse("colors256:\n  selected: { fg: brightWhite, bg: 22 }\n", file: "t.yaml", defaultName: "t")
        #expect(theme.name == "t")
        #expect(theme.style(for: .selected, capability: .colors256) == Style(foreground: .index(15), background: .index(22)))
        #expect(theme.style(for: .header, capability: .colors256) == Theme.fallback.style(for: .header, capability: .colors256))
        #expect(theme.style(for: .selected, capability: .colors8) == Theme.fallback.style(for: .selected, capability: .colors8))
    }

    @Test(arguments: [
        ("name: x\ncolors256:\n  selected: { fg: blu }\n", 3, "colors256.selected.fg", "unknown colour 'blu'"),
        ("colors8:\n  normal: {}\n  selcted: { fg: red }\n", 3, "colors8.selcted", "unknown role"),
        ("colors8:\n  header: { fg: 200 }\n", 2, "colors8.header.fg", "not one of the 8 colours"),
        ("none:\n  dim:\n    fg: red\n", 3, "none.dim.fg", "attrs only"),
        ("colors256:\n  dim: { attrs: [bold, blinky] }\n", 2, "colors256.dim.attrs", "unknown attribute 'blinky'"),
        ("colors256:\n  dim: { colour: 3 }\n", 2, "colors256.dim.colour", "unknown key"),
        ("palette:\n  a: 1\n", 1, "palette", "unknown section"),
    ])
    func badThemesNameLineAndKey(_ yaml: String, _ line: Int, _ key: String, _ message: String) {
        #expect {
            _ = try ThemeParser.parse(yaml, file: "/home/u/.config/rollscope/themes/bad.yaml", defaultName: "bad")
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.file == "/home/u/.config/rollscope/themes/bad.yaml" && error.line == line && error.key == key
                && error.message.contains(message)
                && error.description.hasPrefix("/home/u/.config/rollscope/themes/bad.yaml:\(line): key '\(key)': ")
        }
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        #expect {
            _ = try ThemeParser.parse("name: x\ncolors256:\n  dim: { fg: 1\n  bad: [\n", file: "f.yaml", defaultName: "f")
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.line != nil && error.message.hasPrefix("not valid YAML")
        }
    }

    @Test func userThemeOverridesBundledAndBadFileFallsBack() throws {
        let user = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: user) }
        try "name: mine\ncolors256:\n  title: { fg: 1 }\n".write(to: user.appendingPathComponent("light.yaml"), atomically: true, encoding: .utf8)
        try "colors256:\n  title: { fg: nope }\n".write(to: user.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(directories: [user.path, Self.themesDirectory])
        #expect(catalog.load("light").theme.name == "mine")
        let (theme, error) = catalog.load("broken")
        #expect(theme == .fallback)
        #expect(error?.file == user.appendingPathComponent("broken.yaml").path)
        #expect(error?.key == "colors256.title.fg")
        #expect(error?.line == 2)
        let missing = catalog.load("nonexistent")
        #expect(missing.theme == .fallback)
        #expect(missing.error?.message.contains("not found") == true)
        #expect(catalog.availableThemes() == ["broken", "default", "high-contrast", "light", "mono"])
    }

    @Test func standardDirectoriesAreTheUsersOnly() {
        // The built-in themes follow; nothing is looked up beside the executable or in $PWD.
        let catalog = ThemeCatalog.standard(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"])
        #expect(catalog.directories == ["/x/cfg/rollscope/themes"])
        let home = ThemeCatalog.standard(environment: ["HOME": "/home/u"])
        #expect(home.directories == ["/home/u/.config/rollscope/themes"])
        #expect(home.builtIn.keys.sorted() == ["default", "high-contrast", "light", "mono"])
    }

    @Test func capabilityDetection() {
        #expect(ColorCapability.detect(terminalColors: 256, colorDisabled: false) == .colors256)
        #expect(ColorCapability.detect(terminalColors: 16, colorDisabled: false) == .colors8)
        #expect(ColorCapability.detect(terminalColors: 0, colorDisabled: false) == ColorCapability.none)
        #expect(ColorCapability.detect(terminalColors: 256, colorDisabled: true) == ColorCapability.none)
        #expect(ColorCapability.noColorRequested(environment: ["NO_COLOR": "1"]))
        #expect(!ColorCapability.noColorRequested(environment: ["NO_COLOR": ""]))
        #expect(!ColorCapability.noColorRequested(environment: [:]))
    }

    @Test func colourNames() {
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "bright-blue") == .index(12))
        #expect(Color(parsing: "Red") == .index(1))
        #expect(Color(parsing: "255") == .index(255))
        #expect(Color(parsing: "256") == nil)
        #expect(Color.index(12).description == "brightBlue")
    }
}
