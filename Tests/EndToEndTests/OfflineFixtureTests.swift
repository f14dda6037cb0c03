import Foundation
import Testing

/// Issue 9: the plugin's expected outputs, produced by the real binary from files (`-f`). The
/// inputs are copied to a temporary folder with their times rewritten to now − 7 days, as the
/// fixtures' README says the upstream tests load them.
@Suite struct OfflineFixtureTests {
    static let argo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/argo-rollouts/pkg/kubectl-argo-rollouts")

    /// A copy of a scenario folder (or one file) with every creation and measurement time a week ago.
    static func copy(_ source: URL) throws -> URL {
        let weekAgo = Date().addingTimeInterval(-7 * 86400)
        let formatter = ISO8601DateFormatter()
        let stamp = formatter.string(from: weekAgo)
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory)
        let files = isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".yaml") }.map { source.appendingPathComponent($0) }
            : [source]
        let pattern = try NSRegularExpression(pattern: #"^(\s*(?:creationTimestamp|startedAt|finishedAt):)\s*\S.*$"#, options: [.anchorsMatchLines])
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let rewritten = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                             withTemplate: "$1 \"\(stamp)\"")
            try rewritten.write(to: target.appendingPathComponent(file.lastPathComponent), atomically: true, encoding: .utf8)
        }
        return isDirectory.boolValue ? target : target.appendingPathComponent(source.lastPathComponent)
    }

    static func expected(_ command: String, _ file: String) throws -> String {
        try String(contentsOf: argo.appendingPathComponent("cmd/\(command)/expected/\(file)"), encoding: .utf8)
    }

    /// The `get` tests compare with trailing spaces stripped from every line (fixtures README).
    static func stripped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    @Test(arguments: [
        ("TestGetBlueGreenRollout.txt", "blue-green", "rollout", "bluegreen-demo"),
        ("TestGetCanaryRollout.txt", "canary", "rollout", "canary-demo"),
        ("TestExperimentRollout.txt", "experiment-analysis", "rollout", "rollout-experiment-analysis"),
        ("TestGetInvalidRollout.txt", "rollout-invalid", "rollout", "rollout-invalid"),
        ("TestGetAbortedRollout.txt", "rollout-aborted", "rollout", "rollout-background-analysis"),
        ("TestGetExperiment.txt", "experiment-analysis", "experiment", "rollout-experiment-analysis-6f646bf7b7-1-vcv27"),
    ])
    func getFromFiles(file: String, scenario: String, kind: String, name: String) throws {
        let folder = try Self.copy(Self.argo.appendingPathComponent("info/testdata/\(scenario)"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runProgram(rollscopeBinary, ["get", kind, name, "--no-color", "-f", folder.path])
        #expect(status == 0)
        #expect(Self.stripped(output) == Self.stripped(try Self.expected("get", file)))
    }

    @Test(arguments: [("TestListBlueGreenResource.txt", "bg-guestbook.yaml"), ("TestListCanaryRollout.txt", "can-guestbook.yaml")])
    func listFromFiles(file: String, input: String) throws {
        let copy = try Self.copy(Self.argo.appendingPathComponent("cmd/list/inputs/\(input)"))
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let (status, output) = try runProgram(rollscopeBinary, ["list", "rollouts", "-f", copy.path])
        #expect(status == 0)
        #expect(output == (try Self.expected("list", file)))
    }

    @Test(arguments: [
        ("TestStatusBlueGreenRollout", "blue-green", "bluegreen-demo", Int32(0)),
        ("TestStatusInvalidRollout", "rollout-invalid", "rollout-invalid", Int32(1)),
        ("TestStatusAbortedRollout", "rollout-aborted", "rollout-background-analysis", Int32(1)),
    ])
    func statusFromFiles(test: String, scenario: String, name: String, exit: Int32) throws {
        let folder = try Self.copy(Self.argo.appendingPathComponent("info/testdata/\(scenario)"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runProgram(rollscopeBinary, ["status", name, "--watch=false", "-f", folder.path])
        #expect(status == exit)
        #expect(output == (try Self.expected("status", "\(test).stdout.txt")))
    }

    @Test func unparsableFileIsNamedWithDocumentAndLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).yaml")
        try "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\nkind: Rollout\nmetadata: [unclosed\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, message) = try runForErrors(["list", "rollouts", "-f", file.path])
        #expect(status == 1)
        #expect(message.contains(file.path))
        #expect(message.contains("document 2"))
        #expect(message.contains("line"))
    }
}
