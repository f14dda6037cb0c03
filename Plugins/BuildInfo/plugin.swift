import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` into the target's build: the git commit the package was built from
/// (`<sha>-dirty` with uncommitted changes to tracked files; `unknown` outside a git checkout or
/// without git). It runs before every build but rewrites the file only when the text changes, so
/// an unchanged commit recompiles nothing; it reads the repository without writing to it
/// (`GIT_OPTIONAL_LOCKS=0`: not even the index's stat cache).
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.pluginWorkDirectoryURL.appending(path: "generated")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = #"""
            commit=$(git -C "$1" rev-parse HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && ! git -C "$1" diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
            printf '// Generated at build time by Plugins/BuildInfo.\n\n/// What this binary was built from.\nenum BuildInfo {\n    /// The git commit (`unknown` outside a git checkout).\n    static let commit = "%s"\n}\n' "$commit" > "$2.tmp"
            if cmp -s "$2.tmp" "$2"; then rm -f "$2.tmp"; else mv "$2.tmp" "$2"; fi
            """#
        return [.prebuildCommand(
            displayName: "Recording the git commit of \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "sh", context.package.directoryURL.path, directory.appending(path: "BuildInfo.swift").path],
            environment: ["GIT_OPTIONAL_LOCKS": "0", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
            outputFilesDirectory: directory)]
    }
}
