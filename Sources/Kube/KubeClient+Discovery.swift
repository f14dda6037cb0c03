import Foundation
import KubeModel

/// Discovery, as kubectl reads it: which API groups and resources the server serves. A cluster
/// without a tool's CRDs serves neither its group nor its resources.
extension KubeClient {
    /// The names of the API groups the server serves (`GET /apis`; the core group is not listed).
    public func servedGroups() async throws -> Set<String> {
        struct GroupList: Decodable {
            struct Group: Decodable { var name: String }
            var groups: [Group]?
        }
        let list = try decode(GroupList.self, try await send(APIRequest(method: .get, path: "/apis")))
        return Set((list.groups ?? []).map(\.name))
    }

    /// The server's version as `kubectl version` shows it: `GET /version`'s `gitVersion` (`v1.32.0`).
    public func serverVersion() async throws -> String {
        struct Info: Decodable { var gitVersion: String }
        return try decode(Info.self, try await send(APIRequest(method: .get, path: "/version"))).gitVersion
    }

    /// Whether the server serves `resource` (its group version lists its plural); a group
    /// version that is not served (404) serves nothing.
    public func serves(_ resource: ResourceType) async throws -> Bool {
        struct ResourceList: Decodable {
            struct Resource: Decodable { var name: String }
            var resources: [Resource]?
        }
        do {
            let list = try decode(ResourceList.self, try await send(APIRequest(method: .get, path: resource.groupVersionPath)))
            return (list.resources ?? []).contains { $0.name == resource.plural }
        } catch KubeError.notFound {
            return false
        }
    }
}

extension ResourceType {
    /// kubectl's words for a resource type the server does not serve.
    public var notServedMessage: String { "error: the server doesn't have a resource type \"\(plural)\"" }
}
