import Foundation
import Testing

/// Issue 19: the binary takes kubectl's habits: global flags before or after the subcommand,
/// `version` and `--version`, a mistyped command answered with the nearest one, `-v N` request
/// logging, and the server's errors in kubectl's words.
@Suite struct KubectlHabitsTests {
    static let canary = OfflineFixtureTests.argo.appendingPathComponent("info/testdata/canary")

    /// Runs the binary; returns its status, standard output and standard error.
    static func run(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
                    binary: String = rollscopeBinary) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Standard error goes to a file, so that neither of two pipes can fill and stall the child.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), try String(contentsOf: errorFile, encoding: .utf8))
    }

    @Test func globalFlagsGoBeforeOrAfterTheSubcommand() throws {
        let after = try Self.run(["list", "rollouts", "-n", "jesse-test", "-f", Self.canary.path])
        #expect(after.status == 0, "\(after.err)")
        #expect(after.out.contains("canary-demo"))
        for before in [["-n", "jesse-test", "list", "rollouts", "-f", Self.canary.path],
                       ["--namespace=jesse-test", "list", "rollouts", "-f", Self.canary.path],
                       ["-n", "jesse-test", "--request-timeout", "30s", "--as", "someone", "--as-group", "g", "-v", "6",
                        "list", "rollouts", "-f", Self.canary.path],
                       // A value that looks like a command stays a value.
                       ["--context", "get", "-n", "jesse-test", "list", "rollouts", "-f", Self.canary.path]] {
            let result = try Self.run(before)
            #expect(result.status == 0, "\(before): \(result.err)")
            #expect(result.out == after.out, "\(before)")
        }
        let elsewhere = try Self.run(["-n", "elsewhere", "list", "rollouts", "-f", Self.canary.path])
        #expect(elsewhere.out != after.out, "the moved -n is applied, not dropped")
    }

    @Test func versionAndDashDashVersion() throws {
        let json = try Self.run(["version", "-o", "json"])
        #expect(json.status == 0, "\(json.err)")
        let report = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: String] ?? [:]
        #expect(report["version"] == "0.1.0")
        let commit = report["gitCommit"] ?? ""
        #expect(commit == "unknown" || commit.range(of: #"^[0-9a-f]{40}(-dirty)?$"#, options: .regularExpression) != nil, "\(commit)")
        #expect(report["libcurl"]?.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "\(report)")
        #expect(report["ncurses"]?.hasPrefix("ncurses ") == true, "\(report)")
        let text = try Self.run(["version"])
        #expect(text.out.hasPrefix("rollscope 0.1.0\ncommit:   \(commit)\nlibcurl:  \(report["libcurl"] ?? "")"), "\(text.out)")
        #expect(try Self.run(["--version"]).out == text.out)
    }

    @Test func aMistypedCommandSuggestsTheNearest() throws {
        let typo = try Self.run(["gett", "rollout", "x"])
        #expect(typo.status == 1)
        // Every command within two edits, as cobra: `set` (issue 19's `set image`) is two from `gett` too.
        #expect(typo.err == "error: unknown command \"gett\" for \"rollscope\"\n\nDid you mean this?\n\tget\n\tset\n\nRun 'rollscope --help' for usage.\n")
        #expect(typo.out.isEmpty)
        let unknown = try Self.run(["-n", "shop", "frobnicate"])
        #expect(unknown.status == 1)
        #expect(unknown.err == "error: unknown command \"frobnicate\" for \"rollscope\"\nRun 'rollscope --help' for usage.\n")
        // A bad flag value in the same voice, exit 1 as kubectl, the usage line kept.
        let badValue = try Self.run(["list", "rollouts", "--request-timeout", "soon", "-f", Self.canary.path])
        #expect(badValue.status == 1)
        #expect(badValue.err.hasPrefix("error: invalid --request-timeout \"soon\""), "\(badValue.err)")
        #expect(badValue.err.contains("Usage: rollscope list [<options>] <kind>"))
    }

    @Test func requestsAreLoggedAsKubectlDoesWithoutCredentials() throws {
        let server = try DemoServer()
        let token = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
            .components(separatedBy: "\n").first { $0.contains("token:") }?
            .components(separatedBy: "token:").last?.trimmingCharacters(in: .whitespaces) ?? ""
        let six = try Self.run(["-v", "6", "list", "rollouts", "-n", "shop", "--kubeconfig", server.kubeconfig])
        #expect(six.status == 0, "\(six.err)")
        let line = #"^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ RequestLog\.swift\] GET https://127\.0\.0\.1:\d+/apis/argoproj\.io/v1alpha1/namespaces/shop/rollouts\S* 200 OK in \d+ milliseconds$"#
        #expect(six.err.components(separatedBy: "\n").contains { $0.range(of: line, options: .regularExpression) != nil }, "\(six.err)")
        #expect(!six.err.contains("Request Headers:"))
        let eight = try Self.run(["list", "rollouts", "-n", "shop", "--v=8", "--kubeconfig", server.kubeconfig])
        #expect(eight.status == 0, "\(eight.err)")
        #expect(eight.err.contains("Request Headers:") && eight.err.contains("Response Headers:") && eight.err.contains("Response Body: {"))
        #expect(eight.err.contains("Authorization: Bearer <masked>"), "\(eight.err)")
        #expect(!token.isEmpty && !eight.err.contains(token), "the token is never logged")
        // The demo moves on between the two runs, so the tables are compared by their names: the
        // log goes to standard error only, standard output is the table alone.
        func names(_ out: String) -> [String] { out.split(separator: "\n").map { String($0.prefix { $0 != " " }) } }
        #expect(names(eight.out) == names(six.out) && names(six.out).first == "NAME", "the log goes to standard error only")
        #expect(!eight.out.contains("RequestLog.swift]") && !eight.out.contains("Headers:"))
        let impersonating = try Self.run(["--as", "jane", "--as-group", "ops", "-v", "7", "list", "rollouts", "-n", "shop",
                                          "--kubeconfig", server.kubeconfig])
        #expect(impersonating.err.contains("    Impersonate-User: jane\n") && impersonating.err.contains("    Impersonate-Group: ops\n"),
                "\(impersonating.err)")
        #expect(!impersonating.err.contains("Response Headers:"))
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let toFile = try Self.run(["list", "rollouts", "-n", "shop", "-v", "6", "--log-file", log, "--kubeconfig", server.kubeconfig])
        #expect(toFile.err.isEmpty, "\(toFile.err)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains(" 200 OK in "))
    }
}

