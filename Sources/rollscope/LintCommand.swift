import ArgumentParser
import Foundation
import Delivery

/// `rollscope lint FILE` (or `-f FILE`, as the plugin's `lint -f`): the plugin's offline checks
/// of the Rollouts in a manifest, for CI (`RolloutLint`). Silent with exit 0 when every Rollout
/// passes; otherwise every finding on standard output, one a line, the first again on standard
/// error in rollscope's one voice, and exit 1.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint",
        abstract: "Check the Rollouts in a YAML or JSON manifest as the plugin's lint does (no cluster needed): exit 1 with its messages.")

    @Argument(help: ArgumentHelp("The manifest: YAML (several documents) or JSON, - for standard input.", valueName: "file"))
    var file: String?

    @Option(name: [.customShort("f"), .customLong("filename")], help: "The manifest (as the plugin's lint -f).")
    var filename: String?

    func validate() throws {
        if file == nil, filename == nil { throw ValidationError("a manifest is required: rollscope lint FILE (or -f FILE)") }
        if file != nil, filename != nil { throw ValidationError("give the manifest once: FILE or -f FILE") }
    }

    func run() throws {
        let path = file ?? filename ?? "-"
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw fail("error: \(path): cannot read: \((error as NSError).localizedDescription)")
            }
        }
        let findings: [RolloutLint.Finding]
        do { findings = RolloutLint.check(try ManifestReader.documents(String(decoding: data, as: UTF8.self), file: path)) } catch {
            throw fail("error: \(error)")
        }
        guard let first = findings.first else { return }
        emit(findings.map { "\($0)\n" }.joined())
        throw fail("error: \(first)")
    }

    /// Says `line` on standard error; the exit code is 1.
    private func fail(_ line: String) -> ExitCode {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        return ExitCode.failure
    }
}
