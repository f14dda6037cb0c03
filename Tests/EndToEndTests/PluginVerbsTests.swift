import APIServer
import Foundation
import JSONValue
import KubeModel
import Testing
import Yams

/// Issue 19: the plugin's remaining verbs through the binary, against an embedded server that
/// records every request: `set image` (GET, then a PUT of the whole object, a 409 retried up to
/// 5 times), `terminate analysisrun|experiment`, `retry experiment` (one merge patch per name,
/// stopping at the first error), `lint`, `completion`, and kubectl's global flags on commands
/// that have no use for them.
@Suite(.serialized) struct PluginVerbsTests {
    final class Server {
        let server: EmbeddedAPIServer
        let kubeconfig: String
        let home: String

        init() throws {
            server = try EmbeddedAPIServer()
            server.faults.recordBodies = true
            try server.start()
            home = NSTemporaryDirectory() + "rollscope-verbs-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            kubeconfig = home + "/config"
            try server.writeKubeconfig(to: kubeconfig)
            _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "ns"]])
        }

        deinit {
            server.stop()
            try? FileManager.default.removeItem(atPath: home)
        }

        @discardableResult
        func store(_ type: ResourceType, _ yaml: String) throws -> StoredObject {
            try server.store.create(type, namespace: "ns", object: try YAMLDecoder().decode(JSON.self, from: yaml))
        }

        func object(_ type: ResourceType, _ name: String) throws -> JSON { try server.store.get(type, namespace: "ns", name: name).json }

        /// Runs `rollscope ARGS -n ns`; its status, output, errors and the requests it sent (`METHOD URI`, and bodies).
        func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String, requests: [String], bodies: [String]) {
            server.faults.clearRequests()
            let r = try KubectlHabitsTests.run(arguments + ["-n", "ns", "--kubeconfig", kubeconfig], environment: ["HOME": home, "XDG_STATE_HOME": home])
            let requests = server.faults.requests
            return (r.status, r.out, r.err, requests.map { "\($0.method) \($0.uri)" }, requests.map(\.body))
        }
    }

    static let rollout = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: web, namespace: ns}
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}
      template:
        metadata: {labels: {app: web}}
        spec:
          initContainers: [{name: migrate, image: "web:1"}]
          containers: [{name: web, image: "web:1", resources: {limits: {cpu: 500m}}}, {name: proxy, image: "envoy:1"}]
    """

    static let path = "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/web"

    @Test func setImageGetsThenPutsTheWholeRollout() throws {
        let s = try Server()
        try s.store(.rollouts, Self.rollout)
        let before = try s.object(.rollouts, "web")
        let r = try s.run(["set", "image", "web", "web=web:2"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "rollout \"web\" image updated\n")
        #expect(r.requests == ["GET \(Self.path)", "PUT \(Self.path)"])
        // The body is the object as read, with only that container's image replaced.
        var expected = before
        expected[path: ["spec", "template", "spec", "containers"]] = [["name": "web", "image": "web:2", "resources": ["limits": ["cpu": "500m"]]],
                                                                       ["name": "proxy", "image": "envoy:1"]]
        #expect(try JSON(parsing: Data(r.bodies[1].utf8)) == expected)
        // `*`: every container, init containers too.
        let all = try s.run(["set", "image", "web", "*=web:3"])
        #expect(all.status == 0, "\(all.err)")
        let images = try s.object(.rollouts, "web")[path: ["spec", "template", "spec"]]
        #expect(images?["initContainers"]?[0]?["image"] == "web:3" && images?["containers"]?[1]?["image"] == "web:3")
        // The plugin's refusals.
        let missing = try s.run(["set", "image", "web", "db=postgres:16"])
        #expect(missing.status == 1 && missing.err == "error: unable to find container named \"db\"\n", "\(missing.err)")
        #expect(missing.requests == ["GET \(Self.path)"], "nothing is sent when no container matches")
        let usage = try s.run(["set", "image", "web", "web:2"])
        #expect(usage.status == 1 && usage.err.hasPrefix("error: expected CONTAINER=IMAGE, not web:2\nUsage: rollscope set image"), "\(usage.err)")
        #expect(usage.requests.isEmpty)
        let absent = try s.run(["set", "image", "nope", "web=web:2"])
        #expect(absent.status == 1 && absent.err == "Error from server (NotFound): rollouts.argoproj.io \"nope\" not found\n", "\(absent.err)")
    }

    @Test func setImageRetriesAConflictUpToFiveTimes() throws {
        let s = try Server()
        try s.store(.rollouts, Self.rollout)
        s.server.faults.failNext(pathPrefix: Self.path, method: "PUT", code: 409, count: 2)
        let retried = try s.run(["set", "image", "web", "web=web:2"])
        #expect(retried.status == 0, "\(retried.err)")
        #expect(retried.requests == Array(repeating: ["GET \(Self.path)", "PUT \(Self.path)"], count: 3).flatMap { $0 }, "read again before each PUT")
        #expect(try s.object(.rollouts, "web")[path: ["spec", "template", "spec", "containers"]]?[0]?["image"] == "web:2")
        s.server.faults.failNext(pathPrefix: Self.path, method: "PUT", code: 409, count: 5)
        let given = try s.run(["set", "image", "web", "web=web:4"])
        #expect(given.status == 1)
        #expect(given.requests.filter { $0.hasPrefix("PUT") }.count == 5)
        #expect(given.err.hasPrefix("Error from server (Conflict): "), "the conflict in kubectl's words, not a crash: \(given.err)")
    }

    @Test func setImageOnAWorkloadRefRolloutUpdatesItsDeployment() throws {
        let s = try Server()
        try s.store(.rollouts, """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: ns}
        spec:
          selector: {matchLabels: {app: web}}
          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-deploy}
          strategy: {blueGreen: {activeService: a, previewService: b}}
        """)
        try s.store(.deployments, """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-deploy, namespace: ns}
        spec:
          replicas: 0
          selector: {matchLabels: {app: web}}
          template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "web:1"}]}}
        """)
        let r = try s.run(["set", "image", "web", "web=web:2"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "deployment \"web-deploy\" image updated\n")
        #expect(r.requests == ["GET \(Self.path)", "GET /apis/apps/v1/namespaces/ns/deployments/web-deploy", "PUT /apis/apps/v1/namespaces/ns/deployments/web-deploy"])
    }

    @Test func terminateAndRetryExperimentSendThePluginsPatches() throws {
        let s = try Server()
        for name in ["run-a", "run-b"] {
            try s.store(.analysisRuns, "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata: {name: \(name), namespace: ns}\nspec: {metrics: []}\n")
        }
        try s.store(.experiments, "apiVersion: argoproj.io/v1alpha1\nkind: Experiment\nmetadata: {name: exp, namespace: ns}\nspec: {templates: []}\nstatus: {phase: Failed}\n")
        let runs = "/apis/argoproj.io/v1alpha1/namespaces/ns/analysisruns"
        let terminated = try s.run(["terminate", "analysisrun", "run-a", "run-b"])
        #expect(terminated.status == 0, "\(terminated.err)")
        #expect(terminated.out == "analysisRun 'run-a' terminated\nanalysisRun 'run-b' terminated\n")
        #expect(terminated.requests == ["PATCH \(runs)/run-a", "PATCH \(runs)/run-b"], "no read first, as the plugin")
        #expect(terminated.bodies == [#"{"spec":{"terminate":true}}"#, #"{"spec":{"terminate":true}}"#])
        #expect(try s.object(.analysisRuns, "run-b")[path: ["spec", "terminate"]] == true)
        // Several names stop at the first error, in kubectl's words.
        let stopped = try s.run(["terminate", "analysisrun", "run-a", "gone", "run-b"])
        #expect(stopped.status == 1)
        #expect(stopped.out == "analysisRun 'run-a' terminated\n")
        #expect(stopped.err == "Error from server (NotFound): analysisruns.argoproj.io \"gone\" not found\n", "\(stopped.err)")
        #expect(stopped.requests == ["PATCH \(runs)/run-a", "PATCH \(runs)/gone"])
        let experiment = "/apis/argoproj.io/v1alpha1/namespaces/ns/experiments/exp"
        let terminatedExperiment = try s.run(["terminate", "experiment", "exp"])
        #expect(terminatedExperiment.out == "experiment 'exp' retried\n", "upstream's own wording, typo kept")
        #expect(terminatedExperiment.requests == ["PATCH \(experiment)"] && terminatedExperiment.bodies == [#"{"spec":{"terminate":true}}"#])
        let retried = try s.run(["retry", "experiment", "exp"])
        #expect(retried.status == 0, "\(retried.err)")
        #expect(retried.out == "experiment 'exp' retried\n")
        #expect(retried.requests == ["PATCH \(experiment)"] && retried.bodies == [#"{"status":null}"#])
        // `retry NAME` and `retry rollout NAME` still retry a rollout.
        try s.store(.rollouts, Self.rollout)
        for command in [["retry", "web"], ["retry", "rollout", "web"], ["retry", "rollout/web"]] {
            let r = try s.run(command)
            #expect(r.status == 0 && r.out == "rollout 'web' retried\n", "\(command): \(r.err)")
            #expect(r.requests == ["GET \(Self.path)", "PATCH \(Self.path)/status"], "\(command)")
        }
        let audit = try String(contentsOfFile: s.home + "/rollscope/audit.log", encoding: .utf8)
        #expect(audit.contains(#""action":"terminate analysisrun run-a""#) && audit.contains(#""object":"experiment/exp""#), "\(audit)")
    }

    @Test func lintExitsOneWithThePluginsMessages() throws {
        let dir = NSTemporaryDirectory() + "rollscope-lint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.rollout.write(toFile: dir + "/good.yaml", atomically: true, encoding: .utf8)
        let bad = Self.rollout.replacingOccurrences(of: "setWeight: 20", with: "setWeight: 120")
        try ("---\n" + Self.rollout.replacingOccurrences(of: "name: web,", with: "name: ok,") + "\n---\n" + bad).write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        for arguments in [["lint", dir + "/good.yaml"], ["lint", "-f", dir + "/good.yaml"], ["-n", "x", "lint", dir + "/good.yaml", "--context", "c"]] {
            let good = try KubectlHabitsTests.run(arguments)
            #expect(good.status == 0 && good.out.isEmpty && good.err.isEmpty, "\(arguments): \(good)")
        }
        let message = "spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100"
        let failed = try KubectlHabitsTests.run(["lint", dir + "/bad.yaml"])
        #expect(failed.status == 1)
        #expect(failed.out == message + "\n")
        #expect(failed.err == "error: " + message + "\n")
        let none = try KubectlHabitsTests.run(["lint"])
        #expect(none.status == 1 && none.err.hasPrefix("error: a manifest is required"), "\(none.err)")
    }

    @Test func completionScriptsAreTheGenerators() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try KubectlHabitsTests.run(["completion", shell])
            #expect(script.status == 0 && script.out.count > 1000, "\(shell)")
            #expect(script.out.contains("terminate") && script.out.contains("lint"), "\(shell) completes the new commands")
            #expect(try KubectlHabitsTests.run(["--generate-completion-script", shell]).out == script.out, "one generator, as install.sh installs")
        }
        let unknown = try KubectlHabitsTests.run(["completion", "powershell"])
        #expect(unknown.status == 1 && unknown.err.hasPrefix("error: "), "\(unknown.err)")
    }

    @Test func globalFlagsAreAcceptedByEveryCommand() throws {
        let version = try KubectlHabitsTests.run(["version"])
        for arguments in [["--context", "c", "version"], ["-n", "x", "version"], ["version", "-n", "x", "--kubeconfig", "/nowhere", "-v", "6"],
                          ["-A", "--as", "me", "version"], ["--request-timeout=5s", "version", "--"]] {
            let r = try KubectlHabitsTests.run(arguments)
            #expect(r.status == 0 && r.out == version.out, "\(arguments): \(r.err)")
        }
        let json = try KubectlHabitsTests.run(["-n", "x", "version", "-o", "json"])
        #expect(json.status == 0 && json.out.hasPrefix("{"), "\(json.err)")
        let s = try Server()
        let info = try KubectlHabitsTests.run(["-n", "shop", "--as", "me", "info", "--kubeconfig", s.kubeconfig, "-A"], environment: ["HOME": s.home])
        #expect(info.status == 0, "\(info.err)")
        #expect(info.out.contains("namespace:  shop\n"), "info shows the namespace a command would use: \(info.out)")
        #expect(try KubectlHabitsTests.run(["completion", "bash", "-n", "x"]).status == 0)
    }
}
