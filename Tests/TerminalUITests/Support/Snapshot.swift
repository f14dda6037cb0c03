import Foundation
import Testing
import TerminalUI

/// A home-grown text snapshot: compares `actual` with `__Snapshots__/<name>.txt` next to
/// the test file and fails with a line diff on mismatch. `RECORD_SNAPSHOTS=1` (re)writes
/// the file; a missing file is written and the test fails, so a snapshot never passes
/// unseen.
func assertSnapshot(_ actual: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
    let existing = try? String(contentsOf: file, encoding: .utf8)
    if record || existing == nil {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        if existing == nil, !record {
            Issue.record("Recorded a new snapshot \(file.lastPathComponent); check it and run again", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = existing, expected != actual else { return }
    Issue.record("Snapshot \(name) differs (- expected, + actual):\n\(lineDiff(expected: expected, actual: actual))",
                 sourceLocation: sourceLocation)
}

/// The lines that differ, with their numbers.
func lineDiff(expected: String, actual: String) -> String {
    let old = expected.components(separatedBy: "\n"), new = actual.components(separatedBy: "\n")
    var out: [String] = []
    for index in 0..<max(old.count, new.count) {
        let a = index < old.count ? old[index] : nil
        let b = index < new.count ? new[index] : nil
        guard a != b else { continue }
        if let a { out.append(String(format: "%4d - %@", index + 1, a)) }
        if let b { out.append(String(format: "%4d + %@", index + 1, b)) }
    }
    return out.joined(separator: "\n")
}
