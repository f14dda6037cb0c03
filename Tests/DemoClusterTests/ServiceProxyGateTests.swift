import Foundation
import JSONValue
import KubeModel
import NIOCore
import NIOHTTP1
import Testing
@testable import APIServer
@testable import DemoCluster

/// The flagger-loadtester reached over HTTP through the API server's service proxy, as kubectl
/// or rollscope reach it, with the simulated Flagger reacting to the opened gate.
@Suite struct ServiceProxyGateTests {
    @Test func openingTheGateThroughTheAPIStartsTheAnalysis() async throws {
        let ns = "training-development"
        let t = try TestCluster(namespaces: [ns])
        try t.server.start()
        defer { t.server.stop() }
        try t.create(.deployments, ["metadata": ["name": "api-gateway"],
                                    "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "api-gateway"]],
                                             "template": TestManifests.template("api-gateway", "example/api-gateway:1.0")]], ns: ns)
        try t.create(.services, ["metadata": ["name": "flagger-loadtester"], "spec": ["ports": [["name": "http", "port": 80]]]], ns: ns)
        try t.create(.canaries, GuideExamples.apiGatewayCanary, ns: ns)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: ns) == "Initialized" }, limit: 60))
        try t.setImage(.deployments, "api-gateway", "example/api-gateway:1.1", ns: ns)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: ns) == "Waiting" }, limit: 30))

        let client = LoopbackClient(t.server)
        let token = LoopbackClient.Credential.token(t.server.credentials.adminToken)
        let proxy = "/api/v1/namespaces/\(ns)/services/flagger-loadtester:80/proxy"
        let body = #"{"name":"api-gateway","namespace":"training-development"}"#
        func post(_ path: String) async throws -> (Int, String) {
            let (response, _) = try client.start(.POST, proxy + path, credential: token, contentType: "application/json", body: body)
            #expect(await response.wait { $0.ended })
            return (response.status, response.text)
        }
        #expect(try await post("/gate/check").0 == 403)
        #expect(try await post("/gate/open").0 == 202)
        #expect(try await post("/gate/check").0 == 200)
        let (bad, _) = try client.start(.POST, proxy + "/gate/open", credential: token, contentType: "application/json", body: "")
        #expect(await bad.wait { $0.ended })
        #expect(bad.status == 400)
        #expect(t.advance(until: { t.phase(.canaries, "api-gateway", ns: ns) == "Progressing" }, limit: 30))
    }
}
