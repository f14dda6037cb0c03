import APIServer
import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
import Yams
@testable import Delivery

/// Every mutation sent to the embedded API server: the exact requests it received and the
/// object that results.
@Suite(.serialized) struct MutationServerTests {
    /// A plain-HTTP server with the namespaces the fixtures use.
    func startServer() throws -> (EmbeddedAPIServer, LoopbackClient) {
        let server = try EmbeddedAPIServer(options: .init(tls: false))
        server.faults.recordBodies = true
        try server.start()
        for ns in ["ns", "jesse-test", "training-development"] {
            _ = try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]])
        }
        return (server, LoopbackClient(server))
    }

    /// Stores a manifest (YAML or JSON text) with every field, its status written through `/status`
    /// as a controller would (a create drops the status of kinds that have that subresource).
    @discardableResult
    func store(_ server: EmbeddedAPIServer, _ type: ResourceType, _ text: String) throws -> StoredObject {
        var raw = try YAMLDecoder().decode(JSON.self, from: text)
        if case .object(var root) = raw, case .object(var meta)? = root["metadata"] {
            meta["resourceVersion"] = nil
            root["metadata"] = .object(meta)
            raw = .object(root)
        }
        let namespace: String? = if case .string(let ns)? = raw["metadata"]?["namespace"] { ns } else { nil }
        let created = try server.store.create(type, namespace: namespace, object: raw)
        guard type.subresources.contains("status"), let status = raw["status"] else { return created }
        var json = created.json
        json["status"] = status
        return try server.store.update(type, namespace: namespace, name: created.name, object: json, subresource: "status")
    }

    func fixture(_ path: String) throws -> String { try Fixtures.text(Fixtures.argo.appendingPathComponent("info/testdata/\(path)")) }

    /// Runs a plan over HTTP and returns the exchanges.
    func run(_ plan: ActionPlan, _ client: LoopbackClient) async throws -> [ActionPlan.Exchange] {
        try await plan.run { request in
            let response = try await client.send(HTTPMethod(rawValue: request.method.rawValue), request.pathAndQuery,
                                                 contentType: request.contentType,
                                                 body: request.body.map { String(decoding: $0, as: UTF8.self) })
            return response.status
        }
    }

    /// What the server received, in the plan's own terms.
    func received(_ server: EmbeddedAPIServer) -> [APIRequest] {
        server.faults.requests.filter { $0.method != "GET" }.map {
            APIRequest(method: APIRequest.Method(rawValue: $0.method)!, path: $0.uri, contentType: $0.contentType,
                       body: $0.body.isEmpty ? nil : Data($0.body.utf8))
        }
    }

    func get<T: Decodable>(_ server: EmbeddedAPIServer, _ type: ResourceType, _ ns: String, _ name: String, as: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try server.store.get(type, namespace: ns, name: name).bytes))
    }

    static let pausedCanary = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: r, namespace: ns}
    spec:
      paused: true
      replicas: 1
      strategy: {canary: {steps: [{setWeight: 10}, {pause: {}}, {setWeight: 50}]}}
      template: {metadata: {labels: {app: r}}, spec: {containers: [{name: web, image: "web:1"}]}}
    status:
      currentStepIndex: 1
      controllerPause: true
      pauseConditions: [{reason: CanaryPauseStep, startTime: "2026-01-01T00:00:00Z"}]
    """

    @Test func promoteSendsStatusThenSpec() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try store(server, .rollouts, Self.pausedCanary)
        let rollout = try get(server, .rollouts, "ns", "r", as: Rollout.self)
        let plan = try RolloutRequests.plan(.promote, for: rollout, now: Fixtures.now)
        let exchanges = try await run(plan, client)
        #expect(exchanges.map(\.status) == [200, 200])
        #expect(received(server) == plan.requests)
        let after = try get(server, .rollouts, "ns", "r", as: Rollout.self)
        #expect(after.spec.paused == false)
        #expect(after.status.pauseConditions == nil)
        #expect(after.status.controllerPause == true, "plain promote leaves controllerPause to the controller")
        #expect(RolloutStatus.of(after) == RolloutStatus("Progressing", "waiting for rollout to unpause"))
    }

    @Test func statusNotFoundFallsBackToTheMainResource() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try store(server, .rollouts, Self.pausedCanary)
        let rollout = try get(server, .rollouts, "ns", "r", as: Rollout.self)
        server.faults.failNext(pathPrefix: "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r/status", code: 404)
        let plan = try RolloutRequests.plan(.promote, for: rollout, now: Fixtures.now)
        let exchanges = try await run(plan, client)
        #expect(exchanges.map(\.status) == [404, 200])
        #expect(received(server) == [plan.requests[0]] + (plan.onNotFound ?? []))
        #expect(try get(server, .rollouts, "ns", "r", as: Rollout.self).spec.paused == false)
    }

    @Test func abortRetryPauseRestartOnTheServer() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try store(server, .rollouts, Self.pausedCanary)
        var rollout = try get(server, .rollouts, "ns", "r", as: Rollout.self)
        let steps: [(RolloutAction, @Sendable (Rollout) -> Bool)] = [
            (.abort, { $0.status.abort == true }),
            (.retry, { $0.status.abort == false }),
            (.resume, { $0.spec.paused == false }),
            (.pause, { $0.spec.paused == true }),
            (.restart(delay: 0), { $0.spec.restartAt == KubeTime(rfc3339: "2026-01-01T00:00:00Z") }),
        ]
        for (action, check) in steps {
            server.faults.clearRequests()
            let plan = try RolloutRequests.plan(action, for: rollout, now: Fixtures.now)
            #expect(try await run(plan, client).map(\.status) == plan.requests.map { _ in 200 })
            #expect(received(server) == plan.requests, "\(action)")
            rollout = try get(server, .rollouts, "ns", "r", as: Rollout.self)
            #expect(check(rollout), "\(action)")
        }
    }

    @Test func undoRestoresThePreviousTemplate() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let uid = try #require(try store(server, .rollouts, fixture("canary/canary-rollout.yaml")).json[path: ["metadata", "uid"]]?.stringValue)
        for file in ["canary-rs.yaml", "stable-rs.yaml", "old-rs.yaml"] {
            try store(server, .replicaSets, fixture("canary/\(file)").replacingOccurrences(of: "b350ba76-f6ed-11e9-a15b-42010aa80033", with: uid))
        }
        let rollout = try get(server, .rollouts, "jesse-test", "canary-demo", as: Rollout.self)
        let replicaSets = try ["canary-demo-65fb5ffc84", "canary-demo-877894d5b", "canary-demo-859c99b45c"].map {
            try get(server, .replicaSets, "jesse-test", $0, as: ReplicaSet.self)
        }
        let plan = try RolloutRequests.plan(.undo(toRevision: 29), for: rollout, objects: ObjectSet(replicaSets: replicaSets), now: Fixtures.now)
        #expect(try await run(plan, client).map(\.status) == [200])
        #expect(received(server) == plan.requests)
        let after = try get(server, .rollouts, "jesse-test", "canary-demo", as: Rollout.self)
        #expect(after.spec.template?.images == ["argoproj/rollouts-demo:asdf"])
        #expect(after.spec.template?.metadata?.labels?[Annotations.podTemplateHash] == nil)
    }

    @Test func setImagePutsTheWholeObject() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try store(server, .rollouts, Self.pausedCanary)
        let object = Data(try server.store.get(.rollouts, namespace: "ns", name: "r").bytes)
        let plan = try RolloutRequests.setImage(container: "web", image: "web:2", object: object, rolloutName: "r")
        #expect(try await run(plan, client).map(\.status) == [200])
        #expect(received(server) == plan.requests)
        let after = try get(server, .rollouts, "ns", "r", as: Rollout.self)
        #expect(after.spec.template?.images == ["web:2"])
        #expect(after.status.currentStepIndex == 1, "the PUT keeps every other field")
    }

    @Test func terminateAndRetryExperimentAndAnalysisRun() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try store(server, .experiments, fixture("experiment-analysis/experiment.yaml"))
        try store(server, .analysisRuns, fixture("experiment-analysis/canary-analysis.yaml"))
        let rollout = Rollout(metadata: ObjectMeta(name: "rollout-experiment-analysis", namespace: "jesse-test"))
        let runName = "rollout-experiment-analysis-random-fail-6f646bf7b7-skqcr"
        let expName = "rollout-experiment-analysis-6f646bf7b7-1-vcv27"
        for action in [RolloutAction.terminateAnalysisRun(name: runName), .terminateExperiment(name: expName), .retryExperiment(name: expName)] {
            server.faults.clearRequests()
            let plan = try RolloutRequests.plan(action, for: rollout, now: Fixtures.now)
            #expect(try await run(plan, client).map(\.status) == [200])
            #expect(received(server) == plan.requests)
        }
        #expect(try get(server, .analysisRuns, "jesse-test", runName, as: AnalysisRun.self).spec.terminate == true)
        let experiment = try get(server, .experiments, "jesse-test", expName, as: Experiment.self)
        #expect(experiment.spec.terminate == true)
    }

    /// A flagger-loadtester behind the service proxy, with its in-memory gates.
    final class Loadtester: @unchecked Sendable {
        let lock = NSLock()
        var open: Set<String> = []
        var seen: [String] = []

        func handle(_ r: ProxyRequest) -> ProxyResponse {
            lock.lock()
            defer { lock.unlock() }
            guard let body = try? JSONDecoder().decode([String: String].self, from: r.body), let name = body["name"], let ns = body["namespace"] else {
                return ProxyResponse(status: 400)
            }
            seen.append("\(r.method) \(r.path) \(name).\(ns)")
            let key = "\(name).\(ns)"
            switch r.path {
            case "/gate/open": open.insert(key); return ProxyResponse(status: 202)
            case "/gate/close": open.remove(key); return ProxyResponse(status: 202)
            case "/gate/check": return ProxyResponse(status: open.contains(key) ? 200 : 403)
            case "/rollback/open": open.insert("rollback.\(key)"); return ProxyResponse(status: 202)
            case "/rollback/close": open.remove("rollback.\(key)"); return ProxyResponse(status: 202)
            default: return ProxyResponse(status: 404)
            }
        }
    }

    @Test func flaggerGatesThroughTheServiceProxy() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let loadtester = Loadtester()
        try store(server, .services, #"{"metadata":{"name":"flagger-loadtester","namespace":"training-development"},"spec":{"ports":[{"name":"http","port":80}]}}"#)
        server.proxy.register(namespace: "training-development", service: "flagger-loadtester") { loadtester.handle($0) }
        var canary = try CanaryTests.apiGateway()
        canary.status.phase = "Waiting"
        let approve = try CanaryRequests.plan(.approve, for: canary, now: Fixtures.now)
        #expect(try await run(approve, client).map(\.status) == [202])
        #expect(received(server) == approve.requests)
        #expect(try await run(CanaryRequests.plan(.checkGate, for: canary, now: Fixtures.now), client).map(\.status) == [200])
        #expect(try await run(CanaryRequests.plan(.halt, for: canary, now: Fixtures.now), client).map(\.status) == [202])
        #expect(try await run(CanaryRequests.plan(.checkGate, for: canary, now: Fixtures.now), client).map(\.status) == [403])
        canary.status.phase = "Progressing"
        #expect(try await run(CanaryRequests.plan(.abort, for: canary, now: Fixtures.now), client).map(\.status) == [202])
        #expect(loadtester.seen == ["POST /gate/open api-gateway.training-development", "POST /gate/check api-gateway.training-development",
                                    "POST /gate/close api-gateway.training-development", "POST /gate/check api-gateway.training-development",
                                    "POST /rollback/open api-gateway.training-development"])
        #expect(loadtester.open == ["rollback.api-gateway.training-development"])
    }

    @Test func flaggerFlagsStatusAndRestart() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        let seed = try Fixtures.text(Fixtures.root.appendingPathComponent("seed/flagger-api-gateway-canary.yaml"))
        try store(server, .canaries, seed + "status: {phase: WaitingPromotion, failedChecks: 0}\n")
        try store(server, .deployments, """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api-gateway","namespace":"training-development"},
         "spec":{"selector":{"matchLabels":{"app":"api-gateway"}},"template":{"metadata":{"labels":{"app":"api-gateway"}},
         "spec":{"containers":[{"name":"gw","image":"gw:2"}]}}}}
        """)
        var canary = try get(server, .canaries, "training-development", "api-gateway", as: Canary.self)
        #expect(canary.status.phase == "WaitingPromotion")
        for action in [CanaryAction.promote, .suspend] {
            server.faults.clearRequests()
            let plan = try CanaryRequests.plan(action, for: canary, context: CanaryContext(), now: Fixtures.now)
            #expect(try await run(plan, client).map(\.status) == [200], "\(action)")
            #expect(received(server) == plan.requests, "\(action)")
        }
        canary = try get(server, .canaries, "training-development", "api-gateway", as: Canary.self)
        #expect(canary.spec.skipAnalysis == true)
        #expect(canary.spec.suspend == true)
        #expect(canary.status.failedChecks == 0)

        var noGate = canary
        noGate.spec.analysis?.webhooks = []  // without a rollback gate, abort sets failedChecks
        let abort = try CanaryRequests.plan(.abort, for: noGate, now: Fixtures.now)
        #expect(try await run(abort, client).map(\.status) == [200])
        #expect(try get(server, .canaries, "training-development", "api-gateway", as: Canary.self).status.failedChecks == 2)

        canary.status.phase = "Failed"
        let retry = try CanaryRequests.plan(.retry, for: canary, now: Fixtures.now)
        #expect(try await run(retry, client).map(\.status) == [200])
        let deployment = try get(server, .deployments, "training-development", "api-gateway", as: Deployment.self)
        #expect(deployment.spec.template?.metadata?.annotations?["kubectl.kubernetes.io/restartedAt"] == "2026-01-01T00:00:00Z")
        #expect(deployment.spec.template?.images == ["gw:2"], "a strategic merge keeps the containers")
    }

    @Test func runStopsAtTheFirstFailure() async {
        let plan = ActionPlan(requests: [.patch("/a", .merge, "{}"), .patch("/b", .merge, "{}")], onNotFound: [.patch("/c", .merge, "{}")], message: "")
        let forbidden = await plan.run { _ in 403 }
        #expect(forbidden.map(\.request.path) == ["/a"])
        let fallback = await plan.run { $0.path == "/a" ? 404 : 200 }
        #expect(fallback.map(\.request.path) == ["/a", "/c"])
    }
}
