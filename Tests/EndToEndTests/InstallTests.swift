import Foundation
import Testing

/// Issue 19: the binary is whole on its own (its themes built in, found from any directory), the
/// install script lays out everything a tool installs, the Debian package installs into a
/// scratch root and runs, the krew manifest is filled in, and the man page knows every command.
@Suite struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `bash SCRIPT` from the repository with extra environment; fails the test on a non-zero exit.
    static func script(_ name: String, _ environment: [String: String]) throws -> String {
        let result = try KubectlHabitsTests.run(["-c", "bash scripts/\(name)"], directory: repository.path, environment: environment,
                                                binary: "/bin/bash")
        #expect(result.status == 0, "\(name): \(result.err)")
        return result.out
    }

    @Test func themesAreBuiltInWhereverTheBinaryIsRunFrom() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("rollscope").path
        try FileManager.default.copyItem(atPath: rollscopeBinary, toPath: binary)
        let config = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("rollscope/themes"), withIntermediateDirectories: true)
        try "name: mine\n".write(to: config.appendingPathComponent("rollscope/themes/light.yaml"), atomically: true, encoding: .utf8)
        let info = try KubectlHabitsTests.run(["info"], directory: "/", environment: ["XDG_CONFIG_HOME": config.path, "HOME": directory.path],
                                              binary: binary)
        #expect(info.status == 0, "\(info.err)")
        let themes = info.out.components(separatedBy: "\n").filter { $0.hasPrefix("theme:") }
        #expect(themes == [
            "theme:      default        built in",
            "theme:      high-contrast  built in",
            "theme:      light          \(config.path)/rollscope/themes/light.yaml (overrides the built-in one)",
            "theme:      mono           built in",
        ], "\(info.out)")
    }

    @Test func installScriptLaysOutTheBinaryLinkManPageAndCompletions() throws {
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        _ = try Self.script("install.sh", ["PREFIX": prefix.path, "BINARY": rollscopeBinary])
        let bin = prefix.appendingPathComponent("bin")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: bin.appendingPathComponent("kubectl-rollscope").path) == "rollscope")
        let viaKubectlName = try KubectlHabitsTests.run(["version"], binary: bin.appendingPathComponent("kubectl-rollscope").path)
        #expect(viaKubectlName.out.hasPrefix("rollscope 0.1.0\n"), "\(viaKubectlName.err)")
        for (path, marker) in [("share/man/man1/rollscope.1", ".Dt ROLLSCOPE 1"),
                               ("share/bash-completion/completions/rollscope", "complete"),
                               ("share/zsh/site-functions/_rollscope", "#compdef rollscope"),
                               ("share/fish/vendor_completions.d/rollscope.fish", "complete -c 'rollscope'")] {
            let text = (try? String(contentsOf: prefix.appendingPathComponent(path), encoding: .utf8)) ?? ""
            #expect(text.contains(marker), "\(path)")
            #expect(text.contains("promote"), "\(path) names the subcommands")
        }
    }

    @Test func debianPackageInstallsIntoAScratchRootAndRuns() throws {
        let out = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let files = try Self.script("package.sh", ["OUT": out.path, "BINARY": rollscopeBinary, "RELEASE_URL": "https://example.com/r"])
            .split(separator: "\n").map(String.init)
        guard let deb = files.first(where: { $0.hasSuffix(".deb") }), let archive = files.first(where: { $0.hasSuffix(".tar.gz") }),
              let manifest = files.first(where: { $0.hasSuffix(".krew.yaml") }) else {
            Issue.record("package.sh said \(files)")
            return
        }
        let depends = try KubectlHabitsTests.run(["-f", deb, "Depends"], binary: "/usr/bin/dpkg-deb")
        for package in ["libc6", "libcurl4", "libncursesw6", "libtinfo6", "libzstd1", "libstdc++6", "libgcc-s1"] { #expect(depends.out.contains(package), "\(depends.out)") }
        let root = out.appendingPathComponent("root")
        let unpack = try KubectlHabitsTests.run(["-x", deb, root.path], binary: "/usr/bin/dpkg-deb")
        #expect(unpack.status == 0, "\(unpack.err)")
        let installed = root.appendingPathComponent("usr/bin/rollscope").path
        #expect(try KubectlHabitsTests.run(["--version"], directory: "/", binary: installed).out.hasPrefix("rollscope 0.1.0\n"))
        let list = try KubectlHabitsTests.run(["list", "rollouts", "-A", "-f", KubectlHabitsTests.canary.path], directory: "/", binary: installed)
        #expect(list.status == 0 && list.out.contains("canary-demo"), "\(list.err)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/share/man/man1/rollscope.1").path))

        let krew = try String(contentsOfFile: manifest, encoding: .utf8)
        let sha = try KubectlHabitsTests.run([archive], binary: "/usr/bin/sha256sum").out.prefix(64)
        #expect(krew.contains("sha256: \(sha)\n"))
        #expect(krew.contains("uri: https://example.com/r/\(URL(fileURLWithPath: archive).lastPathComponent)\n"))
        #expect(!krew.contains("@"), "every placeholder is filled in")
    }

    /// docs/rollscope.1 (scripts/generate-manual.sh) names every subcommand and long option the
    /// binary has, as its own help dump lists them.
    @Test func manPageNamesEveryCommandAndFlag() throws {
        let page = try String(contentsOf: Self.repository.appendingPathComponent("docs/rollscope.1"), encoding: .utf8)
        let dump = try KubectlHabitsTests.run(["--experimental-dump-help"])
        let json = try JSONSerialization.jsonObject(with: Data(dump.out.utf8)) as? [String: Any]
        var missing: [String] = []
        func walk(_ command: [String: Any], path: [String]) {
            let name = command["commandName"] as? String ?? ""
            let path = path + [name]
            if path.count > 1, !page.contains(name) { missing.append(path.joined(separator: " ")) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for long in (argument["names"] as? [[String: Any]] ?? []) where long["kind"] as? String == "long" {
                    let flag = "-" + (long["name"] as? String ?? "")
                    if !page.contains(flag) { missing.append(path.joined(separator: " ") + " -" + flag) }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path: path) }
        }
        walk(json?["command"] as? [String: Any] ?? [:], path: [])
        #expect(json != nil)
        #expect(missing.isEmpty, "run scripts/generate-manual.sh: docs/rollscope.1 lacks \(missing)")
    }
}
