import Foundation
import JSONValue
import KubeModel

/// Typed requests: the path and query of each operation, and decoding of the answers.
extension KubeClient {
    /// GET one object (or one of its subresources).
    public func get<T: Decodable>(_ type: T.Type, _ resource: ResourceType, namespace: String?, name: String,
                                  subresource: String? = nil) async throws -> T {
        try decode(type, try await send(APIRequest(method: .get, path: resource.path(namespace: namespace, name: name, subresource: subresource))))
    }

    /// One page of a list.
    public func list<T: Decodable & Sendable>(_ type: T.Type, _ resource: ResourceType, _ scope: ListScope = ListScope(),
                                              limit: Int? = nil, continueToken: String? = nil) async throws -> ObjectList<T> {
        try decode(ObjectList<T>.self, try await send(Self.listRequest(resource, scope, limit: limit, continueToken: continueToken)))
    }

    /// The whole list, page by page (`limit` items each) on one snapshot. A continue token that
    /// expired mid-way (410) restarts the list once without paging, as client-go's pager does.
    public func listAll<T: Decodable & Sendable>(_ type: T.Type, _ resource: ResourceType, _ scope: ListScope = ListScope(),
                                                 pageSize: Int = 500) async throws -> ObjectList<T> {
        var all: ObjectList<T>?
        try await listPages(type, resource, scope, pageSize: pageSize) { page in
            switch page {
            case let .page(list):
                guard all != nil else { all = list; return }
                all?.items.append(contentsOf: list.items)
                all?.unreadable.append(contentsOf: list.unreadable)
            case let .restarted(list):
                all = list
            }
        }
        guard var list = all else { throw KubeError.decoding("\(T.self): the list answered no page") }
        list.metadata.continue = nil
        list.metadata.remainingItemCount = nil
        return list
    }

    /// A list page by page (`limit` items each) on one snapshot, each page handed to `handle` as
    /// soon as it is decoded, in order. A continue token that expired mid-way (410) restarts the
    /// list once without paging, as client-go's pager does: `handle` then gets the whole list as
    /// `.restarted`, in place of the pages before. The next page is asked for once this one is
    /// handled: asking for it while decoding this one was measured twice on the embedded server
    /// and made nothing faster (docs/benchmarks.md, `bench console`).
    public func listPages<T: Decodable & Sendable>(_ type: T.Type, _ resource: ResourceType, _ scope: ListScope = ListScope(),
                                                   pageSize: Int = 500,
                                                   _ handle: (ListPage<T>) async throws -> Void) async throws {
        var page = try await list(type, resource, scope, limit: pageSize)
        while true {
            let token = page.metadata.continue
            try await handle(.page(page))
            guard let next = token, !next.isEmpty else { return }
            do {
                page = try await list(type, resource, scope, limit: pageSize, continueToken: next)
            } catch KubeError.gone {
                try await handle(.restarted(try await list(type, resource, scope)))
                return
            }
        }
    }

    /// A merge patch or JSON patch (`APIRequest.PatchType`) to an object or its `status`; returns the result.
    public func patch<T: Decodable>(_ type: T.Type, _ resource: ResourceType, namespace: String?, name: String,
                                    subresource: String? = nil, _ patchType: APIRequest.PatchType, body: Data) async throws -> T {
        let request = APIRequest(method: .patch, path: resource.path(namespace: namespace, name: name, subresource: subresource),
                                 contentType: patchType.rawValue, body: body)
        return try decode(type, try await send(request))
    }

    /// PUT a whole object (its `metadata.resourceVersion` is the precondition: a stale one is a conflict).
    public func replace<T: Decodable, Body: Encodable>(_ type: T.Type, _ resource: ResourceType, namespace: String?, name: String,
                                                       subresource: String? = nil, object: Body) async throws -> T {
        let body: Data
        do { body = try JSONEncoder().encode(object) } catch { throw KubeError.decoding("cannot encode the object: \(error)") }
        let request = APIRequest(method: .put, path: resource.path(namespace: namespace, name: name, subresource: subresource),
                                 contentType: "application/json", body: body)
        return try decode(type, try await send(request))
    }

    /// A request through the service (or pod) proxy: `/api/v1/namespaces/NS/services/ID/proxy/PATH`
    /// (`pods/ID/proxy/PATH`), `id` being `name`, `name:port` or `scheme:name:port`.
    public func proxy(_ method: APIRequest.Method, _ resource: ResourceType = .services, namespace: String, id: String, path: String,
                      contentType: String? = nil, body: Data? = nil) async throws -> Response {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        let base = resource.path(namespace: namespace, name: id, subresource: "proxy")
        return try await send(APIRequest(method: method, path: "\(base)/\(trimmed)", contentType: contentType, body: body))
    }

    /// Watches from `resourceVersion`, with bookmarks: each event is decoded as its line arrives
    /// and handed to `onEvent` there, on the transport's thread, one after another; returns when
    /// the server closes the watch. A line that is not an event, or an error `onEvent` throws,
    /// ends the watch with that error (after the events before it) and aborts its transfer;
    /// cancelling the calling task ends it too. `onOpen` is called once the server has accepted
    /// the watch.
    public func watch<T: KubeObject>(_ type: T.Type, _ resource: ResourceType, _ scope: ListScope = ListScope(),
                                     resourceVersion: String?, timeoutSeconds: Int? = nil,
                                     onOpen: (@Sendable () -> Void)? = nil,
                                     onEvent: @escaping @Sendable (WatchEvent<T>) throws -> Void) async throws {
        try await receive(Self.watchRequest(resource, scope, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds), text: false,
                          onOpen: onOpen) { try onEvent(try WatchEvent<T>.decode($0)) }
    }

    /// Decodes a 2xx answer's body.
    public func decode<T: Decodable>(_ type: T.Type, _ response: Response) throws -> T {
        do { return try ScanningJSONDecoder().decode(type, from: response.body) } catch {
            throw KubeError.decoding("\(T.self): \(DecodingFailure.describe(error))")
        }
    }

    static func listRequest(_ resource: ResourceType, _ scope: ListScope, limit: Int?, continueToken: String?) -> APIRequest {
        var query = scope.query
        if let limit { query.append(("limit", String(limit))) }
        if let continueToken { query.append(("continue", continueToken)) }
        return APIRequest(method: .get, path: resource.path(namespace: scope.namespace), query: query)
    }

    static func watchRequest(_ resource: ResourceType, _ scope: ListScope, resourceVersion: String?, timeoutSeconds: Int?) -> APIRequest {
        var query = scope.query
        query.append(("watch", "true"))
        if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
        query.append(("allowWatchBookmarks", "true"))
        if let timeoutSeconds { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        return APIRequest(method: .get, path: resource.path(namespace: scope.namespace), query: query)
    }
}
