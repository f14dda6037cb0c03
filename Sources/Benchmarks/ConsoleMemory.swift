import Console
import Foundation
import KubeModel

/// The memory the console holds per rollout, printed by `rollscope bench console`: N canary
/// Rollouts of the scale scenario's shape (as the server sends them, status included) and the
/// ReplicaSet each owns are loaded as the console loads a cluster (`ListLoad`: decoded page by
/// page into the store, rows built by the adapters, merged into the state by the reducer), and the
/// resident set's growth is read after each stage (Linux `/proc/self/statm`).
public enum ConsoleMemory {
    public static func run(rollouts count: Int = 20_000, namespaces: Int = 2_000) -> String {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var lines = ["Console memory (\(count) canary Rollouts and their ReplicaSets in \(namespaces) namespaces)"]
        guard let start = KubeBenchmarks.residentBytes() else { return (lines + ["not measurable here (needs /proc/self/statm)"]).joined(separator: "\n") }
        var load = ListLoad()
        var mark = start
        var stored: [Double] = []
        /// CPU time of each stage, µs per rollout: decoding and keeping the ReplicaSets, then the
        /// Rollouts, then building the rows.
        var cpu: [Double] = []
        /// The growth since the last mark, per rollout.
        func stage() -> Double {
            let now = KubeBenchmarks.residentBytes() ?? mark
            defer { mark = now }
            return Double(now - mark) / Double(count)
        }
        // The ReplicaSets first: the store keeps a Rollout's typed form until its ReplicaSets
        // are listed (`ObjectStore.settle`), so each stage then reads as the store keeps it
        // (texts), and the rows are built from the texts, decoded again (the live console builds
        // a first load's rows from the objects its lists decoded).
        for (resource, item) in [(ResourceType.replicaSets, replicaSet), (.rollouts, rollout)] as [(ResourceType, (Int, Int) -> String)] {
            var seconds = 0.0
            for start in stride(from: 0, to: count, by: 500) {
                let text = page(start..<min(start + 500, count), namespaces: namespaces, of: item)
                seconds += ConsoleBenchmarks.cpuTimed { _ = try? load.add(page: text, of: resource) }
            }
            cpu.append(seconds * 1e6 / Double(count))
            stored.append(stage())
        }
        var rows: [DeliveryRow] = []
        cpu.append(ConsoleBenchmarks.cpuTimed { rows = load.rows(now: now) } * 1e6 / Double(count))
        let builtRows = stage()
        var state = ConsoleState(identity: ClusterIdentity(context: "bench", server: "https://bench", user: "bench"),
                                 scope: .all, watchAllNamespaces: true, now: now)
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        _ = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        let merged = stage()
        // Last, so it adds to nothing above: every row's plans at once, as rows kept them when
        // they were planned eagerly (planned now when asked; kept, they cost this much).
        let plans = rows.map { row in MutationKind.allCases.map { row.plan($0) } }
        let planned = stage()
        // The array of rows the source hands the reducer goes when the event is handled; the
        // rows' own storage stays, shared with the state's table.
        let handed = Double(MemoryLayout<DeliveryRow>.stride)
        let total = stored.reduce(0, +) + builtRows - handed + merged
        lines.append(String(format: "store: the Rollouts %.0f bytes per rollout, their ReplicaSets %.0f", stored[1], stored[0]))
        lines.append(String(format: "rows as built (%d): %.0f bytes per rollout, %.0f of them the array handed to the reducer", rows.count, builtRows, handed))
        lines.append(String(format: "state (rows merged by the reducer, indexes, counts): %.0f bytes per rollout", merged))
        lines.append(String(format: "held by the console (store, rows, state; not the array): %.0f bytes per rollout, %.1f MB at %d", total, total * Double(count) / 1_048_576, count))
        lines.append(String(format: "CPU per rollout (this thread): decoding and keeping the Rollouts %.1f µs, their ReplicaSets %.1f µs, building the rows %.1f µs",
                            cpu[1], cpu[0], cpu[2]))
        lines.append(String(format: "every row's %d plans made at once and kept (not held by rows that plan when asked): %.0f bytes per rollout",
                            plans.first?.count ?? 0, planned))
        let kept = KeptTexts.shared.usage
        lines.append(String(format: "kept texts (KeptTexts): %d texts, %.1f MB compressed to %.1f MB (%.1fx), %d slabs, %.1f MB written, %.1f MB reserved",
                            kept.texts, Double(kept.textBytes) / 1_048_576, Double(kept.live) / 1_048_576, Double(kept.textBytes) / Double(max(kept.live, 1)),
                            kept.slabs, Double(kept.written) / 1_048_576, Double(kept.reserved) / 1_048_576))
        lines.append(compressing(count: count, namespaces: namespaces))
        return withExtendedLifetime((load, state, plans)) { lines.joined(separator: "\n") }
    }

    /// The kinds of `compressing`'s texts (each kind is compressed against its first text).
    private enum RolloutText {}
    private enum ReplicaSetText {}

    /// CPU per text of the store's arena (`KeptTexts`, an arena of its own): the Rollouts' and
    /// ReplicaSets' texts kept (compressed) and read back (decompressed), µs each.
    private static func compressing(count: Int, namespaces: Int) -> String {
        let texts = KeptTexts()
        var figures: [String] = []
        let kinds: [(String, ObjectIdentifier, (Int, Int) -> String)] = [
            ("Rollout", ObjectIdentifier(RolloutText.self), rollout), ("ReplicaSet", ObjectIdentifier(ReplicaSetText.self), replicaSet),
        ]
        for (name, kind, item) in kinds {
            let items = (0..<count).map { Array(item($0, namespaces).utf8) }
            var handles: [KeptTexts.Handle] = []
            handles.reserveCapacity(count)
            let keeping = ConsoleBenchmarks.cpuTimed { for text in items { handles.append(texts.keep(text, kind: kind)) } }
            var read = 0
            let reading = ConsoleBenchmarks.cpuTimed { for handle in handles { read += texts.text(handle).count } }
            precondition(read == items.reduce(0) { $0 + $1.count }, "a kept text read back to another length")
            figures.append(name + String(format: " %.1f µs kept (compressed), %.1f µs read (decompressed)", keeping * 1e6 / Double(count), reading * 1e6 / Double(count)))
        }
        return "CPU per text (this thread): " + figures.joined(separator: ", ")
    }

    /// One page of a list of `count` objects made by `item`, as the server sends it.
    static func page(_ range: Range<Int>, namespaces: Int, of item: (Int, Int) -> String) -> Data {
        let items = range.map { item($0, namespaces) }.joined(separator: ",")
        return Data("{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[\(items)]}".utf8)
    }

    private static func names(_ i: Int, _ namespaces: Int) -> (namespace: String, name: String, uid: String) {
        (String(format: "scale-%03d", i % namespaces), String(format: "svc-%04d", i / namespaces),
         String(format: "6f1c2a4e-0000-4000-8000-%012d", i))
    }

    /// The scale scenario's pod template (`Manifests.podTemplate`).
    private static func template(_ app: String, hash: String? = nil) -> String {
        let probe = { (path: String) in
            "{\"httpGet\":{\"path\":\"\(path)\",\"port\":\"http\",\"scheme\":\"HTTP\"},\"initialDelaySeconds\":2,\"periodSeconds\":5,\"timeoutSeconds\":1,\"successThreshold\":1,\"failureThreshold\":3}"
        }
        let hashLabel = hash.map { ",\"rollouts-pod-template-hash\":\"\($0)\"" } ?? ""
        return """
        {"metadata":{"labels":{"app":"\(app)","app.kubernetes.io/name":"\(app)","app.kubernetes.io/part-of":"rollscope-demo"\(hashLabel)}},\
        "spec":{"containers":[{"name":"\(app)","image":"argoproj/rollouts-demo:blue","imagePullPolicy":"IfNotPresent",\
        "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],\
        "env":[{"name":"APP_NAME","value":"\(app)"},{"name":"LOG_LEVEL","value":"info"},\
        {"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},\
        {"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}}],\
        "resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},\
        "readinessProbe":\(probe("/readyz")),"livenessProbe":\(probe("/healthz")),\
        "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"runAsNonRoot":true,"capabilities":{"drop":["ALL"]}}}]}}
        """
    }

    /// A settled canary Rollout of the scale scenario (`ScaleScenario`), its status as the controller writes it.
    static func rollout(_ i: Int, _ namespaces: Int) -> String {
        let (ns, name, uid) = names(i, namespaces)
        let condition = { (type: String, reason: String, message: String) in
            "{\"type\":\"\(type)\",\"status\":\"True\",\"reason\":\"\(reason)\",\"message\":\"\(message)\",\"lastUpdateTime\":\"2026-12-06T10:00:00Z\",\"lastTransitionTime\":\"2026-12-06T10:00:00Z\"}"
        }
        return """
        {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"\(name)","namespace":"\(ns)","uid":"\(uid)",\
        "resourceVersion":"\(1000 + i)","generation":1,"creationTimestamp":"2026-12-06T10:00:00Z","labels":{"app":"\(name)"},\
        "annotations":{"rollout.argoproj.io/revision":"1"}},\
        "spec":{"replicas":1,"revisionHistoryLimit":3,"selector":{"matchLabels":{"app":"\(name)"}},"template":\(template(name)),\
        "strategy":{"canary":{"canaryService":"\(name)-canary","stableService":"\(name)","steps":[{"setWeight":20},{"pause":{"duration":"1m"}},\
        {"analysis":{"templates":[{"templateName":"success-rate"}],"args":[{"name":"service-name","value":"\(name)"}]}},{"setWeight":60},{"pause":{}}]}}},\
        "status":{"observedGeneration":"1","phase":"Healthy","replicas":1,"updatedReplicas":1,"readyReplicas":1,"availableReplicas":1,\
        "currentPodHash":"7d9f8c6b5","stableRS":"7d9f8c6b5","currentStepIndex":5,"currentStepHash":"5b4c8d7f9","selector":"app=\(name)",\
        "canary":{"weights":{"canary":{"podTemplateHash":"7d9f8c6b5","weight":100},"stable":{"podTemplateHash":"7d9f8c6b5","weight":100}}},\
        "conditions":[\(condition("Available", "AvailableReason", "Rollout has minimum availability")),\
        \(condition("Progressing", "NewReplicaSetAvailable", "Rollout \\\"\(name)\\\" has successfully progressed.")),\
        \(condition("Healthy", "RolloutHealthy", "Rollout is healthy")),\(condition("Completed", "RolloutCompleted", "Rollout completed update to revision 1 (7d9f8c6b5): Initial deploy"))]}}
        """
    }

    /// The ReplicaSet the Rollout owns.
    static func replicaSet(_ i: Int, _ namespaces: Int) -> String {
        let (ns, name, uid) = names(i, namespaces)
        return """
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"\(name)-7d9f8c6b5","namespace":"\(ns)",\
        "uid":"7a2b3c4d-0000-4000-8000-\(String(format: "%012d", i))","resourceVersion":"\(900 + i)","generation":1,\
        "creationTimestamp":"2026-12-06T10:00:00Z","labels":{"app":"\(name)","rollouts-pod-template-hash":"7d9f8c6b5"},\
        "annotations":{"rollout.argoproj.io/revision":"1","rollout.argoproj.io/desired-replicas":"1"},\
        "ownerReferences":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"\(name)","uid":"\(uid)","controller":true,"blockOwnerDeletion":true}]},\
        "spec":{"replicas":1,"selector":{"matchLabels":{"app":"\(name)","rollouts-pod-template-hash":"7d9f8c6b5"}},"template":\(template(name, hash: "7d9f8c6b5"))},\
        "status":{"replicas":1,"fullyLabeledReplicas":1,"readyReplicas":1,"availableReplicas":1,"observedGeneration":1}}
        """
    }
}
