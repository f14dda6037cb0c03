import APIServer
import Foundation
import JSONValue
import KubeModel

/// Flagger, simulated. Each Canary is advanced once per analysis interval (10 s floor, scaled by
/// `--speed`), as Flagger's scheduler does: Initializing (primary Deployment and Services) →
/// Initialized; a new pod template of the target → Waiting (confirm-rollout) → Progressing
/// (weights or iterations, failed checks against the threshold, confirm-traffic-increase,
/// rollback hooks) → WaitingPromotion (confirm-promotion) → Promoting → Finalising → Succeeded,
/// or Failed. Every step leaves Flagger's own Events on the Canary; every analysis iteration
/// sets each check's value on Flagger's `/metrics` page (`FlaggerMetrics`).
final class CanaryController: @unchecked Sendable {
    private let writer: ObjectWriter
    private let clock: any DemoClock
    private let options: DemoOptions
    private let events: EventRecorder
    private let webhooks: WebhookCaller
    private let metrics: FlaggerMetrics
    private let random: DemoRandom
    /// Canaries with a tick scheduled (confined to the clock's context).
    private var ticking: Set<String> = []
    private var stopped = false

    init(store: ObjectStore, clock: any DemoClock, options: DemoOptions, events: EventRecorder, webhooks: WebhookCaller,
         metrics: FlaggerMetrics, random: DemoRandom) {
        writer = ObjectWriter(store: store)
        self.metrics = metrics
        self.random = random
        self.clock = clock
        self.options = options
        self.events = events
        self.webhooks = webhooks
    }

    func start(_ watcher: StoreWatcher) throws {
        try watcher.watch(.canaries, clock: clock) { [weak self] kind, canary in
            guard let self, kind != .deleted, !stopped, ticking.insert(canary.key).inserted else { return }
            clock.schedule(after: 0) { [weak self] in self?.tick(canary.key) }
        }
    }

    func stop() { clock.schedule(after: 0) { [weak self] in self?.stopped = true } }

    private func tick(_ key: String) {
        let (ns, name) = splitKey(key)
        guard !stopped, let canary = writer.get(.canaries, namespace: ns, name: name) else {
            ticking.remove(key)
            return
        }
        if canary[path: ["spec", "suspend"]]?.boolValue != true { advance(canary) }
        clock.schedule(after: options.scaled(CanaryAnalysis(canary: canary).interval)) { [weak self] in self?.tick(key) }
    }

    private func emit(_ canary: JSON, _ message: String, warning: Bool = false) {
        events.record(canary, type: warning ? "Warning" : "Normal", reason: "Synced", message: message, component: "flagger")
    }

    /// One scheduler tick of one Canary.
    private func advance(_ canary: JSON) {
        let ns = canary.namespace
        let id = "\(canary.name).\(ns)"
        let analysis = CanaryAnalysis(canary: canary)
        guard let targetName = canary[path: ["spec", "targetRef", "name"]]?.stringValue,
              let target = writer.get(.deployments, namespace: ns, name: targetName) else {
            emit(canary, "\(canary[path: ["spec", "targetRef", "name"]]?.stringValue ?? "").\(ns) not ready: deployment not found", warning: true)
            return
        }
        let targetID = "\(targetName).\(ns)"
        let primaryName = PrimaryObjects.primaryName(targetName)
        let hash = PodTemplateHash.of(target[path: ["spec", "template"]] ?? [:])
        var status = canary["status"] ?? [:]
        let phase = status["phase"]?.stringValue ?? ""
        let replicas = target[path: ["spec", "replicas"]]?.replicaCount ?? 1
        let now = clock.now

        func write(_ newPhase: String, promoted: (String, String, String)? = nil) {
            status["phase"] = .string(newPhase)
            status["lastTransitionTime"] = timestamp(now)
            let (state, reason, message) = promoted ?? Self.promotedCondition(newPhase)
            var conditions = ConditionList(status["conditions"], now: now)
            conditions.set("Promoted", state, reason: reason, message: message)
            status["conditions"] = conditions.json
            writer.writeStatus(.canaries, canary, status)
            metrics.recordStatus(namespace: ns, canary: canary.name, target: targetName, phase: newPhase,
                                 weight: status["canaryWeight"]?.countValue ?? 0)
        }
        func fail() {
            emit(canary, "Canary failed! Scaling down \(targetID)", warning: true)
            writer.scale(.deployments, target, to: 0)
            status["canaryWeight"] = 0
            status["iterations"] = 0
            status["failedChecks"] = 0
            write("Failed")
        }

        switch phase {
        case "", "Initializing":
            let primary = writer.get(.deployments, namespace: ns, name: primaryName)
                ?? writer.create(.deployments, namespace: ns, PrimaryObjects.primaryDeployment(canary: canary, target: target))
            for service in PrimaryObjects.services(canary: canary, target: target)
            where writer.get(.services, namespace: ns, name: service.name) == nil {
                _ = writer.create(.services, namespace: ns, service)
            }
            if available(primary) >= replicas {
                writer.scale(.deployments, target, to: 0)
                emit(canary, "Initialization done! \(id)")
                status["lastAppliedSpec"] = .string(hash)
                status["lastPromotedSpec"] = .string(hash)
                status["canaryWeight"] = 0
                status["iterations"] = 0
                status["failedChecks"] = 0
                write("Initialized")
            } else if phase.isEmpty {
                status["canaryWeight"] = 0
                status["iterations"] = 0
                status["failedChecks"] = 0
                write("Initializing")
            }
        case "Initialized", "Succeeded", "Failed":
            guard status["lastAppliedSpec"]?.stringValue != hash else {
                if replicasOf(target) != 0 { writer.scale(.deployments, target, to: 0) }
                return
            }
            status["lastAppliedSpec"] = .string(hash)
            if phase == "Failed", status["lastPromotedSpec"]?.stringValue == hash {
                write("Failed")
                return
            }
            emit(canary, "New revision detected! Scaling up \(targetID)")
            writer.scale(.deployments, target, to: max(replicasOf(writer.get(.deployments, namespace: ns, name: primaryName)), 1))
            status["canaryWeight"] = 0
            status["iterations"] = 0
            status["failedChecks"] = 0
            write("Waiting")
        case "Waiting", "Progressing", "WaitingPromotion":
            if status["lastAppliedSpec"]?.stringValue != hash {
                emit(canary, "New revision detected! Restarting analysis for \(targetID)")
                status["lastAppliedSpec"] = .string(hash)
                status["canaryWeight"] = 0
                status["iterations"] = 0
                status["failedChecks"] = 0
                write("Progressing")
                return
            }
            if phase != "Waiting", let hook = analysis.hooks("rollback").first(where: { webhooks.approves($0, canary: canary) }) {
                emit(canary, "Rolling back \(id) manual webhook invoked (\(hook["name"]?.stringValue ?? ""))", warning: true)
                fail()
                return
            }
            if available(target) < replicas {
                let started = date(status[path: ["conditions"]]?.arrayValue?.first?["lastTransitionTime"]) ?? now
                emit(canary, "canary deployment \(targetID) not ready: waiting for rollout to finish: \(available(target)) of \(replicas) (readyThreshold 100%) updated replicas are available", warning: true)
                if now.timeIntervalSince(started) >= analysis.progressDeadline { fail() }
                return
            }
            if phase == "Waiting" {
                if let hook = analysis.hooks("confirm-rollout").first(where: { !webhooks.approves($0, canary: canary) }) {
                    emit(canary, "Halt \(id) advancement waiting for approval \(hook["name"]?.stringValue ?? "")")
                    status["lastTransitionTime"] = timestamp(now)
                    writer.writeStatus(.canaries, canary, status)
                    return
                }
                if analysis.kubernetesProvider, analysis.hasMatch {
                    emit(canary, "A/B testing is not supported by the kubernetes provider: match conditions ignored", warning: true)
                }
                emit(canary, "Starting canary analysis for \(targetID)")
                write("Progressing")
                return
            }
            if canary[path: ["spec", "skipAnalysis"]]?.boolValue == true {
                promote(canary, target: target, primaryName: primaryName)
                write("Promoting")
                return
            }
            // An operator's `{"status":{"failedChecks":THRESHOLD}}` (fluxcd/flagger#1467) lands here too.
            let checks = status["failedChecks"]?.countValue ?? 0
            if checks >= analysis.threshold {
                emit(canary, "Rolling back \(id) failed checks threshold reached \(checks)", warning: true)
                fail()
                return
            }
            let failedCheck = phase == "Progressing" ? measure(canary, target: targetName, failedChecks: checks) : nil
            if phase == "Progressing", AnalysisOutcome(of: canary) == .failed {
                let failed = (status["failedChecks"]?.countValue ?? 0) + 1
                status["failedChecks"] = .int(Int64(failed))
                emit(canary, failedCheck.map { "Halt \(id) advancement \($0)" }
                     ?? "Halt advancement no values found for metric request-success-rate probably \(id) is not receiving traffic: running query failed: no values found",
                     warning: true)
                if failed >= analysis.threshold {
                    emit(canary, "Rolling back \(id) failed checks threshold reached \(failed)", warning: true)
                    fail()
                } else {
                    write("Progressing")
                }
                return
            }
            if phase == "Progressing" {
                let iterations = status["iterations"]?.signedCountValue ?? 0
                let weight = status["canaryWeight"]?.countValue ?? 0
                if analysis.strategy == .canary, weight < analysis.maxWeight {
                    if let hook = analysis.hooks("confirm-traffic-increase").first(where: { !webhooks.approves($0, canary: canary) }) {
                        emit(canary, "Halt \(id) advancement waiting for traffic increase approval \(hook["name"]?.stringValue ?? "")")
                        return
                    }
                    let next = analysis.nextWeight(after: weight)
                    status["canaryWeight"] = .int(Int64(next))
                    emit(canary, "Advance \(id) canary weight \(next)")
                    write("Progressing")
                    return
                }
                if analysis.strategy != .canary, iterations < analysis.iterations {
                    status["iterations"] = .int(Int64(iterations + 1))
                    emit(canary, "Advance \(id) canary iteration \(iterations + 1)/\(analysis.iterations)")
                    write("Progressing")
                    return
                }
            }
            if let hook = analysis.hooks("confirm-promotion").first(where: { !webhooks.approves($0, canary: canary) }) {
                emit(canary, "Halt \(id) advancement waiting for promotion approval \(hook["name"]?.stringValue ?? "")")
                if phase != "WaitingPromotion" {
                    status["canaryWeight"] = 0
                    status["iterations"] = .int(Int64(analysis.strategy == .canary ? -1 : analysis.iterations - 1))
                }
                write("WaitingPromotion")
                return
            }
            promote(canary, target: target, primaryName: primaryName)
            write("Promoting")
        case "Promoting":
            let primary = writer.get(.deployments, namespace: ns, name: primaryName)
            guard available(primary) >= replicas, primary?[path: ["status", "updatedReplicas"]]?.intValue == Int64(replicas) else { return }
            emit(canary, "Routing all traffic to primary")
            status["canaryWeight"] = 0
            write("Finalising")
        case "Finalising":
            writer.scale(.deployments, target, to: 0)
            emit(canary, "Promotion completed! Scaling down \(targetID)")
            status["lastPromotedSpec"] = status["lastAppliedSpec"] ?? .string(hash)
            status["iterations"] = 0
            status["failedChecks"] = 0
            write("Succeeded")
        default:
            return
        }
    }

    /// One iteration's value of each check on Flagger's page: inside its range, but for a Canary
    /// the scenario fails, whose success rate (or first check) falls further below its range at
    /// each failed check. Returns what Flagger's event says of that check (`success rate 87.12% < 99%`,
    /// `error-rate 3.1 > 1`); nil when none fails (or the Canary has no checks).
    private func measure(_ canary: JSON, target: String, failedChecks: Int) -> String? {
        let checks = (CanaryAnalysis(canary: canary).analysis["metrics"]?.arrayValue ?? []).compactMap { check -> (String, JSON)? in
            check["name"]?.stringValue.map { ($0, check) }
        }
        let failing = AnalysisOutcome(of: canary) == .failed
            ? (checks.first { $0.0 == "request-success-rate" } ?? checks.first)?.0 : nil
        var failure: String?
        for (name, check) in checks {
            let range = check["thresholdRange"]
            let minimum = range?["min"]?.doubleValue ?? (name == "request-success-rate" ? check["threshold"]?.doubleValue ?? 99 : nil)
            let maximum = range?["max"]?.doubleValue ?? (name == "request-success-rate" ? nil : check["threshold"]?.doubleValue)
            let value: Double
            switch (minimum, maximum) {
            case let (min?, _) where name == failing:
                value = min - random.double(in: 2...6) - 8 * Double(failedChecks)
            case let (_, max?) where name == failing:
                value = max * random.double(in: 1.2...1.6) + max * 0.3 * Double(failedChecks)
            case let (min?, max?): value = min + (max - min) * random.double(in: 0.2...0.8)
            case let (min?, nil): value = name == "request-success-rate" ? random.double(in: Swift.max(min, 99.2)...100) : min * random.double(in: 1.05...1.3)
            case let (nil, max?): value = max * random.double(in: 0.3...0.8)
            case (nil, nil): value = random.double(in: 0...1)
            }
            let rounded = (value * 100).rounded() / 100
            metrics.recordAnalysis(namespace: canary.namespace, target: target, metric: name, value: rounded)
            guard name == failing else { continue }
            let shown = String(format: "%.2f", rounded)
            if name == "request-success-rate", let minimum {
                failure = "success rate \(shown)% < \(Self.goNumber(minimum))%"
            } else if let minimum, rounded < minimum {
                failure = "\(name) \(shown) < \(Self.goNumber(minimum))"
            } else if let maximum {
                failure = "\(name) \(shown) > \(Self.goNumber(maximum))"
            }
        }
        return failure
    }

    /// Go's `%v` of a float64 bound: `99`, `0.5`.
    private static func goNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Copies the target's template into the primary (Flagger's promotion).
    private func promote(_ canary: JSON, target: JSON, primaryName: String) {
        let ns = canary.namespace
        emit(canary, "Copying \(target.name).\(ns) template spec to \(primaryName).\(ns)")
        guard var primary = writer.get(.deployments, namespace: ns, name: primaryName) else { return }
        primary[path: ["spec", "template"]] = PrimaryObjects.primaryTemplate(from: target)
        _ = try? writer.store.update(.deployments, namespace: ns, name: primaryName, object: primary)
    }

    private func available(_ deployment: JSON?) -> Int { deployment?[path: ["status", "availableReplicas"]]?.countValue ?? 0 }
    private func replicasOf(_ deployment: JSON?) -> Int { deployment?[path: ["spec", "replicas"]]?.countValue ?? 0 }

    /// The `Promoted` condition Flagger writes for each phase.
    static func promotedCondition(_ phase: String) -> (String, String, String) {
        switch phase {
        case "Initialized": return ("True", "Initialized", "Deployment initialization completed.")
        case "Succeeded": return ("True", "Succeeded", "Canary analysis completed successfully, promotion finished.")
        case "Failed": return ("False", "Failed", "Canary analysis failed, Deployment scaled to zero.")
        case "Waiting": return ("Unknown", "Waiting", "Waiting for approval.")
        case "WaitingPromotion": return ("Unknown", "WaitingPromotion", "Waiting for approval.")
        case "Initializing": return ("Unknown", "Initializing", "Deployment initialization started.")
        default: return ("Unknown", "Progressing", "New revision detected, progressing canary analysis.")
        }
    }
}
