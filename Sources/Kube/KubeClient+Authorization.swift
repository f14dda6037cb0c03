import Foundation
import KubeModel

/// The reviews a user may create about themselves, as kubectl's `auth whoami` and `auth can-i`
/// send them (POST, answered at once, 201).
extension KubeClient {
    /// What a SelfSubjectRulesReview answers for one namespace.
    public struct RulesReview: Sendable, Hashable {
        public var rules: [PolicyRule]
        /// The server's list may be short of what the user may (another authorizer also decides).
        public var incomplete: Bool
    }

    /// `kubectl auth can-i --list -n NAMESPACE`: the user's resource rules there.
    public func rulesReview(namespace: String) async throws -> RulesReview {
        struct Review: Decodable {
            struct Status: Decodable {
                var resourceRules: [PolicyRule]?
                var incomplete: Bool?
            }
            var status: Status?
        }
        let body = #"{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":\#(Self.quoted(namespace))}}"#
        let review = try decode(Review.self, try await send(Self.review("authorization.k8s.io", "selfsubjectrulesreviews", body)))
        return RulesReview(rules: review.status?.resourceRules ?? [], incomplete: review.status?.incomplete ?? false)
    }

    /// `kubectl auth can-i VERB RESOURCE/SUB NAME -n NS`: whether the user may.
    public func accessReview(_ a: ResourceAttributes) async throws -> Bool {
        struct Review: Decodable {
            struct Status: Decodable { var allowed: Bool? }
            var status: Status?
        }
        let fields = [("namespace", a.namespace ?? ""), ("verb", a.verb), ("group", a.group), ("resource", a.resource),
                      ("subresource", a.subresource ?? ""), ("name", a.name ?? "")]
        let attributes = fields.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",")
        let body = #"{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{\#(attributes)}}}"#
        return try decode(Review.self, try await send(Self.review("authorization.k8s.io", "selfsubjectaccessreviews", body))).status?.allowed ?? false
    }

    /// `kubectl auth whoami`: the user name the server knows the credentials by.
    public func whoAmI() async throws -> String {
        struct Review: Decodable {
            struct Status: Decodable {
                struct UserInfo: Decodable { var username: String? }
                var userInfo: UserInfo?
            }
            var status: Status?
        }
        let body = #"{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}"#
        let review = try decode(Review.self, try await send(Self.review("authentication.k8s.io", "selfsubjectreviews", body)))
        guard let name = review.status?.userInfo?.username, !name.isEmpty else { throw KubeError.decoding("SelfSubjectReview: no user name") }
        return name
    }

    private static func review(_ group: String, _ plural: String, _ body: String) -> APIRequest {
        APIRequest(method: .post, path: "/apis/\(group)/v1/\(plural)", contentType: "application/json", body: Data(body.utf8))
    }

    private static func quoted(_ s: String) -> String {
        String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
