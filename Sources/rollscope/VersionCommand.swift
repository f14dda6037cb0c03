import ArgumentParser
import Foundation
import Kube
import TerminalUI

/// `rollscope version` (and `rollscope --version`): this binary's version, the git commit it was
/// built from, and the C libraries it runs with, as text or `-o json`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version, the git commit built from, and the libcurl and ncurses in use.")

    /// rollscope's own version.
    static let version = "0.1.0"

    @Option(name: [.short, .customLong("output")], help: "Output format: json.")
    var output: String?

    func validate() throws {
        if let output, output != "json" { throw ValidationError("--output must be json, not \(output)") }
    }

    /// What `version` reports, in the order the text shows it.
    struct Report: Codable, Equatable {
        var version: String
        var gitCommit: String
        var libcurl: String
        var tls: String
        var ncurses: String
        var platform: String

        static var current: Report {
            #if arch(x86_64)
            let arch = "amd64"
            #elseif arch(arm64)
            let arch = "arm64"
            #else
            let arch = "unknown"
            #endif
            return Report(version: VersionCommand.version, gitCommit: BuildInfo.commit, libcurl: CurlVersion.library,
                          tls: CurlVersion.tls, ncurses: CursesVersion.library, platform: "linux/\(arch)")
        }

        var text: String {
            """
            rollscope \(version)
            commit:   \(gitCommit)
            libcurl:  \(libcurl)\(tls.isEmpty ? "" : " (\(tls))")
            ncurses:  \(ncurses)
            platform: \(platform)

            """
        }
    }

    func run() throws {
        let report = Report.current
        if output == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            emit(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        } else {
            emit(report.text)
        }
    }
}
