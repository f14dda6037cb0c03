import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// The revision diff: the line diff, its hunks, the pod template text, and the fixtures' revisions.
@Suite struct RevisionDiffTests {
    /// Applies an edit script to `old`: it must give `new`.
    func apply(_ edits: [LineDiff.Edit], to old: [String]) -> (old: [String], new: [String]) {
        var o: [String] = [], n: [String] = []
        for edit in edits {
            switch edit {
            case let .same(line): o.append(line); n.append(line)
            case let .removed(line): o.append(line)
            case let .added(line): n.append(line)
            }
        }
        return (o, n)
    }

    func changes(_ edits: [LineDiff.Edit]) -> Int { edits.filter { if case .same = $0 { false } else { true } }.count }

    @Test func lineDiffIsShortestAndReproducesBothTexts() {
        let cases: [([String], [String], Int)] = [
            ([], [], 0), (["a"], [], 1), ([], ["a"], 1), (["a", "b", "c"], ["a", "b", "c"], 0),
            // Myers' paper: ABCABBA → CBABAC in 5 edits.
            ("ABCABBA".map(String.init), "CBABAC".map(String.init), 5),
            (["x", "a", "b"], ["a", "b", "y"], 2), (["a", "b", "c", "d"], ["a", "X", "c", "d"], 2),
        ]
        for (old, new, shortest) in cases {
            let edits = LineDiff.edits(old, new)
            #expect(apply(edits, to: old) == (old, new) as ([String], [String]), "\(old) → \(new)")
            #expect(changes(edits) == shortest, "\(old) → \(new): \(edits)")
        }
    }

    @Test func lineDiffPastItsLimitIsStillCorrect() {
        let old = (0..<1200).map { "old \($0)" }, new = (0..<1200).map { "new \($0)" }
        let edits = LineDiff.edits(old, new)
        #expect(apply(edits, to: old) == (old, new) as ([String], [String]))
        #expect(changes(edits) == 2400)
    }

    @Test func hunksKeepThreeLinesOfContextAndMergeCloseChanges() {
        let old = (1...20).map { "line \($0)" }
        var new = old
        new[4] = "changed 5"      // line 5
        new[9] = "changed 10"     // line 10: 4 lines apart, within 2·3, one hunk
        new[19] = "changed 20"    // line 20: its own hunk
        let diff = UnifiedDiff(old: old, new: new)
        #expect(diff.hunks.map(\.header) == ["@@ -2,12 +2,12 @@", "@@ -17,4 +17,4 @@"])
        #expect(diff.hunks[0].lines.first == UnifiedDiff.Line(.context, "line 2"))
        #expect(diff.hunks[1].lines.last == UnifiedDiff.Line(.added, "changed 20"))
        #expect(UnifiedDiff(old: old, new: old).isEmpty)
        #expect(UnifiedDiff(old: [], new: ["a"]).hunks.map(\.header) == ["@@ -0,0 +1 @@"])
    }

    @Test func templateTextLeavesOutTheHashLabelsAndOrdersTheFields() throws {
        let template = try JSON(parsing: """
            {"spec":{"volumes":[{"name":"v","emptyDir":{}}],"containers":[{"resources":{"requests":{"memory":"32Mi","cpu":"5m"}},
             "image":"app:1","name":"app","env":[{"value":"true","name":"DEBUG"}],"args":["--port","8080"]}]},
             "metadata":{"creationTimestamp":null,"labels":{"rollouts-pod-template-hash":"abc","pod-template-hash":"def","app":"shop"},
             "annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}
            """)
        #expect(PodTemplateText.lines(template) == [
            "metadata:",
            "  labels:",
            "    app: shop",
            "  annotations:",
            "    kubectl.kubernetes.io/restartedAt: 2026-01-01T00:00:00Z",
            "spec:",
            "  containers:",
            "  - name: app",
            "    image: app:1",
            "    args:",
            "    - --port",
            "    - \"8080\"",
            "    env:",
            "    - name: DEBUG",
            "      value: \"true\"",
            "    resources:",
            "      requests:",
            "        cpu: 5m",
            "        memory: 32Mi",
            "  volumes:",
            "  - name: v",
            "    emptyDir: {}",
        ])
    }

    @Test func templateTextIsTerminalSafe() throws {
        let template: JSON = ["spec": ["containers": [["name": "a\u{1B}[31mb", "image": "x\u{202E}y"]]]]
        let text = PodTemplateText.lines(template).joined(separator: "\n")
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
    }

    /// The canary fixture: stable revision 30 (green) against canary revision 31 (does-not-exist).
    @Test func canaryFixtureDiffIsExact() throws {
        let set = try Fixtures.scenario("canary")
        let rollout = try #require(set.rollout(named: "canary-demo", namespace: "jesse-test"))
        let diff = try RevisionDiff.of(rollout, objects: set).get()
        #expect(diff.old == .init(role: "stable", revision: 30, name: "canary-demo-877894d5b"))
        #expect(diff.new == .init(role: "canary", revision: 31, name: "canary-demo-65fb5ffc84"))
        #expect(diff.text() == """
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

            """)
        #expect(diff.text(color: true).contains("\u{1B}[31m-    image: argoproj/rollouts-demo:green\u{1B}[0m"))
        #expect(diff.text(color: true).contains("\u{1B}[32m+    image: argoproj/rollouts-demo:does-not-exist\u{1B}[0m"))
    }

    @Test func blueGreenFixtureComparesActiveWithPreview() throws {
        let set = try Fixtures.scenario("blue-green")
        let rollout = try #require(set.rollouts.first)
        let diff = try RevisionDiff.of(rollout, objects: set).get()
        #expect(diff.old.role == "active" && diff.old.revision == 10)
        #expect(diff.new.role == "preview" && diff.new.revision == 11)
        #expect(diff.diff.hunks.flatMap(\.lines).filter { $0.kind != .context }.map(\.text)
                == ["    image: argoproj/rollouts-demo:blue", "    image: argoproj/rollouts-demo:green"])
    }

    @Test func sameTemplateSaysSoAndAMissingRevisionIsAnError() throws {
        var set = try Fixtures.scenario("canary")
        var rollout = try #require(set.rollout(named: "canary-demo", namespace: "jesse-test"))
        rollout.status.currentPodHash = rollout.status.stableRS
        let same = try RevisionDiff.of(rollout, objects: set).get()
        #expect(same.diff.isEmpty)
        #expect(same.text() == "")
        #expect(same.identicalMessage == "no difference between revision 30 (stable, canary-demo-877894d5b) and revision 30 (canary, canary-demo-877894d5b)")
        set.replicaSets.removeAll { $0.podTemplateHash == "877894d5b" }
        #expect(RevisionDiff.of(rollout, objects: set) == .failure(.missing(role: "stable", what: "ReplicaSet with pod template hash 877894d5b")))
        rollout.status.stableRS = nil
        #expect(RevisionDiff.of(rollout, objects: set) == .failure(.noRevision(role: "stable", of: "Rollout canary-demo")))
    }

    /// A Canary: the primary's template against the target's; Flagger's `-primary` label values compare as the target's.
    @Test func canaryComparesPrimaryWithTargetWithoutTheRenamedLabels() throws {
        func deployment(_ name: String, app: String, image: String) throws -> Deployment {
            try ScanningJSONDecoder().decode(Deployment.self, from: Data("""
                {"metadata":{"name":"\(name)","namespace":"test"},"spec":{"template":{"metadata":{"labels":{"app":"\(app)"}},
                 "spec":{"containers":[{"name":"podinfo","image":"\(image)"}]}}}}
                """.utf8))
        }
        let canary = Canary(metadata: ObjectMeta(name: "podinfo", namespace: "test"),
                            spec: .init(targetRef: .init(apiVersion: "apps/v1", kind: "Deployment", name: "podinfo")))
        let set = ObjectSet(deployments: [try deployment("podinfo-primary", app: "podinfo-primary", image: "podinfo:6.0.0"),
                                          try deployment("podinfo", app: "podinfo", image: "podinfo:6.0.1")])
        let diff = try RevisionDiff.of(canary, objects: set).get()
        #expect(diff.old.title == "podinfo-primary (primary)")
        #expect(diff.new.title == "podinfo (canary)")
        #expect(diff.diff.hunks.flatMap(\.lines).filter { $0.kind != .context }.map(\.rendered)
                == ["-    image: podinfo:6.0.0", "+    image: podinfo:6.0.1"])
        #expect(RevisionDiff.of(canary, objects: ObjectSet(deployments: [try deployment("podinfo", app: "podinfo", image: "a")]))
                == .failure(.missing(role: "primary", what: "Deployment podinfo-primary")))
    }
}
