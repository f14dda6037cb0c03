import Foundation
import JSONValue
import KubeModel

/// `GET /api/v1/namespaces/NS/pods/NAME/log`, as kube-apiserver serves it from the kubelet: the
/// options parsed and checked, the container chosen and validated against the pod, then the log
/// whole (`text/plain`) or, with `follow`, a stream (`Reply.logs`).
extension APIHandler {
    func podLog(_ req: IncomingRequest, namespace: String, name: String, user: ServerCredentials.User) -> Reply {
        guard req.method == "GET" else { return .status(APIErrors.methodNotAllowed(req.method, .pods)) }
        if let denied = authorize(user, verb: "get", .pods, subresource: "log", name: name, namespace: namespace) { return .status(denied) }
        do throws(APIStatus) {
            let options = try Self.logOptions(req.query)
            let pod = try store.get(.pods, namespace: namespace, name: name).json
            let container = try Self.container(of: pod, named: name, options)
            let key = PodLogs.Key(namespace: namespace, pod: name, container: container)
            if options.previous {
                guard logs.hasLog(key, previous: true) else {
                    throw APIErrors.badRequest("previous terminated container \"\(container)\" in pod \"\(name)\" not found")
                }
            } else if !logs.hasLog(key, previous: false), let reason = Self.waitingReason(pod, container) {
                throw APIErrors.badRequest("container \"\(container)\" in pod \"\(name)\" is waiting to start: \(reason)")
            }
            if options.follow, !options.previous { return .logs(logs, key, options) }
            let bytes = logs.read(key, options, now: now()).bytes
            return .response(status: 200, contentType: "text/plain", body: bytes, headers: [])
        } catch {
            return .status(error)
        }
    }

    /// The query's options, refused as kube-apiserver's validation refuses them.
    static func logOptions(_ q: QueryParameters) throws(APIStatus) -> PodLogOptions {
        func integer(_ key: String, minimum: Int64) throws(APIStatus) -> Int64? {
            guard let text = q[key] else { return nil }
            guard let v = Int64(text) else { throw APIErrors.badRequest("strconv.ParseInt: parsing \(GoQuote.quote(text)): invalid syntax") }
            guard v >= minimum else {
                throw APIStatus(code: 422, reason: "Invalid",
                                message: "PodLogOptions \"\" is invalid: \(key): Invalid value: \(v): must be greater than \(minimum == 0 ? "or equal to 0" : "0")")
            }
            return v
        }
        var o = PodLogOptions(container: q["container"].flatMap { $0.isEmpty ? nil : $0 }, follow: q.flag("follow"),
                              previous: q.flag("previous"), timestamps: q.flag("timestamps"))
        o.sinceSeconds = try integer("sinceSeconds", minimum: 1)
        o.tailLines = try integer("tailLines", minimum: 0)
        o.limitBytes = try integer("limitBytes", minimum: 1)
        if let t = q["sinceTime"] {
            guard let date = KubeTime.parse(t) else {
                throw APIErrors.badRequest("parsing time \(GoQuote.quote(t)) as \"2006-01-02T15:04:05Z07:00\": cannot parse")
            }
            o.sinceTime = date
        }
        if o.sinceSeconds != nil, o.sinceTime != nil {
            throw APIErrors.badRequest("at most one of sinceTime or sinceSeconds may be specified")
        }
        return o
    }

    /// The container the request names, or the pod's only one.
    static func container(of pod: JSON, named podName: String, _ options: PodLogOptions) throws(APIStatus) -> String {
        let names = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        guard let wanted = options.container else {
            guard names.count == 1 else {
                throw APIErrors.badRequest("a container name must be specified for pod \(podName), choose one of: [\(names.joined(separator: " "))]")
            }
            return names[0]
        }
        guard names.contains(wanted) else { throw APIErrors.badRequest("container \(wanted) is not valid for pod \(podName)") }
        return wanted
    }

    /// Why the container has not started yet (`ContainerCreating` before the kubelet reports it).
    static func waitingReason(_ pod: JSON, _ container: String) -> String? {
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        guard let status = statuses.first(where: { $0["name"]?.stringValue == container }) else { return "ContainerCreating" }
        guard let waiting = status[path: ["state", "waiting"]] else { return nil }
        return waiting["reason"]?.stringValue ?? "ContainerCreating"
    }
}
