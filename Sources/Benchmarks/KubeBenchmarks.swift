import Foundation
import JSONValue
import Kube
import KubeModel

/// Figures for the client's hot paths, printed by `rollscope bench`: decoding a large pod list,
/// watch events into a cache on one core, heap memory per cached pod, and the console's list
/// pages per object (`DecodeBenchmarks`). Inputs are generated
/// pods shaped like a real cluster's (labels, annotations, owner, containers, conditions).
public enum KubeBenchmarks {
    /// Runs every benchmark and returns the report, one figure a line.
    public static func run(pods: Int = 20_000, events: Int = 50_000) -> String {
        var lines = ["Kube client benchmarks (\(pods) pods, \(events) watch events)"]
        // Memory first, before other runs leave freed heap behind that the cache would reuse unseen.
        if let perObject = memoryPerCachedObject(pods: pods) {
            lines.append(String(format: "memory per cached pod (resident set growth / pods, listed in pages of 500): %.0f bytes", perObject))
        } else {
            lines.append("memory per cached pod: not measurable here (needs /proc/self/statm)")
        }

        let list = podList(range: 0..<pods)
        let megabytes = Double(list.count) / 1_048_576
        for (name, decode) in decoders {
            let (items, seconds) = timed { decode(list) }
            lines.append(String(format: "list decode, %@ → ObjectList<Pod>: %.1f MB in %.3f s of CPU: %.0f objects/s, %.1f MB/s%@",
                                name, megabytes, seconds, Double(items) / seconds, megabytes / seconds,
                                items == pods ? "" : " (DECODE FAILED)"))
        }
        let (_, parseSeconds) = timed { try? JSONSerialization.jsonObject(with: list) }
        lines.append(String(format: "list parse only, JSONSerialization (untyped): %.1f MB/s", megabytes / parseSeconds))

        let stream = watchStream(count: events, pods: min(pods, 5_000))
        let (applied, watchSeconds) = timed { applyWatchStream(stream) }
        lines.append(String(format: "watch events into a cache, one core (ScanningJSONDecoder): %.0f events/s (%.1f MB/s of event lines)%@",
                            Double(applied) / watchSeconds, Double(stream.count) / 1_048_576 / watchSeconds,
                            applied == events ? "" : " (\(applied) of \(events) applied)"))
        lines.append(DecodeBenchmarks.run())
        return lines.joined(separator: "\n")
    }

    /// Splits, decodes and applies a watch stream in 16 KB chunks, as the transport delivers it.
    private static func applyWatchStream(_ stream: Data) -> Int {
        var splitter = LineSplitter()
        var cache = ObjectCache<BenchPod>()
        var count = 0
        var offset = 0
        while offset < stream.count {
            let chunk = stream[offset..<min(offset + 16_384, stream.count)]
            offset += chunk.count
            // Bench lines are small; a too-long one would simply count nothing.
            for line in (try? splitter.feed(Data(chunk))) ?? [] {
                if let event = try? WatchEvent<BenchPod>.decode(line), cache.apply(event) != nil { count += 1 }
            }
        }
        return count
    }

    /// The decoders compared, each returning how many pods it decoded.
    private static let decoders: [(String, @Sendable (Data) -> Int)] = [
        ("Foundation JSONDecoder", { (try? JSONDecoder().decode(ObjectList<BenchPod>.self, from: $0))?.items.count ?? 0 }),
        ("ScanningJSONDecoder (used)", { (try? ScanningJSONDecoder().decode(ObjectList<BenchPod>.self, from: $0))?.items.count ?? 0 }),
    ]

    /// Resident memory added by a cache of `pods` pods listed page by page as an informer does, per pod
    /// (Linux `/proc/self/statm`; each page's text is generated and dropped before the next).
    private static func memoryPerCachedObject(pods: Int) -> Double? {
        guard let before = residentBytes() else { return nil }
        var items: [BenchPod] = []
        items.reserveCapacity(pods)
        for start in stride(from: 0, to: pods, by: 500) {
            let page = podList(range: start..<min(start + 500, pods))
            items += (try? ScanningJSONDecoder().decode(ObjectList<BenchPod>.self, from: page))?.items ?? []
        }
        var cache = ObjectCache<BenchPod>()
        cache.replace(items, resourceVersion: nil)
        items = []
        guard let after = residentBytes(), !cache.objects.isEmpty else { return nil }
        return withExtendedLifetime(cache) { Double(after - before) / Double(cache.objects.count) }
    }

    /// The process's resident set size, from `/proc/self/statm` (pages).
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The result and the CPU time this thread spent on it: on a shared machine wall time measures
    /// the neighbours, CPU time measures what one core does.
    private static func timed<R>(_ body: () -> R) -> (R, Double) {
        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        let start = now()
        let result = body()
        return (result, max(now() - start, 1e-9))
    }

    /// A pod as the console reads it: identity, owner, node and IP, phase, conditions, containers.
    package struct BenchPod: KubeObject {
        package var metadata: ObjectMeta
        var spec: Spec?
        var status: Status?

        struct Spec: Codable, Sendable {
            var nodeName: String?
            var containers: [Container]?
        }

        struct Container: Codable, Sendable {
            var name: String
            var image: String?
        }

        struct Status: Codable, Sendable {
            var phase: String?
            var podIP: String?
            var conditions: [Condition]?
            var containerStatuses: [ContainerStatus]?
        }

        struct Condition: Codable, Sendable {
            var type: String
            var status: String
        }

        struct ContainerStatus: Codable, Sendable {
            var name: String
            var ready: Bool
            var restartCount: Int
        }
    }

    /// One pod's JSON as a kubelet-managed pod looks on the wire (about 2 KB).
    static func podJSON(_ i: Int, resourceVersion: Int, phase: String = "Running") -> String {
        let ns = "team-\(i % 40)"
        let app = "app-\(i % 500)"
        let hash = String(format: "%08x", (i &* 2_654_435_761) & 0xffff_ffff)
        return #"""
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"\#(app)-\#(hash)-\#(i)","generateName":"\#(app)-\#(hash)-","namespace":"\#(ns)","uid":"5f0c1c1e-\#(hash)-4b1e-9a43-\#(String(format: "%012d", i))","resourceVersion":"\#(resourceVersion)","creationTimestamp":"2026-11-20T10:\#(String(format: "%02d", i % 60)):00Z","labels":{"app":"\#(app)","pod-template-hash":"\#(hash)","rollouts-pod-template-hash":"\#(hash)","tier":"backend"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-20T10:00:00Z","prometheus.io/scrape":"true"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"\#(app)-\#(hash)","uid":"9d1e6c2a-\#(hash)-4c55-8f0a-3b1f2e5d7c90","controller":true,"blockOwnerDeletion":true}],"managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-11-20T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{}}}}}]},"spec":{"volumes":[{"name":"kube-api-access","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}}],"defaultMode":420}}],"containers":[{"name":"main","image":"registry.example.com/\#(app):v\#(i % 7)","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},"volumeMounts":[{"name":"kube-api-access","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],"terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","nodeName":"node-\#(i % 100)","schedulerName":"default-scheduler","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0},"status":{"phase":"\#(phase)","conditions":[{"type":"Initialized","status":"True","lastTransitionTime":"2026-11-20T10:00:00Z"},{"type":"Ready","status":"True","lastTransitionTime":"2026-11-20T10:00:05Z"},{"type":"ContainersReady","status":"True","lastTransitionTime":"2026-11-20T10:00:05Z"},{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-20T10:00:00Z"}],"hostIP":"10.0.\#(i % 100).1","podIP":"10.244.\#((i / 250) % 250).\#(i % 250)","startTime":"2026-11-20T10:00:00Z","containerStatuses":[{"name":"main","state":{"running":{"startedAt":"2026-11-20T10:00:04Z"}},"ready":true,"restartCount":\#(i % 3),"image":"registry.example.com/\#(app):v\#(i % 7)","imageID":"registry.example.com/\#(app)@sha256:\#(hash)\#(hash)","containerID":"containerd://\#(hash)\#(hash)","started":true}],"qosClass":"Burstable"}}
        """#
    }

    /// A `PodList` of the pods numbered `range`.
    package static func podList(range: Range<Int>) -> Data {
        var text = #"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"\#(range.upperBound + 1)"},"items":["#
        text.reserveCapacity(range.count * 2_600)
        for i in range {
            if i > range.lowerBound { text += "," }
            text += podJSON(i, resourceVersion: i + 1)
        }
        text += "]}"
        return Data(text.utf8)
    }

    /// A watch stream of `count` events (MODIFIED mostly, some DELETED and ADDED) over `pods` pods.
    static func watchStream(count: Int, pods: Int) -> Data {
        var text = ""
        text.reserveCapacity(count * 2_650)
        for n in 0..<count {
            let i = n % pods
            let type = n % 50 == 49 ? "DELETED" : (n % 50 == 0 ? "ADDED" : "MODIFIED")
            text += #"{"type":"\#(type)","object":\#(podJSON(i, resourceVersion: 100_000 + n, phase: n % 2 == 0 ? "Running" : "Pending"))}"# + "\n"
        }
        return Data(text.utf8)
    }
}
