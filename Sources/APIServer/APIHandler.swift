import Foundation
import JSONValue
import KubeModel

/// One HTTP request, decoded from the wire.
struct IncomingRequest {
    var method: String
    var path: String
    var query: QueryParameters
    var rawQuery: String
    var contentType: String?
    var accept: String?
    var body: [UInt8]
}

/// What the server answers: a whole response, or a watch stream to open.
enum Reply {
    case response(status: Int, contentType: String, body: [UInt8], headers: [(String, String)])
    case watch(ObjectStore.WatchOptions, timeoutSeconds: Int64?, table: TableConverter?)
    case proxy(ServiceProxy.Handler, ProxyRequest)
    /// A followed pod log: streamed as `text/plain` until the container stops or the client goes away.
    case logs(PodLogs, PodLogs.Key, PodLogOptions)

    static func json(_ value: JSON, status: Int = 200) -> Reply {
        .response(status: status, contentType: "application/json", body: value.serialized(), headers: [])
    }

    static func object(_ o: StoredObject, status: Int = 200) -> Reply {
        .response(status: status, contentType: "application/json", body: o.bytes, headers: [])
    }

    /// Go's `http.NotFound`: what kube-apiserver answers under a group that no API (or CRD) defines.
    static let pageNotFound = Reply.response(status: 404, contentType: "text/plain; charset=utf-8",
                                             body: Array("404 page not found\n".utf8), headers: [("X-Content-Type-Options", "nosniff")])

    static func status(_ s: APIStatus) -> Reply {
        var headers: [(String, String)] = []
        if let retry = s.details?.retryAfterSeconds { headers.append(("Retry-After", String(retry))) }
        return .response(status: s.code, contentType: "application/json", body: s.json.serialized(), headers: headers)
    }
}

/// Serves the Kubernetes API from an `ObjectStore`: routing, authorization, list/watch
/// parameters, writes by verb and content type. Pure of networking, so it is tested directly too.
struct APIHandler {
    let store: ObjectStore
    let proxy: ServiceProxy
    let faults: FaultInjector
    let groups: ServedGroups
    let logs: PodLogs
    let serverAddress: String
    let now: @Sendable () -> Date

    func handle(_ req: IncomingRequest, user: ServerCredentials.User) -> Reply {
        let route = APIRoute(path: req.path)
        if let group = route.group, !groups.serves(group) { return .pageNotFound }
        switch route {
        case .version: return .json(Discovery.version())
        case .health: return .response(status: 200, contentType: "text/plain", body: Array("ok".utf8), headers: [])
        case .coreVersions: return .json(Discovery.coreVersions(serverAddress: serverAddress))
        case .groupList: return .json(Discovery.groupList(serving: groups.serves))
        case .group(let g): return Discovery.group(g).map { .json($0) } ?? .status(APIErrors.pathNotFound())
        case .resourceList(let g, let v): return Discovery.resourceList(group: g, version: v).map { .json($0) } ?? .status(APIErrors.pathNotFound())
        case .notFound: return .status(APIErrors.pathNotFound())
        case .openAPIRoot: return .json(OpenAPI.root(serving: groups.serves))
        case .openAPIDocument(let path):
            return OpenAPI.document(path: path, serving: groups.serves).map { .json($0) } ?? .status(APIErrors.pathNotFound())
        case .proxy(let r, let ns, let name, let port, let path):
            if let denied = authorize(user, verb: Self.proxyVerb(req.method), r, subresource: "proxy", name: name, namespace: ns) {
                return .status(denied)
            }
            do {
                _ = try store.get(r, namespace: ns, name: name)
            } catch {
                return .status(error)
            }
            let handler = r == .pods ? proxy.handler(namespace: ns, pod: name, port: port) : proxy.handler(namespace: ns, service: name)
            guard let handler else {
                return .status(APIErrors.serviceUnavailable(r == .pods
                    ? "error trying to reach service: dial tcp \(name):\(port ?? "80"): connect: connection refused"
                    : "no endpoints available for service \"\(name)\""))
            }
            return .proxy(handler, ProxyRequest(method: req.method, path: path, query: req.rawQuery, body: Data(req.body)))
        case .review(let review):
            guard req.method == "POST" else {
                return .status(APIStatus(code: 405, reason: "MethodNotAllowed",
                                         message: "\(req.method) is not supported on resources of kind \"\(review.rawValue).\(review.group)\""))
            }
            do throws(APIStatus) {
                // kubectl sends these as protobuf (its typed client): read, answered in JSON.
                let body: JSON
                if req.contentType?.hasPrefix("application/vnd.kubernetes.protobuf") == true {
                    guard let decoded = SelfReviewProtobuf.body(req.body, review: review) else {
                        throw APIErrors.badRequest("the body of the request was not a Kubernetes protobuf \(review.kind)")
                    }
                    body = decoded
                } else {
                    body = try parseBody(req)
                }
                let answer = try review.answer(body, user: user, allows: { allows(user, $0) }, rules: { rules(of: user, in: $0) })
                return .json(answer, status: 201)
            } catch {
                return .status(error)
            }
        case .collection(let r, let ns):
            return collection(req, r, ns, user)
        case .object(.pods, let ns?, let name, "log"):
            return podLog(req, namespace: ns, name: name, user: user)
        case .object(let r, let ns, let name, let sub):
            return object(req, r, ns, name, sub, user)
        }
    }

    static func proxyVerb(_ method: String) -> String {
        switch method {
        case "POST": return "create"
        case "PUT": return "update"
        case "PATCH": return "patch"
        case "DELETE": return "delete"
        default: return "get"
        }
    }

    /// The one decision on what `user` may do, for real requests and for the reviews about them
    /// alike: the user's RBAC rules (admin may do anything, a viewer may get, list and watch, the
    /// narrow users what their rules name) and what every user may (`SelfReview.everyone`); a
    /// forbidden namespace (`FaultInjector.forbidNamespace`) refuses everyone.
    func allows(_ user: ServerCredentials.User, _ a: ResourceAttributes) -> Bool {
        if faults.isForbidden(namespace: a.namespace) { return false }
        return user.allows(a) || SelfReview.everyone.contains { $0.allows(a) }
    }

    /// The rules a rules review lists for `user` in `namespace`: those `allows` decides by that apply there.
    func rules(of user: ServerCredentials.User, in namespace: String) -> [AccessRule] {
        if faults.isForbidden(namespace: namespace) { return SelfReview.everyone }
        return user.rules.filter { $0.applies(in: namespace) } + SelfReview.everyone
    }

    func authorize(_ user: ServerCredentials.User, verb: String, _ r: ResourceType, subresource: String? = nil,
                           name: String?, namespace: String?) -> APIStatus? {
        let attributes = ResourceAttributes(verb: verb, group: r.group, resource: r.plural, subresource: subresource, name: name, namespace: namespace)
        guard allows(user, attributes) else {
            return APIErrors.forbidden(user: user.name, verb: verb, r, subresource: subresource, name: name, namespace: namespace)
        }
        return nil
    }

    private func parseBody(_ req: IncomingRequest) throws(APIStatus) -> JSON {
        if let type = req.contentType, type.hasPrefix("application/vnd.kubernetes.protobuf") {
            // Deliberate difference: kube-apiserver also takes protobuf for built-in kinds (kubectl's typed
            // generators such as `kubectl create namespace` send it); this server speaks JSON only.
            throw APIStatus(code: 415, reason: "UnsupportedMediaType",
                            message: "the rollscope demo server accepts JSON bodies only (application/vnd.kubernetes.protobuf is not supported); use `kubectl create -f FILE` or `kubectl apply -f FILE`")
        }
        do {
            return try JSON(parsing: req.body)
        } catch {
            throw APIErrors.badRequest("the body of the request was in an unknown format: \(error)")
        }
    }

    private func collection(_ req: IncomingRequest, _ r: ResourceType, _ ns: String?, _ user: ServerCredentials.User) -> Reply {
        let q = req.query
        do {
            switch req.method {
            case "GET":
                let watching = q.flag("watch")
                let options = try ListOptions(q)
                // As kube-apiserver's RequestInfo: a list or watch narrowed to `metadata.name=X` is
                // authorized as a request for X (so RBAC resourceNames allow it).
                if let denied = authorize(user, verb: watching ? "watch" : "list", r, name: options.fieldSelector.singleName, namespace: ns) {
                    return .status(denied)
                }
                if watching { return try watch(req, r, ns, options) }
                return try list(req, r, ns, options)
            case "POST":
                if let denied = authorize(user, verb: "create", r, name: nil, namespace: ns) { return .status(denied) }
                return .object(try store.create(r, namespace: ns, object: try parseBody(req)), status: 201)
            case "DELETE":
                if let denied = authorize(user, verb: "deletecollection", r, name: nil, namespace: ns) { return .status(denied) }
                let labels = try selector { try LabelSelector(q["labelSelector"] ?? "") }
                let result = try store.list(r, namespace: ns, labelSelector: labels)
                for o in result.items { _ = try? store.delete(r, namespace: o.namespace, name: o.name) }
                return .json(["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success"])
            default:
                return .status(APIErrors.methodNotAllowed(req.method, r))
            }
        } catch {
            return .status(error)
        }
    }

    private func selector<T>(_ parse: () throws -> T) throws(APIStatus) -> T {
        do { return try parse() } catch let e as SelectorError { throw APIErrors.badRequest(e.message) } catch {
            throw APIErrors.badRequest("\(error)")
        }
    }

    private func list(_ req: IncomingRequest, _ r: ResourceType, _ ns: String?, _ options: ListOptions) throws(APIStatus) -> Reply {
        let rv = options.resourceVersion ?? ""
        let match = options.resourceVersionMatch ?? ""
        if options.continueToken != nil, !rv.isEmpty, rv != "0" {
            throw APIErrors.badRequest("specifying resource version is not allowed when using continue")
        }
        if !match.isEmpty {
            guard match == "Exact" || match == "NotOlderThan" else {
                throw APIStatus(code: 422, reason: "Invalid", message: "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"\(match)\": supported values: \"Exact\", \"NotOlderThan\"")
            }
            guard !rv.isEmpty, match == "NotOlderThan" || rv != "0" else {
                throw APIStatus(code: 422, reason: "Invalid", message: "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")
            }
        }
        let current = store.resourceVersion
        if let n = UInt64(rv), n > current { throw APIErrors.tooLarge(n, current) }
        if match == "Exact", let n = UInt64(rv), n != current { throw APIErrors.tooOld(n, current) }
        let result = try store.list(r, namespace: ns, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector,
                                    limit: options.limit, continueToken: options.continueToken)
        if TableConverter.wantsTable(accept: req.accept) {
            return .json(TableConverter(resource: r, now: now()).table(result.items, resourceVersion: result.resourceVersion,
                                                                         continueToken: result.continueToken))
        }
        var out: [UInt8] = []
        out.reserveCapacity(result.items.reduce(256) { $0 + $1.bytes.count + 1 })
        out.append(contentsOf: Array("{\"kind\":\"\(r.kind)List\",\"apiVersion\":\"\(r.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(result.resourceVersion)\"".utf8))
        if let token = result.continueToken {
            out.append(contentsOf: Array(",\"continue\":\"\(token)\"".utf8))
            if let remaining = result.remainingItemCount { out.append(contentsOf: Array(",\"remainingItemCount\":\(remaining)".utf8)) }
        }
        out.append(contentsOf: Array("},\"items\":[".utf8))
        for (i, item) in result.items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: item.bytes)
        }
        out.append(contentsOf: Array("]}".utf8))
        return .response(status: 200, contentType: "application/json", body: out, headers: [])
    }

    private func watch(_ req: IncomingRequest, _ r: ResourceType, _ ns: String?, _ o: ListOptions) throws(APIStatus) -> Reply {
        let initial = o.sendInitialEvents ?? false
        if o.sendInitialEvents != nil {
            guard o.resourceVersionMatch == "NotOlderThan" else {
                throw APIStatus(code: 422, reason: "Invalid", message: "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
            }
            if initial, !o.allowWatchBookmarks {
                throw APIStatus(code: 422, reason: "Invalid", message: "ListOptions.meta.k8s.io \"\" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true")
            }
        } else if o.resourceVersionMatch != nil {
            throw APIStatus(code: 422, reason: "Invalid", message: "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch")
        }
        let options = ObjectStore.WatchOptions(resource: r, namespace: ns, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector,
                                               resourceVersion: o.resourceVersion, sendInitialEvents: initial,
                                               allowBookmarks: o.allowWatchBookmarks)
        let table = TableConverter.wantsTable(accept: req.accept) ? TableConverter(resource: r, now: now()) : nil
        return .watch(options, timeoutSeconds: o.timeoutSeconds, table: table)
    }

    private func object(_ req: IncomingRequest, _ r: ResourceType, _ ns: String?, _ name: String, _ sub: String?,
                        _ user: ServerCredentials.User) -> Reply {
        if sub == "scale" { return .status(APIErrors.methodNotAllowed(req.method, r)) }
        let verb: String
        switch req.method {
        case "GET": verb = "get"
        case "PUT": verb = "update"
        case "PATCH": verb = "patch"
        case "DELETE": verb = "delete"
        default: return .status(APIErrors.methodNotAllowed(req.method, r))
        }
        if let denied = authorize(user, verb: verb, r, subresource: sub, name: name, namespace: ns) { return .status(denied) }
        do throws(APIStatus) {
            switch verb {
            case "get":
                return .object(try store.get(r, namespace: ns, name: name))
            case "update":
                return .object(try store.update(r, namespace: ns, name: name, object: try parseBody(req), subresource: sub))
            case "patch":
                let type = (req.contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let patchType = APIRequest.PatchType(rawValue: type) else {
                    if type == "application/apply-patch+yaml" {
                        throw APIStatus(code: 415, reason: "UnsupportedMediaType", message: "server-side apply is not supported by the rollscope demo server; use a merge or JSON patch")
                    }
                    throw APIErrors.unsupportedMediaType()
                }
                return .object(try store.patch(r, namespace: ns, name: name, type: patchType, patch: try parseBody(req), subresource: sub))
            default:
                let gone = try store.delete(r, namespace: ns, name: name)
                let uid = gone.json[path: ["metadata", "uid"]] ?? .null
                return .json(["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success",
                              "details": ["name": .string(name), "group": .string(r.group), "kind": .string(r.plural), "uid": uid]])
            }
        } catch {
            return .status(error)
        }
    }
}
