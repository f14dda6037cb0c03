import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
@testable import APIServer

/// Clusters with one tool, or neither: a group whose CRDs are not installed is left out of
/// discovery and answers `404 page not found` as kube-apiserver does; groups come and go while
/// the server runs. And the narrow RBAC users the demo writes into its kubeconfig.
@Suite(.serialized) struct ServedGroupsAndRolesTests {
    static let canaries = "/apis/flagger.app/v1beta1/namespaces/demo/canaries"
    static let rollouts = "/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts"

    @Test func aGroupNotInstalledIsNotDiscoveredAndAnswersPageNotFound() async throws {
        let (server, client) = try startServer(.init(customGroups: ["argoproj.io"]))
        defer { server.stop() }
        let groups = try JSON(parsing: try await client.send(.GET, "/apis").body)
        let names = (groups["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names.contains("argoproj.io"))
        #expect(!names.contains("flagger.app"))
        for path in [Self.canaries, Self.canaries + "/podinfo", "/apis/flagger.app/v1beta1", "/apis/flagger.app",
                     "/apis/flagger.app/v1beta1/canaries?watch=true"] {
            let r = try await client.send(.GET, path)
            #expect(r.status == 404, "\(path)")
            #expect(r.text == "404 page not found\n", "\(path)")
            #expect(r.headers.first(name: "Content-Type") == "text/plain; charset=utf-8")
        }
        #expect(try await client.send(.GET, Self.rollouts).status == 200)
        #expect(try await client.send(.GET, "/apis/argoproj.io/v1alpha1").status == 200)
        let openAPI = try await client.send(.GET, "/openapi/v3").text
        #expect(openAPI.contains("apis/argoproj.io/v1alpha1") && !openAPI.contains("flagger.app"), "\(openAPI)")
        #expect(try await client.send(.GET, "/openapi/v3/apis/flagger.app/v1beta1").status == 404)
    }

    @Test func neitherToolServesOnlyBuiltInGroups() async throws {
        let (server, client) = try startServer(.init(customGroups: []))
        defer { server.stop() }
        let names = (try JSON(parsing: try await client.send(.GET, "/apis").body)["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names == ["apps", "authorization.k8s.io", "authentication.k8s.io"], "the built-in groups, the self reviews' too")
        #expect(try await client.send(.GET, Self.rollouts).status == 404)
        #expect(try await client.send(.GET, "/api/v1/namespaces").status == 200)
    }

    @Test func aGroupRemovedWhileRunningEndsItsWatchesAndComesBackWhenInstalled() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        try server.store.create(.canaries, namespace: "demo", object: ["metadata": ["name": "podinfo"], "spec": [:]])
        let (watch, channel) = try client.start(.GET, Self.canaries + "?watch=true", credential: .token(server.credentials.adminToken))
        defer { channel.close(promise: nil) }
        #expect(await watch.wait { $0.status == 200 && $0.lines.contains { $0.contains("ADDED") } })
        server.groups.remove("flagger.app")
        #expect(await watch.wait { $0.ended || $0.closed }, "the watch on a removed group ends")
        #expect(try await client.send(.GET, Self.canaries).status == 404)
        #expect(!server.groups.serves("flagger.app"))
        server.groups.install("flagger.app")
        let list = try await client.send(.GET, Self.canaries)
        #expect(list.status == 200)
        #expect(list.text.contains("\"podinfo\""), "the objects come back with their group")
    }

    /// `cart-promoter` may get and patch shop/cart (and its status), nothing else;
    /// `cart-operator` may also list ReplicaSets in shop; `shop-viewer` reads shop only.
    @Test func narrowUsersMayDoWhatTheirRulesNameOnly() async throws {
        let (server, client) = try startServer()
        defer { server.stop() }
        for ns in ["shop", "web"] { try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]]) }
        for name in ["cart", "checkout"] {
            try server.store.create(.rollouts, namespace: "shop", object: ["metadata": ["name": .string(name)], "spec": [:]])
        }
        func user(_ name: String) throws -> LoopbackClient.Credential {
            .token(try #require(server.credentials.narrow.first { $0.name == name }).token)
        }
        func status(_ method: HTTPMethod, _ path: String, as name: String, body: String? = nil) async throws -> Int {
            try await client.send(method, path, credential: try user(name), contentType: body == nil ? nil : "application/merge-patch+json",
                                  body: body).status
        }
        let shop = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts"
        let patch = #"{"spec":{"paused":true}}"#
        #expect(try await status(.GET, shop + "/cart", as: "cart-promoter") == 200)
        #expect(try await status(.PATCH, shop + "/cart", as: "cart-promoter", body: patch) == 200)
        #expect(try await status(.PATCH, shop + "/cart/status", as: "cart-promoter", body: #"{"status":{"abort":false}}"#) == 200)
        #expect(try await status(.GET, shop + "/checkout", as: "cart-promoter") == 403)
        #expect(try await status(.PATCH, shop + "/checkout", as: "cart-promoter", body: patch) == 403)
        #expect(try await status(.GET, shop, as: "cart-promoter") == 403)
        #expect(try await status(.GET, shop + "?fieldSelector=metadata.name%3Dcart", as: "cart-promoter") == 403, "list is not get")
        #expect(try await status(.GET, "/apis/apps/v1/namespaces/shop/replicasets", as: "cart-promoter") == 403)
        #expect(try await status(.GET, "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dcart", as: "cart-operator") == 200)
        #expect(try await status(.GET, "/apis/apps/v1/namespaces/web/replicasets", as: "cart-operator") == 403)
        #expect(try await status(.GET, shop, as: "shop-viewer") == 200)
        #expect(try await status(.GET, "/apis/argoproj.io/v1alpha1/rollouts", as: "shop-viewer") == 403)
        #expect(try await status(.GET, "/apis/argoproj.io/v1alpha1/namespaces/web/rollouts", as: "shop-viewer") == 403)
        #expect(try await status(.PATCH, shop + "/cart", as: "shop-viewer", body: patch) == 403)
        let denied = try await client.send(.GET, shop + "/checkout", credential: try user("cart-promoter"))
        #expect(try JSONDecoder().decode(APIStatus.self, from: Data(denied.body)).message
            == #"rollouts.argoproj.io "checkout" is forbidden: User "cart-promoter" cannot get resource "rollouts" in API group "argoproj.io" in the namespace "shop""#)
    }

    @Test func aListNarrowedToOneNameIsAuthorizedByResourceNames() {
        let rule = AccessRule(verbs: ["list", "watch"], groups: ["argoproj.io"], resources: ["rollouts"], resourceNames: ["cart"], namespace: "shop")
        #expect(rule.allows(.init(verb: "watch", group: "argoproj.io", resource: "rollouts", name: "cart", namespace: "shop")))
        #expect(!rule.allows(.init(verb: "watch", group: "argoproj.io", resource: "rollouts", name: nil, namespace: "shop")))
        #expect(!rule.allows(.init(verb: "watch", group: "argoproj.io", resource: "rollouts", name: "cart", namespace: nil)))
        #expect(!rule.allows(.init(verb: "list", group: "argoproj.io", resource: "rollouts/status", name: "cart", namespace: "shop")))
    }

    @Test func theKubeconfigHasAContextPerNarrowUser() throws {
        let server = try EmbeddedAPIServer()
        try server.start()
        defer { server.stop() }
        let yaml = server.kubeconfigYAML()
        for user in server.credentials.narrow {
            #expect(yaml.contains("- name: \(user.name)\n  context:\n    cluster: rollscope-demo\n    user: \(user.name)\n"))
            #expect(yaml.contains("- name: \(user.name)\n  user:\n    token: \(user.token)\n"))
        }
        #expect(EmbeddedAPIServer.contextNames.suffix(4) == ["cart-promoter", "cart-operator", "shop-viewer", "spec-patcher"])
    }
}
