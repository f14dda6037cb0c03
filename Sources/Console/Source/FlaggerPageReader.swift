import Foundation
import Kube
import KubeModel
import Delivery

/// Reads Flagger's `/metrics` page through the API server's pod proxy, as a user with
/// `get pods/proxy` may: finds Flagger's pod by its Helm chart's label across namespaces (in
/// `flagger-system` when the cluster-wide list is refused), keeps it while it answers, and reads
/// `pods/NAME:8080/proxy/metrics`. A reading that fails says why, in the caption's words.
/// Owned by one polling task at a time.
struct FlaggerPageReader {
    static let podSelector = "app.kubernetes.io/name=flagger"
    /// Where the chart is installed by default: looked in when pods cannot be listed cluster-wide.
    static let defaultNamespace = "flagger-system"
    /// The chart's container port (`http`).
    static let port = 8080

    let client: KubeClient
    let clock: @Sendable () -> Date
    /// The pod found, `namespace` and `name`, until it stops answering.
    private var pod: (namespace: String, name: String)?

    init(client: KubeClient, clock: @escaping @Sendable () -> Date) {
        self.client = client
        self.clock = clock
    }

    mutating func read() async -> FlaggerScrapeResult {
        if pod == nil {
            switch await find() {
            case let .success(found): pod = found
            case let .failure(reason): return .failed(reason.text)
            }
        }
        guard let (namespace, name) = pod else { return .failed("no Flagger pod") }
        do {
            let response = try await client.proxy(.get, .pods, namespace: namespace, id: "\(name):\(Self.port)", path: "/metrics")
            return .page(PrometheusText.samples(String(decoding: response.body, as: UTF8.self)), pod: "\(namespace)/\(name)", at: clock())
        } catch let error as KubeError where error.httpStatus == 403 {
            return .failed("no access to pods/proxy in \(namespace)")
        } catch {
            // Flagger may have a new pod: look again at the next reading.
            pod = nil
            return .failed("flagger pod \(namespace)/\(name): \(error)")
        }
    }

    /// Why no pod was found.
    struct Reason: Error {
        var text: String
    }

    /// A running Flagger pod (the first by namespace and name), across namespaces or, when that
    /// list is refused, in `flagger-system`.
    private func find() async -> Result<(namespace: String, name: String), Reason> {
        do {
            let pods: [Pod]
            do {
                pods = try await client.list(Pod.self, .pods, ListScope(labelSelector: Self.podSelector)).items
            } catch let error as KubeError where error.httpStatus == 403 {
                pods = try await client.list(Pod.self, .pods, ListScope(namespace: Self.defaultNamespace, labelSelector: Self.podSelector)).items
            }
            let running = pods.filter { $0.status.phase == "Running" && $0.metadata.deletionTimestamp == nil }
                .sorted { ($0.metadata.namespace ?? "", $0.metadata.name) < ($1.metadata.namespace ?? "", $1.metadata.name) }
            guard let first = running.first else { return .failure(Reason(text: "no running Flagger pod (\(Self.podSelector))")) }
            return .success((first.metadata.namespace ?? "", first.metadata.name))
        } catch let error as KubeError where error.httpStatus == 403 {
            return .failure(Reason(text: "no access to list pods in \(Self.defaultNamespace) to find Flagger"))
        } catch {
            return .failure(Reason(text: "finding Flagger's pod: \(error)"))
        }
    }
}
