import Foundation
import Testing
import TerminalUI

/// The themes compiled into the binary: the same bytes as `themes/`, loaded with no file at hand,
/// overridden by a user theme of the same name, and each one's origin as `rollscope info` says it.
@Suite struct BundledThemesTests {
    @Test func builtInTextsAreThemesDirectoryByteForByte() throws {
        let directory = ThemeTests.themesDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
        let onDisk = try Dictionary(uniqueKeysWithValues: files.map { file in
            (String(file.dropLast(5)), try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
        })
        #expect(BundledThemes.texts.keys.sorted() == onDisk.keys.sorted(), "run scripts/bundle-themes.sh")
        for (name, data) in onDisk {
            #expect(BundledThemes.texts[name].map { Data($0.utf8) } == data, "\(name).yaml differs: run scripts/bundle-themes.sh")
        }
    }

    @Test(arguments: ["default", "light", "mono", "high-contrast"])
    func builtInThemeLoadsWithoutAnyDirectory(_ name: String) {
        let builtIn = ThemeCatalog(directories: []).load(name)
        #expect(builtIn.error == nil)
        #expect(builtIn.theme == ThemeCatalog(directories: [ThemeTests.themesDirectory], builtIn: [:]).load(name).theme)
        #expect(ThemeCatalog(directories: []).origin(of: name) == .builtIn)
    }

    @Test func userThemeOverridesTheBuiltInAndInfoSaysWhere() throws {
        let user = try ThemeTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: user) }
        try "name: mine\n".write(to: user.appendingPathComponent("light.yaml"), atomically: true, encoding: .utf8)
        try "name: own\n".write(to: user.appendingPathComponent("own.yaml"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(directories: [user.path])
        #expect(catalog.load("light").theme.name == "mine")
        #expect(catalog.load("mono").theme.name == "mono")
        #expect(catalog.originLines() == [
            "default        built in",
            "high-contrast  built in",
            "light          \(user.path)/light.yaml (overrides the built-in one)",
            "mono           built in",
            "own            \(user.path)/own.yaml",
        ])
    }

    @Test func missingThemeNamesTheDirectoryAndTheBuiltIns() {
        let error = ThemeCatalog(directories: ["/home/u/.config/rollscope/themes"]).load("solarized").error
        #expect(error?.message == "theme not found (looked in /home/u/.config/rollscope/themes, the built-in default, high-contrast, light, mono)")
    }
}
