import Foundation
import JSONValue

/// The canary strategy, step by step as the rollouts controller walks
/// `spec.strategy.canary.steps`: setWeight, pause (with and without duration), analysis,
/// experiment, setCanaryScale; abort and full promotion. Without a traffic router the weight is
/// the replica ratio; with one (`trafficRouting`), the stable side keeps all its pods and the
/// router's weights are reported in `status.canary.weights`.
struct CanaryStrategy {
    let launcher: AnalysisLauncher

    func sync(_ s: inout RolloutSync) {
        let steps = s.spec[path: ["strategy", "canary", "steps"]]?.arrayValue ?? []
        var index = min(max(Int(s.status["currentStepIndex"]?.intValue ?? 0), 0), steps.count)
        if s.status["promoteFull"]?.boolValue == true { index = steps.count }
        let stable = s.replicaSet(hash: s.stableHash)
        if s.hash == s.stableHash {
            index = steps.count
            s.status["promoteFull"] = nil
            s.clearPause()
            s.desired[s.newRS.name] = s.replicas
            s.scaleDownOthers(keeping: [s.newRS.name])
        } else {
            if !s.aborted && !s.manuallyPaused { index = walk(&s, steps: steps, from: index) }
            if s.aborted {
                s.clearPause()
                if s.status["abortedAt"] == nil { s.status["abortedAt"] = timestamp(s.now) }
                s.desired[s.newRS.name] = 0
                if let stable { s.desired[stable.name] = s.replicas }
            } else if index >= steps.count {
                s.desired[s.newRS.name] = s.replicas
                if s.available(s.newRS) >= s.replicas && s.specReplicas(s.newRS) == s.replicas {
                    s.status["stableRS"] = .string(s.hash)
                    s.status["promoteFull"] = nil
                    if let stable { s.desired[stable.name] = 0 }
                } else if let stable {
                    s.desired[stable.name] = s.replicas
                }
            } else {
                let canary = canaryReplicas(steps, index, s.replicas)
                s.desired[s.newRS.name] = canary
                // A traffic router moves the traffic; the stable side keeps every pod.
                if let stable { s.desired[stable.name] = routed(s) ? s.replicas : max(s.replicas - canary, 0) }
            }
            s.scaleDownOthers(keeping: Set([s.newRS.name] + (stable.map { [$0.name] } ?? [])))
        }
        if !steps.isEmpty { s.status["currentStepIndex"] = .int(Int64(index)) }
        if routed(s) { writeWeights(&s, steps: steps, index: index) }
    }

    private func routed(_ s: RolloutSync) -> Bool { s.spec[path: ["strategy", "canary", "trafficRouting"]] != nil }

    /// `status.canary.weights` as the traffic router reports them (canary and stable sides).
    private func writeWeights(_ s: inout RolloutSync, steps: [JSON], index: Int) {
        let canary = s.spec[path: ["strategy", "canary"]] ?? [:]
        let maxWeight = canary[path: ["trafficRouting", "maxTrafficWeight"]]?.countValue ?? 100
        var weight = 0
        if s.hash == s.stableHash || index >= steps.count {
            weight = s.hash == s.stableHash ? 0 : maxWeight
        } else if !s.aborted {
            for step in steps[...index] { if let w = step["setWeight"]?.countValue { weight = min(w, maxWeight) } }
        }
        s.status[path: ["canary", "weights"]] = [
            "canary": ["weight": .int(Int64(weight)), "podTemplateHash": .string(s.hash),
                       "serviceName": canary["canaryService"] ?? ""],
            "stable": ["weight": .int(Int64(maxWeight - weight)), "podTemplateHash": .string(s.stableHash),
                       "serviceName": canary["stableService"] ?? ""],
        ]
    }

    /// Advances through every step that is complete; returns the index of the step now running.
    private func walk(_ s: inout RolloutSync, steps: [JSON], from start: Int) -> Int {
        var index = start
        while index < steps.count {
            let step = steps[index]
            if step["setWeight"] != nil {
                let want = canaryReplicas(steps, index, s.replicas)
                guard s.specReplicas(s.newRS) == want, s.available(s.newRS) >= want else { return index }
            } else if let pause = step["pause"] {
                guard pauseDone(&s, reason: "CanaryPauseStep", duration: StepDuration.seconds(pause["duration"])) else { return index }
            } else if let analysis = step["analysis"] {
                let base = "\(s.rollout.name)-\(s.hash)-\(s.revision)-\(index)"
                let current = s.status[path: ["canary", "currentStepAnalysisRunStatus", "name"]]?.stringValue
                guard let run = launcher.run(for: s, base: base, current: current, type: "Step", stepIndex: index, analysis: analysis)
                else { return index }
                s.status[path: ["canary", "currentStepAnalysisRunStatus"]] = AnalysisLauncher.summary(run)
                switch run[path: ["status", "phase"]]?.stringValue ?? "" {
                case "Successful": break
                case "Failed", "Error":
                    s.status["abort"] = true
                    s.abortMessage = run[path: ["status", "message"]]?.stringValue
                    return index
                case "Inconclusive":
                    guard pauseDone(&s, reason: "InconclusiveAnalysisRun", duration: nil) else { return index }
                default: return index
                }
            } else if let experiment = step["experiment"] {
                guard let phase = experimentPhase(&s, experiment, index: index) else { return index }
                if phase == "Failed" || phase == "Error" {
                    s.status["abort"] = true
                    s.abortMessage = "Experiment \(s.rollout.name)-\(s.hash)-\(s.revision)-\(index) \(phase.lowercased())"
                    return index
                }
                guard phase == "Successful" else { return index }
                s.status[path: ["canary", "currentExperiment"]] = nil
            }
            index += 1
            s.status[path: ["canary", "currentStepAnalysisRunStatus"]] = nil
        }
        return index
    }

    /// A controller pause: placed on first sight, over when its duration has elapsed or an operator cleared it.
    private func pauseDone(_ s: inout RolloutSync, reason: String, duration: Double?) -> Bool {
        if s.resumedByOperator {
            s.clearPause()
            return true
        }
        if let start = s.pauseStart(reason) {
            if let duration {
                let end = start.addingTimeInterval(duration)
                if s.now >= end {
                    s.clearPause()
                    return true
                }
                s.wakeups.append(end)
            }
            return false
        }
        s.addPause(reason)
        if let duration { s.wakeups.append(s.now.addingTimeInterval(duration)) }
        return false
    }

    /// Creates the step's Experiment on first sight; returns its phase (nil until it exists).
    private func experimentPhase(_ s: inout RolloutSync, _ step: JSON, index: Int) -> String? {
        let writer = launcher.writer
        let ns = s.rollout.namespace
        let name = "\(s.rollout.name)-\(s.hash)-\(s.revision)-\(index)"
        s.status[path: ["canary", "currentExperiment"]] = .string(name)
        if let existing = writer.get(.experiments, namespace: ns, name: name) {
            return existing[path: ["status", "phase"]]?.stringValue ?? "Pending"
        }
        let stableTemplate = s.replicaSet(hash: s.stableHash)?[path: ["spec", "template"]] ?? s.newRS[path: ["spec", "template"]] ?? [:]
        let templates: [JSON] = (step["templates"]?.arrayValue ?? []).map { t in
            var template = t["specRef"]?.stringValue == "stable" ? stableTemplate : (s.newRS[path: ["spec", "template"]] ?? [:])
            let templateName = t["name"]?.stringValue ?? "template"
            template[path: ["metadata", "labels", "rollouts-pod-template-hash"]] = nil
            template[path: ["metadata", "labels", "experiment.argoproj.io/template"]] = .string(templateName)
            return ["name": .string(templateName), "replicas": t["replicas"] ?? 1, "template": template]
        }
        let experiment: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Experiment",
            "metadata": ["name": .string(name), "namespace": .string(ns),
                         "labels": ["rollouts-pod-template-hash": .string(s.hash)],
                         "annotations": ["rollout.argoproj.io/revision": .string(String(s.revision))],
                         "ownerReferences": [JSON.controllerReference(to: s.rollout)]],
            "spec": ["templates": .array(templates), "duration": step["duration"] ?? "30s"],
        ]
        _ = writer.create(.experiments, namespace: ns, experiment)
        return nil
    }

    /// Canary pods for the weight in force at `index` (the nearest setWeight at or before it,
    /// overridden by a setCanaryScale); 100% once past the last step.
    func canaryReplicas(_ steps: [JSON], _ index: Int, _ replicas: Int) -> Int {
        guard index < steps.count else { return replicas }
        var weight = 0
        var scale: JSON?
        for step in steps[...index] {
            if let w = step["setWeight"]?.countValue { weight = w }
            if let c = step["setCanaryScale"] { scale = c }
        }
        if let scale, scale["matchTrafficWeight"]?.boolValue != true {
            if let r = scale["replicas"]?.replicaCount { return r }
            if let w = scale["weight"]?.countValue { return Self.share(w, of: replicas) }
        }
        return Self.share(weight, of: replicas)
    }

    /// `weight`% of `replicas`, rounded up; a weight outside 0...100 counts as its nearest bound
    /// (both are clamped counts, so the product fits).
    static func share(_ weight: Int, of replicas: Int) -> Int {
        (weight.clamped(to: 0...100) * replicas.clamped(to: 0...SpecNumbers.maxReplicas) + 99) / 100
    }
}
