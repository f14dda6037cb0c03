import KubeModel
import Delivery

/// Which namespaces the source must ask the server about (what the user may do there), from the
/// events it hands the reducer: each namespace once, when rows (or the requests their plans
/// would send, such as a Canary's gate through its loadtester's namespace) first reach it; all
/// of them again once the connection is live after a reconnect. Pure: `LiveSource` asks.
struct PermissionBook {
    /// A namespace to ask about, with the requests its rows' plans would send there now (what
    /// SelfSubjectAccessReviews are asked about when the rules review is incomplete).
    struct Question: Equatable {
        var namespace: String
        var requests: [APIRequest]
    }

    private var asked: Set<String> = []
    private var reconnecting = false

    /// The namespaces `events` bring that were not asked about yet (or every one, after a reconnect).
    mutating func questions(for events: [ConsoleEvent]) -> [Question] {
        var requests: [String: [APIRequest]] = [:]
        var refresh = false
        for event in events {
            switch event {
            case let .rows(upserted, _):
                for row in upserted {
                    // A row of a namespace asked about already is looked at only for what may
                    // reach another namespace (a POST through a service proxy): a watch event
                    // rebuilds thousands of rows, and their paths need not be read again.
                    let known = asked.contains(row.ref.namespace)
                    if !known { requests[row.ref.namespace, default: []] += [] }
                    for plan in row.plans.all.values {
                        guard case let .ready(_, planned, _) = plan else { continue }
                        for request in planned where !known || request.method == .post {
                            guard let ns = ResourceAttributes(request)?.namespace else { continue }
                            requests[ns, default: []].append(request)
                        }
                    }
                }
            case .connection(.reconnecting):
                reconnecting = true
            case .connection(.live) where reconnecting:
                reconnecting = false
                refresh = true
            default:
                break
            }
        }
        let again = refresh ? asked.subtracting(requests.keys) : []
        let new = requests.filter { !asked.contains($0.key) || refresh }
        asked.formUnion(new.keys)
        return (new.map { Question(namespace: $0.key, requests: $0.value) } + again.map { Question(namespace: $0, requests: []) })
            .sorted { $0.namespace < $1.namespace }
    }

    /// Forgets what was asked (another context).
    mutating func reset() { self = PermissionBook() }
}
