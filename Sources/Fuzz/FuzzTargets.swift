import Foundation
import JSONValue
import Kube
import Delivery
#if DEBUG
// The server-query target drives the server's internal request handler; `@testable` needs a
// debug build (`.ci/fuzz` builds debug), so a release build (the README's install) leaves it out.
@testable import APIServer
#endif

/// One fuzzed entry point: it must never crash, whatever the bytes; it may reject them.
struct FuzzTarget: Sendable {
    var name: String
    var run: @Sendable (Data) -> Void
}

/// Every fuzz target, by name.
enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "json", run: fuzzJSON),
        FuzzTarget(name: "objects", run: fuzzObjects),
        FuzzTarget(name: "watch-line", run: fuzzWatchLines),
        FuzzTarget(name: "kubeconfig", run: fuzzKubeconfig),
        FuzzTarget(name: "prometheus", run: fuzzPrometheus),
        FuzzTarget(name: "extremes", run: ExtremeValues.run),
    ] + serverTargets

    #if DEBUG
    static let serverTargets = [FuzzTarget(name: "server-query", run: ServerQueryFuzz.run)]
    #else
    static let serverTargets: [FuzzTarget] = []
    #endif

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The target ROLLSCOPE_FUZZ_TARGET names (read once); a bad name stops the run at once.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ROLLSCOPE_FUZZ_TARGET"] ?? ""
        guard let target = named(name) else {
            FileHandle.standardError.write(Data("ROLLSCOPE_FUZZ_TARGET must be one of: \(all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The JSON parser the embedded server reads request bodies with: a parsed value must
    /// serialize to text that parses back to the same value, and the client's in-place decoder
    /// (the same scanner) must take exactly the documents the parser takes, as the same value.
    static func fuzzJSON(_ data: Data) {
        let decoded = try? ScanningJSONDecoder().decode(JSON.self, from: data)
        guard let value = try? JSON(parsing: data) else {
            if decoded != nil { fatalError("the decoder took what the parser refused: \(String(decoding: data, as: UTF8.self))") }
            return
        }
        guard decoded == value else { fatalError("the decoder and the parser differ on \(String(decoding: data, as: UTF8.self))") }
        guard let again = try? JSON(parsing: value.serialized()), again == value else {
            fatalError("JSON round trip changed the value of \(String(decoding: data, as: UTF8.self))")
        }
        _ = value.applyingMergePatch(value)
        _ = try? value.applyingJSONPatch(value)
        _ = value.applyingStrategicMergePatch(value)
    }

    /// The manifest reader and everything computed from what it reads (`-f` takes any file):
    /// the status rules, the revision tree, the plugin's text, the Flagger view.
    static func fuzzObjects(_ data: Data) {
        guard let set = try? ManifestReader.read(data, file: "fuzz") else { return }
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        for rollout in set.rollouts {
            _ = RolloutStatus.of(rollout)
            _ = RolloutText.rollout(RolloutInfo(rollout, objects: set), now: now)
        }
        for experiment in set.experiments { _ = RolloutText.experiment(ExperimentInfo(experiment, objects: set), now: now) }
        for canary in set.canaries { _ = CanaryText.canary(CanaryInfo(canary, objects: set), now: now) }
    }

    /// The watch-event decoder on every line of the input, as a stream delivers them.
    static func fuzzWatchLines(_ data: Data) {
        for line in data.split(separator: UInt8(ascii: "\n")) {
            _ = try? WatchEvent<Pod>.decode(Data(line))
            _ = try? WatchEvent<Rollout>.decode(Data(line))
        }
    }

    /// The Prometheus text parser on any page (Flagger's `/metrics` comes through a proxy rollscope
    /// does not control), and the gauge history fed what it reads: every name read is a metric name.
    static func fuzzPrometheus(_ data: Data) {
        let samples = PrometheusText.samples(String(decoding: data, as: UTF8.self))
        for sample in samples {
            guard let first = sample.name.unicodeScalars.first, !("0"..."9").contains(first),
                  sample.name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == ":") })
            else { fatalError("not a metric name: \(sample.name.debugDescription)") }
        }
        var history = FlaggerGaugeHistory()
        history.record(samples, from: "fuzz", at: Date(timeIntervalSince1970: 0))
        history.record(samples, from: "fuzz", at: Date(timeIntervalSince1970: 60))
    }

    /// The kubeconfig parser on any text.
    static func fuzzKubeconfig(_ data: Data) {
        _ = try? KubeconfigFile.parse(String(decoding: data, as: UTF8.self), path: "/fuzz/config")
    }
}

#if DEBUG
/// The embedded server's request parsing as a viewer reaches it: any query string on a list or
/// watch (limit, timeoutSeconds, resourceVersion, selectors, ...), forged or altered continue
/// tokens, selectors with any bytes. The server must answer a Status, never trap, and never
/// answer 500, following its own continue token included.
enum ServerQueryFuzz {
    private static let store: ObjectStore = {
        let store = ObjectStore()
        for ns in ["demo", "other"] {
            _ = try? store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]])
            for i in 0..<5 {
                _ = try? store.create(.pods, namespace: ns, object: ["metadata": ["name": .string("p\(i)"), "labels": ["app": .string("a\(i % 2)")]]])
                _ = try? store.create(.rollouts, namespace: ns, object: ["metadata": ["name": .string("r\(i)")], "spec": ["replicas": 1]])
            }
        }
        return store
    }()
    private static let handler = APIHandler(store: store, proxy: ServiceProxy(), faults: FaultInjector(), groups: ServedGroups(), logs: PodLogs(), serverAddress: "127.0.0.1:0",
                                            now: { Date(timeIntervalSince1970: 1_767_225_600) })
    private static let viewer = ServerCredentials.User(name: "viewer", groups: [], token: "", certificatePEM: "", keyPEM: "", rules: [.readAll])
    private static let paths = ["/api/v1/namespaces/demo/pods", "/api/v1/pods", "/apis/argoproj.io/v1alpha1/namespaces/other/rollouts",
                                "/apis/argoproj.io/v1alpha1/rollouts", "/apis/flagger.app/v1beta1/namespaces/demo/canaries"]
    /// A genuine token (first page of two pods in demo), for the mutation mode.
    private static let token: String = {
        (try? store.list(.pods, namespace: "demo", labelSelector: nil, fieldSelector: nil, limit: 2, continueToken: nil).continueToken) ?? ""
    }()

    static func run(_ data: Data) {
        let bytes = Array(data)
        guard bytes.count >= 2 else { return }
        let path = paths[Int(bytes[1]) % paths.count]
        let rest = String(decoding: bytes[2...], as: UTF8.self)
        let query: String
        switch bytes[0] % 3 {
        case 0:
            query = rest
        case 1:
            var t = Array(token.utf8)
            if !t.isEmpty {
                for (i, b) in bytes[2...].enumerated() { t[(Int(bytes[0] / 3) + i) % t.count] = b }
            }
            query = "limit=1&continue=" + encode(String(decoding: t, as: UTF8.self))
        default:
            query = "watch=\(bytes[0] & 4 != 0)&labelSelector=\(encode(rest))&fieldSelector=\(encode(rest))&limit=2"
        }
        let reply = handle(path, query)
        switch reply {
        case .response(let status, _, let body, _):
            if status == 500 { fatalError("\(status) for \(path)?\(query): \(String(decoding: body, as: UTF8.self))") }
            guard status == 200, let json = try? JSON(parsing: body), let next = json[path: ["metadata", "continue"]]?.stringValue else { return }
            if case .response(let again, _, let b, _) = handle(path, query + "&continue=" + encode(next)), again == 500 {
                fatalError("\(again) following a continue token: \(String(decoding: b, as: UTF8.self))")
            }
        case .watch(let options, _, _):
            if let id = try? store.watch(options, sink: { _ in }) { store.stopWatch(id) }
        case .proxy:
            fatalError("a list routed to the service proxy")
        case .logs:
            fatalError("a list routed to a pod's log")
        }
    }

    private static func handle(_ path: String, _ query: String) -> Reply {
        handler.handle(IncomingRequest(method: "GET", path: path, query: QueryParameters(query), rawQuery: query,
                                       contentType: nil, accept: nil, body: []), user: viewer)
    }

    private static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
#endif
