import Foundation
import Glibc
import TerminalUI

// tui-sample: a small program on TerminalUI for the pty tests and the benchmark.
//
//   tui-sample run [--ascii] [--no-color] [--mouse]  interactive sample screen; q quits
//   tui-sample crash trap|segv|abort|fpe|bus|stderr             starts, draws, then crashes on purpose
//   tui-sample bench                                  prints render and pty figures
//
// With TUI_SAMPLE_LOG=<file>, `run` and `crash` append one line per lifecycle step and
// event ("started 80x24", "event resize", "signal 15") for the tests to follow.

let arguments = Array(CommandLine.arguments.dropFirst())
let log = SampleLog(path: ProcessInfo.processInfo.environment["TUI_SAMPLE_LOG"])

switch arguments.first {
case "run":
    exit(runInteractive(arguments: Array(arguments.dropFirst()), log: log))
case "crash":
    exit(runCrash(kind: arguments.dropFirst().first ?? "trap", log: log))
case "bench":
    Benchmark.run()
default:
    FileHandle.standardError.write(Data("usage: tui-sample run [--ascii] [--no-color] [--mouse] | crash trap|segv|abort|fpe|bus|stderr| bench\n".utf8))
    exit(64)
}
