import ArgumentParser
import Foundation
import Delivery

/// How read commands draw: colour, glyphs and machine-readable formats.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "No colour (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII glyphs instead of the UTF-8 icons (chosen automatically when the locale is not UTF-8).")
    var ascii = false

    @Option(name: [.short, .customLong("output")], help: "Output format: json or yaml (the rollscope/v1 view; see docs/output-schema.md).")
    var output: String?

    func validate() throws {
        if let output, OutputFormat(rawValue: output) == nil {
            throw ValidationError("--output must be json or yaml, not \(output)")
        }
    }

    var format: OutputFormat? { output.flatMap(OutputFormat.init(rawValue:)) }

    /// Colour unless `--no-color` or NO_COLOR (the plugin colours by default); ASCII when asked or when the locale's codeset is not UTF-8.
    var style: TextStyle {
        let environment = ProcessInfo.processInfo.environment
        let color = !noColor && (environment["NO_COLOR"] ?? "").isEmpty
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).lowercased().filter { $0 != "-" && $0 != "_" }
        return TextStyle(glyphs: ascii || codeset != "utf8" ? .ascii : .plugin, color: color)
    }
}

/// Writes text to standard output (no extra newline).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
