import APIServer
import Foundation
import JSONValue

/// Creates (or finds) the AnalysisRun a Rollout step, a pre- or post-promotion check needs, from
/// the AnalysisTemplates it names, labelled and named as the rollouts controller does
/// (`rollout-type`, `step-index`, `rollouts-pod-template-hash`, revision annotation). A retry
/// after abort gets a fresh run (`NAME.1`, `NAME.2`...) rather than the failed one.
struct AnalysisLauncher {
    let writer: ObjectWriter

    /// The run for `base`, the one named in `current` when it belongs to this step.
    func run(for sync: RolloutSync, base: String, current: String?, type: String, stepIndex: Int?, analysis: JSON) -> JSON? {
        let ns = sync.rollout.namespace
        if let current, current == base || current.hasPrefix(base + "."),
           let existing = writer.get(.analysisRuns, namespace: ns, name: current) {
            return existing
        }
        var name = base
        var attempt = 0
        while writer.get(.analysisRuns, namespace: ns, name: name) != nil {
            attempt += 1
            name = "\(base).\(attempt)"
        }
        var metrics: [JSON] = []
        var args: [JSON] = []
        for ref in analysis["templates"]?.arrayValue ?? [] {
            guard let templateName = ref["templateName"]?.stringValue,
                  let template = writer.get(.analysisTemplates, namespace: ns, name: templateName) else { continue }
            metrics += template[path: ["spec", "metrics"]]?.arrayValue ?? []
            args += template[path: ["spec", "args"]]?.arrayValue ?? []
        }
        for arg in analysis["args"]?.arrayValue ?? [] {
            if let i = args.firstIndex(where: { $0["name"] == arg["name"] }) { args[i] = arg } else { args.append(arg) }
        }
        var labels: JSON = ["rollout-type": .string(type), "rollouts-pod-template-hash": .string(sync.hash)]
        if let stepIndex { labels["step-index"] = .string(String(stepIndex)) }
        var annotations: JSON = ["rollout.argoproj.io/revision": .string(String(sync.revision))]
        annotations[AnalysisOutcome.annotation] = .string(AnalysisOutcome(of: sync.rollout).rawValue)
        let run: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisRun",
            "metadata": ["name": .string(name), "namespace": .string(ns), "labels": labels, "annotations": annotations,
                         "ownerReferences": [JSON.controllerReference(to: sync.rollout)]],
            "spec": ["metrics": .array(metrics), "args": .array(args)],
        ]
        return writer.create(.analysisRuns, namespace: ns, run)
    }

    /// `{name, status, message}` as the Rollout status reports a run.
    static func summary(_ run: JSON) -> JSON {
        var s: JSON = ["name": .string(run.name), "status": run[path: ["status", "phase"]] ?? "Pending"]
        if let message = run[path: ["status", "message"]]?.stringValue { s["message"] = .string(message) }
        return s
    }
}
