import Foundation
import JSONValue
import KubeModel
import NIOHTTP1
import Testing
@testable import APIServer

/// The reviews a user creates about themselves (`kubectl auth can-i`, `auth can-i --list`,
/// `auth whoami`), answered from the same decision the server authorizes requests by.
@Suite(.serialized) struct SelfReviewTests {
    static let accessReviews = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
    static let rulesReviews = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"

    /// The server, a rollout `shop/cart`, and a way to post as any of its users.
    struct Bench {
        let server: EmbeddedAPIServer
        let client: LoopbackClient

        func credential(_ name: String) throws -> LoopbackClient.Credential {
            .token(try #require(server.credentials.users.first { $0.name == name }).token)
        }

        func post(_ path: String, _ body: JSON, as user: String) async throws -> (status: Int, json: JSON) {
            let r = try await client.send(.POST, path, credential: try credential(user), contentType: "application/json",
                                          body: String(decoding: body.serialized(), as: UTF8.self))
            return (r.status, (try? JSON(parsing: r.body)) ?? .null)
        }

        /// `kubectl auth can-i VERB RESOURCE[/SUB] [NAME] -n NS` as `user`.
        func canI(_ user: String, _ verb: String, _ resource: String, group: String = "argoproj.io", subresource: String = "",
                  name: String = "", namespace: String = "shop") async throws -> Bool? {
            let attributes: JSON = ["namespace": .string(namespace), "verb": .string(verb), "group": .string(group),
                                    "resource": .string(resource), "subresource": .string(subresource), "name": .string(name)]
            let (status, json) = try await post(SelfReviewTests.accessReviews, ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                                                                                 "spec": ["resourceAttributes": attributes]], as: user)
            #expect(status == 201)
            #expect(json[path: ["spec", "resourceAttributes"]] == attributes, "the review comes back with its spec")
            return json[path: ["status", "allowed"]]?.boolValue
        }

        /// What the real request decides: the status of PATCH on `shop/NAME[/status]` as `user`.
        func patchStatus(_ user: String, name: String = "cart", subresource: Bool) async throws -> Int {
            try await client.send(.PATCH, "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/\(name)" + (subresource ? "/status" : ""),
                                  credential: try credential(user), contentType: "application/merge-patch+json",
                                  body: #"{"metadata":{"labels":{"x":"y"}}}"#).status
        }
    }

    static func bench() throws -> Bench {
        let (server, client) = try startServer()
        for ns in ["shop", "web"] { try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]]) }
        for name in ["cart", "checkout"] {
            try server.store.create(.rollouts, namespace: "shop", object: ["metadata": ["name": .string(name)], "spec": [:]])
        }
        return Bench(server: server, client: client)
    }

    @Test func anAccessReviewAnswersAsTheRequestItselfIsDecided() async throws {
        let b = try Self.bench()
        defer { b.server.stop() }
        // (user, rollout, status subresource): the review's answer is the real request's.
        let cases: [(String, String, Bool)] = [
            ("admin", "cart", true), ("viewer", "cart", true), ("viewer", "cart", false), ("spec-patcher", "cart", false),
            ("spec-patcher", "cart", true), ("cart-promoter", "cart", true), ("cart-promoter", "checkout", true),
            ("shop-viewer", "cart", false),
        ]
        for (user, name, status) in cases {
            let allowed = try await b.canI(user, "patch", "rollouts", subresource: status ? "status" : "", name: name)
            let real = try await b.patchStatus(user, name: name, subresource: status)
            #expect(allowed == (real == 200), "\(user) patch \(name)\(status ? "/status" : ""): review \(String(describing: allowed)), request \(real)")
        }
        #expect(try await b.canI("spec-patcher", "patch", "rollouts") == true)
        #expect(try await b.canI("spec-patcher", "patch", "rollouts", subresource: "status") == false)
        #expect(try await b.canI("spec-patcher", "patch", "rollouts", namespace: "web") == false, "a namespace-scoped role")
        #expect(try await b.canI("shop-viewer", "list", "rollouts", namespace: "") == false, "empty namespace: all namespaces")
        #expect(try await b.canI("viewer", "list", "rollouts", namespace: "") == true, "cluster-wide")
        #expect(try await b.canI("cart-promoter", "patch", "rollouts", subresource: "status") == false, "no name: every name")
        #expect(try await b.canI("viewer", "create", "selfsubjectaccessreviews", group: "authorization.k8s.io", namespace: "") == true)
        #expect(try await b.canI("admin", "create", "services", group: "", subresource: "proxy", name: "flagger-loadtester") == true)
    }

    @Test func aDeniedReviewSaysSoAndAnAllowedOneWhy() async throws {
        let b = try Self.bench()
        defer { b.server.stop() }
        let spec: JSON = ["resourceAttributes": ["namespace": "shop", "verb": "patch", "group": "argoproj.io", "resource": "rollouts",
                                                 "subresource": "status"]]
        let denied = try await b.post(Self.accessReviews, ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": spec], as: "viewer")
        #expect(denied.status == 201)
        #expect(denied.json["kind"]?.stringValue == "SelfSubjectAccessReview")
        #expect(denied.json["status"] == ["allowed": false])
        let allowed = try await b.post(Self.accessReviews, ["kind": "SelfSubjectAccessReview", "spec": spec], as: "admin")
        #expect(allowed.json[path: ["status", "allowed"]] == true)
        #expect(allowed.json[path: ["status", "reason"]]?.stringValue?.contains("admin") == true)
        let nonResource = try await b.post(Self.accessReviews, ["spec": ["nonResourceAttributes": ["path": "/version", "verb": "get"]]], as: "shop-viewer")
        #expect(nonResource.json[path: ["status", "allowed"]] == true)
        let neither = try await b.post(Self.accessReviews, ["spec": [:]], as: "viewer")
        #expect(neither.status == 422)
        #expect(try await b.client.send(.GET, Self.accessReviews, credential: try b.credential("admin")).status == 405)
    }

    @Test func aRulesReviewListsTheRulesThatApplyInTheNamespace() async throws {
        let b = try Self.bench()
        defer { b.server.stop() }
        func rules(_ user: String, _ ns: String) async throws -> (Int, [JSON], JSON) {
            let (status, json) = try await b.post(Self.rulesReviews, ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview",
                                                                      "spec": ["namespace": .string(ns)]], as: user)
            return (status, json[path: ["status", "resourceRules"]]?.arrayValue ?? [], json[path: ["status", "incomplete"]] ?? .null)
        }
        let basic: JSON = ["verbs": ["create"], "apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]]
        let (status, patcher, incomplete) = try await rules("spec-patcher", "shop")
        #expect(status == 201)
        #expect(incomplete == false)
        #expect(patcher.first == ["verbs": ["get", "list", "watch"], "apiGroups": ["*"], "resources": ["*"]])
        #expect(patcher.dropFirst().first == ["verbs": ["patch"], "apiGroups": ["argoproj.io"], "resources": ["rollouts"]])
        #expect(patcher.contains(basic))
        let (_, elsewhere, _) = try await rules("spec-patcher", "web")
        #expect(!elsewhere.contains { $0["verbs"] == ["patch"] }, "a namespaced role's rules are listed in its namespace only")
        let (_, promoter, _) = try await rules("cart-promoter", "shop")
        #expect(promoter.first?["resourceNames"] == ["cart"])
        let (_, admin, _) = try await rules("admin", "web")
        #expect(admin.first == ["verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]])
        let missing = try await b.post(Self.rulesReviews, ["kind": "SelfSubjectRulesReview", "spec": [:]], as: "viewer")
        #expect(missing.status == 400)
        #expect(missing.json["message"]?.stringValue == "no namespace on request")
    }

    @Test func whoamiAndDiscoveryNameTheReviews() async throws {
        let b = try Self.bench()
        defer { b.server.stop() }
        let me = try await b.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", ["kind": "SelfSubjectReview"], as: "shop-viewer")
        #expect(me.status == 201)
        #expect(me.json[path: ["status", "userInfo", "username"]]?.stringValue == "shop-viewer")
        let admin = try b.credential("admin")
        let groups = try JSON(parsing: try await b.client.send(.GET, "/apis", credential: admin).body)
        let names = (groups["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names.suffix(2) == ["authorization.k8s.io", "authentication.k8s.io"])
        let list = try JSON(parsing: try await b.client.send(.GET, "/apis/authorization.k8s.io/v1", credential: admin).body)
        let resources = (list["resources"]?.arrayValue ?? []).map { [$0["name"] ?? .null, $0["verbs"] ?? .null] }
        #expect(resources == [["selfsubjectaccessreviews", ["create"]], ["selfsubjectrulesreviews", ["create"]]])
        #expect(try await b.client.send(.GET, "/apis/authorization.k8s.io", credential: admin).status == 200)
        #expect(try await b.client.send(.POST, "/apis/authorization.k8s.io/v1/subjectaccessreviews", credential: admin).status == 404)
    }

    /// One length-delimited protobuf field.
    static func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count < 128)
        return [number << 3 | 2, UInt8(bytes.count)] + bytes
    }

    static func field(_ number: UInt8, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    /// kubectl's typed client posts the reviews as Kubernetes protobuf (`k8s\0` and a
    /// runtime.Unknown whose raw is the review): they are read and answered in JSON.
    @Test func kubectlsProtobufReviewsAreRead() async throws {
        let b = try Self.bench()
        defer { b.server.stop() }
        func post(_ path: String, kind: String, _ message: [UInt8], as user: String) async throws -> (Int, JSON) {
            let typeMeta = Self.field(1, "authorization.k8s.io/v1") + Self.field(2, kind)
            let envelope: [UInt8] = Array("k8s".utf8) + [0] + Self.field(1, typeMeta) + Self.field(2, message)
            let r = try await b.client.send(.POST, path, credential: try b.credential(user), contentType: "application/vnd.kubernetes.protobuf",
                                            body: String(decoding: envelope, as: UTF8.self))
            return (r.status, (try? JSON(parsing: r.body)) ?? .null)
        }
        let attributes = Self.field(1, "shop") + Self.field(2, "patch") + Self.field(3, "argoproj.io") + Self.field(5, "rollouts")
            + Self.field(6, "status")
        let access = Self.field(1, []) + Self.field(2, Self.field(1, attributes))
        let (status, viewer) = try await post(Self.accessReviews, kind: "SelfSubjectAccessReview", access, as: "viewer")
        #expect(status == 201)
        #expect(viewer[path: ["spec", "resourceAttributes"]] == ["namespace": "shop", "verb": "patch", "group": "argoproj.io",
                                                                  "resource": "rollouts", "subresource": "status"])
        #expect(viewer[path: ["status", "allowed"]] == false)
        #expect(try await post(Self.accessReviews, kind: "SelfSubjectAccessReview", access, as: "admin").1[path: ["status", "allowed"]] == true)
        let (_, rules) = try await post(Self.rulesReviews, kind: "SelfSubjectRulesReview", Self.field(2, Self.field(1, "shop")), as: "spec-patcher")
        #expect(rules[path: ["status", "resourceRules"]]?.arrayValue?.contains { $0["verbs"] == ["patch"] } == true)
        #expect(try await post(Self.accessReviews, kind: "SelfSubjectAccessReview", [0xff], as: "viewer").0 == 400)
    }

    @Test func aForbiddenNamespaceIsRefusedInReviewsAsInRequests() async throws {
        let b = try Self.bench()
        defer { b.server.stop() }
        b.server.faults.forbidNamespace("shop")
        #expect(try await b.canI("admin", "patch", "rollouts") == false)
        #expect(try await b.patchStatus("admin", subresource: false) == 403)
    }
}
