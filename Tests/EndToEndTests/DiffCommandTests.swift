import Foundation
import Testing

/// `rollscope diff` from files: the fixtures' revisions, colour choices, kinds, errors.
@Suite struct DiffCommandTests {
    static let testdata = OfflineFixtureTests.argo.appendingPathComponent("info/testdata")

    static let canaryDiff = """
        --- revision 30 (stable, canary-demo-877894d5b)
        +++ revision 31 (canary, canary-demo-65fb5ffc84)
        @@ -4,7 +4,7 @@
         spec:
           containers:
           - name: canary-demo
        -    image: argoproj/rollouts-demo:green
        +    image: argoproj/rollouts-demo:does-not-exist
             ports:
             - name: http
               containerPort: 8080

        """

    @Test func rolloutDiffWithOrWithoutTheKind() throws {
        let folder = Self.testdata.appendingPathComponent("canary").path
        for arguments in [["diff", "canary-demo"], ["diff", "rollout", "canary-demo"], ["diff", "ro", "canary-demo", "--color", "never"]] {
            let (status, output) = try runProgram(rollscopeBinary, arguments + ["-f", folder])
            #expect(status == 0, "\(arguments)")
            #expect(output == Self.canaryDiff, "\(arguments)")
        }
    }

    /// `--color always` colours a pipe; `auto` does not (standard output is not a terminal here), nor does NO_COLOR.
    @Test func colourChoices() throws {
        let folder = Self.testdata.appendingPathComponent("canary").path
        let (_, coloured) = try runProgram(rollscopeBinary, ["diff", "canary-demo", "--color", "always", "-f", folder])
        #expect(coloured.contains("\u{1B}[31m-    image: argoproj/rollouts-demo:green\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32m+    image: argoproj/rollouts-demo:does-not-exist\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[36m@@ -4,7 +4,7 @@\u{1B}[0m"))
        let (_, auto) = try runProgram(rollscopeBinary, ["diff", "canary-demo", "-f", folder], environment: ["NO_COLOR": "1"])
        #expect(!auto.contains("\u{1B}"))
    }

    @Test func sameRevisionSaysSoAndExitsZero() throws {
        // The blue-green fixture's old ReplicaSet alone as both sides: a rollout whose preview is its active.
        let folder = try OfflineFixtureTests.copy(Self.testdata.appendingPathComponent("blue-green"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let rollout = folder.appendingPathComponent("bluegreen-rollout.yaml")
        let text = try String(contentsOf: rollout, encoding: .utf8)
        try text.replacingOccurrences(of: "previewSelector: 74b948fccb", with: "previewSelector: 6cbccd9f99")
            .write(to: rollout, atomically: true, encoding: .utf8)
        let (status, output) = try runProgram(rollscopeBinary, ["diff", "bluegreen-demo", "-f", folder.path])
        #expect(status == 0)
        #expect(output == "no difference between revision 10 (active, bluegreen-demo-6cbccd9f99) and revision 10 (preview, bluegreen-demo-6cbccd9f99)\n")
    }

    @Test func jsonDocument() throws {
        let folder = Self.testdata.appendingPathComponent("canary").path
        let (status, output) = try runProgram(rollscopeBinary, ["diff", "canary-demo", "-o", "json", "-f", folder])
        #expect(status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "RevisionDiffView")
        #expect(document["identical"] as? Bool == false)
        #expect((document["old"] as? [String: Any])?["revision"] as? Int == 30)
        let hunk = try #require((document["hunks"] as? [[String: Any]])?.first)
        #expect(hunk["header"] as? String == "@@ -4,7 +4,7 @@")
        #expect((hunk["lines"] as? [String])?.contains("+    image: argoproj/rollouts-demo:does-not-exist") == true)
    }

    @Test func errors() throws {
        let folder = Self.testdata.appendingPathComponent("canary").path
        let missing = try runForErrors(["diff", "nothing-here", "-f", folder])
        #expect(missing.status == 1)
        #expect(missing.errors == "Error: rollouts.argoproj.io or canaries.flagger.app \"nothing-here\" not found\n")
        let kind = try runForErrors(["diff", "experiment", "x", "-f", folder])
        #expect(kind.status == 1)
        #expect(kind.errors == "error: diff compares the revisions of a rollout or a canary, not of experiments\n")
    }
}
