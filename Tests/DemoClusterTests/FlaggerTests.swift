import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer
@testable import DemoCluster

/// The simulated Flagger and flagger-loadtester.
@Suite struct FlaggerTests {
    static let ns = "training-development"

    /// The guide's Canary with its target and a loadtester, Initialized.
    func guide() throws -> TestCluster {
        let t = try TestCluster(namespaces: [Self.ns])
        try t.create(.deployments, ["metadata": ["name": "api-gateway"],
                                    "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "api-gateway"]],
                                             "template": TestManifests.template("api-gateway", "example/api-gateway:1.0")]], ns: Self.ns)
        try t.create(.services, ["metadata": ["name": "flagger-loadtester"], "spec": ["ports": [["port": 80]]]], ns: Self.ns)
        try t.create(.canaries, GuideExamples.apiGatewayCanary, ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "Initialized" }, limit: 60))
        return t
    }

    /// POSTs to the loadtester through the API server's service proxy handler.
    func gate(_ t: TestCluster, _ path: String, name: String = "api-gateway") throws -> Int {
        let tester = try #require(t.cluster.loadTesters.loadTester(in: Self.ns))
        let body: JSON = ["name": .string(name), "namespace": .string(Self.ns)]
        return tester.proxyHandler(ProxyRequest(method: "POST", path: path, query: "", body: body.data)).status
    }

    func messages(_ t: TestCluster) throws -> [String] {
        try t.list(.events, ns: Self.ns).compactMap { $0["message"]?.stringValue }
    }

    @Test func initializationMakesThePrimaryAndServices() throws {
        let t = try guide()
        let names = Set(try t.list(.services, ns: Self.ns).map(\.name))
        #expect(names.isSuperset(of: ["api-gateway", "api-gateway-primary", "api-gateway-canary"]))
        let primary = try t.get(.deployments, "api-gateway-primary", ns: Self.ns)
        #expect(primary[path: ["spec", "template", "metadata", "labels", "app"]] == "api-gateway-primary")
        #expect(primary[path: ["status", "availableReplicas"]] == 2)
        #expect(try t.get(.deployments, "api-gateway", ns: Self.ns)[path: ["spec", "replicas"]] == 0)
        let canary = try t.get(.canaries, "api-gateway", ns: Self.ns)
        #expect(canary[path: ["status", "lastAppliedSpec"]] == canary[path: ["status", "lastPromotedSpec"]])
        #expect(canary.condition("Promoted")?["reason"] == "Initialized")
        #expect(try messages(t).contains("Initialization done! api-gateway.training-development"))
    }

    @Test func gatedBlueGreenRunThroughSkipAnalysisToSucceeded() throws {
        let t = try guide()
        try t.setImage(.deployments, "api-gateway", "example/api-gateway:1.1", ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "Waiting" }, limit: 30))
        t.advance(30)
        #expect(t.phase(.canaries, "api-gateway", ns: Self.ns) == "Waiting")
        #expect(try messages(t).contains("Halt api-gateway.training-development advancement waiting for approval ask for confirmation"))
        #expect(try t.get(.deployments, "api-gateway", ns: Self.ns)[path: ["spec", "replicas"]] == 2)

        #expect(try gate(t, "/gate/open") == 202)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "Progressing" }, limit: 30))
        #expect(try messages(t).contains("Starting canary analysis for api-gateway.training-development"))
        #expect(try gate(t, "/gate/close") == 202)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "WaitingPromotion" }, limit: 200))
        var canary = try t.get(.canaries, "api-gateway", ns: Self.ns)
        #expect(canary[path: ["status", "iterations"]] == 9)
        #expect(canary[path: ["status", "canaryWeight"]] == 0)
        #expect(try messages(t).contains("Advance api-gateway.training-development canary iteration 10/10"))
        #expect(try messages(t).contains("Halt api-gateway.training-development advancement waiting for promotion approval promote"))
        t.advance(60)
        #expect(t.phase(.canaries, "api-gateway", ns: Self.ns) == "WaitingPromotion")

        try t.mergeSpec(.canaries, "api-gateway", ["spec": ["skipAnalysis": true]], ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "Succeeded" }, limit: 60))
        canary = try t.get(.canaries, "api-gateway", ns: Self.ns)
        #expect(canary[path: ["status", "lastPromotedSpec"]] == canary[path: ["status", "lastAppliedSpec"]])
        let primary = try t.get(.deployments, "api-gateway-primary", ns: Self.ns)
        #expect(primary[path: ["spec", "template", "spec", "containers"]]?[0]?["image"] == "example/api-gateway:1.1")
        #expect(try t.get(.deployments, "api-gateway", ns: Self.ns)[path: ["spec", "replicas"]] == 0)
        let m = try messages(t)
        for expected in ["Copying api-gateway.training-development template spec to api-gateway-primary.training-development",
                         "Routing all traffic to primary", "Promotion completed! Scaling down api-gateway.training-development"] {
            #expect(m.contains(expected))
        }
    }

    @Test func rollbackGateFailsTheCanary() throws {
        let t = try guide()
        #expect(try gate(t, "/gate/open") == 202)
        try t.setImage(.deployments, "api-gateway", "example/api-gateway:1.1", ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "Progressing" }, limit: 60))
        #expect(try gate(t, "/rollback/open") == 202)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: Self.ns) == "Failed" }, limit: 30))
        let canary = try t.get(.canaries, "api-gateway", ns: Self.ns)
        #expect(canary[path: ["status", "failedChecks"]] == 0)
        #expect(canary.condition("Promoted")?["status"] == "False")
        #expect(try t.get(.deployments, "api-gateway", ns: Self.ns)[path: ["spec", "replicas"]] == 0)
        #expect(try messages(t).contains { $0.hasPrefix("Rolling back api-gateway.training-development manual webhook invoked") })
        #expect(try messages(t).contains("Canary failed! Scaling down api-gateway.training-development"))
    }

    @Test func weightsAdvanceByStepWeightAndCanOvershoot() throws {
        let t = try TestCluster(namespaces: [Self.ns])
        try t.create(.deployments, ["metadata": ["name": "podinfo"],
                                    "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "podinfo"]],
                                             "template": TestManifests.template("podinfo", "podinfo:6.7.0")]], ns: Self.ns)
        try t.create(.canaries, ["metadata": ["name": "podinfo"],
                                 "spec": ["provider": "istio", "targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "podinfo"],
                                          "service": ["port": 9898],
                                          "analysis": ["interval": "10s", "threshold": 2, "stepWeight": 20, "maxWeight": 50]]], ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "podinfo", ns: Self.ns) == "Initialized" }, limit: 60))
        try t.setImage(.deployments, "podinfo", "podinfo:6.7.1", ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "podinfo", ns: Self.ns) == "Succeeded" }, limit: 200))
        let m = try messages(t)
        for w in [20, 40, 60] { #expect(m.contains("Advance podinfo.training-development canary weight \(w)")) }
        #expect(!m.contains("Advance podinfo.training-development canary weight 80"))
    }

    @Test func failedChecksReachTheThreshold() throws {
        let t = try TestCluster(namespaces: [Self.ns])
        try t.create(.deployments, ["metadata": ["name": "legacy"],
                                    "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "legacy"]],
                                             "template": TestManifests.template("legacy", "legacy:1")]], ns: Self.ns)
        try t.create(.canaries, ["metadata": ["name": "legacy", "annotations": ["demo.rollscope.dev/analysis-outcome": "Failed"]],
                                 "spec": ["provider": "linkerd", "targetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "legacy"],
                                          "analysis": ["interval": "10s", "threshold": 2, "stepWeights": [10, 50]]]], ns: Self.ns)
        #expect(t.advance(until: { t.phase(.canaries, "legacy", ns: Self.ns) == "Initialized" }, limit: 60))
        try t.setImage(.deployments, "legacy", "legacy:2", ns: Self.ns)
        #expect(t.advance(until: { (try? t.get(.canaries, "legacy", ns: Self.ns))?[path: ["status", "failedChecks"]] == 1 }, limit: 60))
        #expect(t.advance(until: { t.phase(.canaries, "legacy", ns: Self.ns) == "Failed" }, limit: 60))
        #expect(try t.get(.canaries, "legacy", ns: Self.ns)[path: ["status", "failedChecks"]] == 0)
        #expect(try messages(t).contains("Rolling back legacy.training-development failed checks threshold reached 2"))
    }

    @Test func loadTesterGateAPI() {
        let tester = FlaggerLoadTester()
        let body = Data(#"{"name":"podinfo","namespace":"test"}"#.utf8)
        #expect(tester.handle(method: "POST", path: "/gate/check", body: body).status == 403)
        #expect(tester.handle(method: "POST", path: "/gate/open", body: body).status == 202)
        #expect(tester.handle(method: "POST", path: "/gate/check", body: body).status == 200)
        #expect(tester.handle(method: "POST", path: "/rollback/check", body: body).status == 403)
        #expect(tester.handle(method: "POST", path: "/gate/close", body: body).status == 202)
        #expect(tester.handle(method: "POST", path: "/gate/check", body: body).status == 403)
        #expect(tester.handle(method: "POST", path: "/rollback/open", body: body).status == 202)
        #expect(tester.handle(method: "POST", path: "/rollback/check", body: body).status == 200)
        #expect(tester.handle(method: "POST", path: "/gate/halt", body: body).status == 403)
        #expect(tester.handle(method: "POST", path: "/gate/approve", body: body).status == 200)
        #expect(tester.handle(method: "POST", path: "/gate/open", body: Data()).status == 400)
        #expect(tester.handle(method: "POST", path: "/gate/open", body: Data(#"{"name":"x"}"#.utf8)).status == 400)
        let other = Data(#"{"name":"other","namespace":"test"}"#.utf8)
        #expect(tester.handle(method: "POST", path: "/gate/check", body: other).status == 403)
    }
}
