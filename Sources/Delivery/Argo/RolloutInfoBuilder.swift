import Foundation
import KubeModel

extension RolloutInfo {
    /// Computes the view of `rollout` from the objects of its snapshot, by the plugin's rules:
    /// ReplicaSets, Experiments and AnalysisRuns belong to it when one of their owner references
    /// carries its UID; Pods belong to the ReplicaSet whose UID they carry.
    public init(_ rollout: Rollout, objects: ObjectSet) {
        let status = RolloutStatus.of(rollout)
        let s = rollout.status
        name = rollout.metadata.name
        namespace = rollout.metadata.namespace ?? ""
        creationTimestamp = rollout.metadata.creationTimestamp
        self.status = status.status
        message = status.message
        icon = StatusIcon.rollout(status.status)
        desired = rollout.desiredReplicas
        (ready, current) = rollout.readyOfCurrent
        updated = s.updatedReplicas ?? 0
        available = s.availableReplicas ?? 0
        step = ""

        let replicaSets = ReplicaSetInfo.owned(by: rollout.metadata.uid, rollout: rollout, objects: objects)
        (strategy, setWeight, actualWeight) = Self.strategyAndWeights(rollout, objects: objects)
        if let canary = rollout.spec.strategy?.canary {
            let steps = canary.steps ?? []
            if let index = s.currentStepIndex, !steps.isEmpty { step = "\(index)/\(steps.count)" }
            if !steps.isEmpty {
                let current = Int(s.currentStepIndex ?? 0)
                self.steps = steps.enumerated().map { i, step in
                    StepInfo(index: i, text: step.summary, step: step, done: i < current, current: i == current)
                }
            }
        }

        let experiments = ExperimentInfo.owned(by: rollout.metadata.uid, objects: objects)
        let runs = AnalysisRunInfo.owned(by: rollout.metadata.uid, objects: objects)
        let numbers = Set(replicaSets.map(\.revision) + experiments.map(\.revision) + runs.map(\.revision))
        revisions = numbers.sorted(by: >).map { n in
            RevisionInfo(revision: n, replicaSets: replicaSets.filter { $0.revision == n },
                         experiments: experiments.filter { $0.revision == n }, analysisRuns: runs.filter { $0.revision == n })
        }

        var images: [ImageInfo] = []
        for rs in replicaSets where rs.replicas > 0 {
            let tags = [rs.canary ? "canary" : nil, rs.stable ? "stable" : nil, rs.active ? "active" : nil,
                        rs.preview ? "preview" : nil, rs.ping ? "ping" : nil, rs.pong ? "pong" : nil].compactMap { $0 }
            for image in rs.images { ImageInfo.merge(ImageInfo(image: image, tags: tags), into: &images) }
        }
        for experiment in experiments {
            for image in experiment.images { ImageInfo.merge(image, into: &images) }
        }
        self.images = images
    }
}

extension RolloutInfo {
    /// The strategy's name and a canary's set and actual weights, as the view has them: what a
    /// list row shows, read without building the rest (the ReplicaSets' images read their pod
    /// templates, which a row never needs).
    public static func strategyAndWeights(_ rollout: Rollout, objects: ObjectSet) -> (strategy: String, setWeight: Int32?, actualWeight: Int32?) {
        guard rollout.spec.strategy?.canary != nil else { return (rollout.spec.strategy?.blueGreen != nil ? "BlueGreen" : "", nil, nil) }
        let weight = CanaryWeights.setWeight(rollout)
        // The canary ReplicaSet the view lists first (newest revision, then name).
        let canary = objects.replicaSets.filter { $0.metadata.isOwned(by: rollout.metadata.uid) && ReplicaSetInfo.isCanary($0, of: rollout) }
            .min { ($0.revision ?? 0, $1.metadata.name) > ($1.revision ?? 0, $0.metadata.name) }
        return ("Canary", weight, CanaryWeights.actualWeight(rollout, setWeight: weight, canaryAvailable: canary.map { $0.status.availableReplicas ?? 0 }))
    }
}

extension ReplicaSetInfo {
    /// Whether `rs` is `rollout`'s canary: a canary strategy's ReplicaSet of the current pod
    /// template that is not the stable one.
    static func isCanary(_ rs: ReplicaSet, of rollout: Rollout) -> Bool {
        let hash = rs.podTemplateHash
        return rollout.spec.strategy?.canary != nil && hash != rollout.status.stableRS && hash == rollout.status.currentPodHash
    }

    /// The ReplicaSets owned by `uid`, tagged against `rollout` when given, with their pods;
    /// sorted by revision (newest first), then name.
    static func owned(by uid: String?, rollout: Rollout?, objects: ObjectSet) -> [ReplicaSetInfo] {
        objects.replicaSets.filter { $0.metadata.isOwned(by: uid) }.map { ReplicaSetInfo($0, rollout: rollout, objects: objects) }
            .sorted { $0.revision != $1.revision ? $0.revision > $1.revision : $0.name < $1.name }
    }

    init(_ rs: ReplicaSet, rollout: Rollout?, objects: ObjectSet) {
        name = rs.metadata.name
        namespace = rs.metadata.namespace ?? ""
        creationTimestamp = rs.metadata.creationTimestamp
        status = ReplicaSetInfo.health(rs)
        icon = StatusIcon.replicaSet(status)
        revision = rs.revision ?? 0
        template = rs.metadata.annotations?[Annotations.experimentTemplateName]
        scaleDownDeadline = rs.metadata.annotations?[Annotations.scaleDownDeadline]
        replicas = rs.status.replicas ?? 0
        availableReplicas = rs.status.availableReplicas ?? 0
        images = rs.spec.template?.images ?? []
        if let rollout {
            let hash = rs.podTemplateHash
            let s = rollout.status
            if let canary = rollout.spec.strategy?.canary {
                let stableIsPing = s.canary?.stablePingPong == "ping"
                let pingPong = canary.pingPong != nil
                if hash == s.stableRS {
                    stable = true
                    if pingPong { ping = stableIsPing; pong = !stableIsPing }
                } else if Self.isCanary(rs, of: rollout) {
                    self.canary = true
                    if pingPong { ping = !stableIsPing; pong = stableIsPing }
                }
            }
            if rollout.spec.strategy?.blueGreen != nil {
                if hash == s.stableRS { stable = true }
                if hash == s.blueGreen?.activeSelector { active = true } else if hash == s.blueGreen?.previewSelector { preview = true }
            }
        }
        pods = PodInfo.owned(by: rs.metadata.uid, objects: objects)
    }

    /// `getReplicaSetHealth`.
    static func health(_ rs: ReplicaSet) -> String {
        if (rs.metadata.generation ?? 0) <= (rs.status.observedGeneration ?? 0) {
            if rs.status.conditions?.first(where: { $0.type == "ReplicaFailure" })?.status == "True" { return "ReplicaFailure" }
            if let wanted = rs.spec.replicas, (rs.status.availableReplicas ?? 0) < wanted { return "Progressing" }
        } else {
            return "Progressing"
        }
        return rs.spec.replicas == 0 ? "ScaledDown" : "Healthy"
    }
}

extension PodInfo {
    /// The pods owned by `uid` (a ReplicaSet), oldest first, then by name.
    static func owned(by uid: String?, objects: ObjectSet) -> [PodInfo] {
        objects.pods.filter { $0.metadata.isOwned(by: uid) }
            .sorted {
                let a = $0.metadata.creationTimestamp?.date ?? .distantPast, b = $1.metadata.creationTimestamp?.date ?? .distantPast
                return a != b ? a < b : $0.metadata.name < $1.metadata.name
            }
            .map(PodInfo.init)
    }

    init(_ pod: Pod) {
        let s = PodStatus(pod)
        name = pod.metadata.name
        creationTimestamp = pod.metadata.creationTimestamp
        status = s.status
        icon = StatusIcon.pod(s.status)
        ready = s.readyText
        restarts = s.restarts
    }
}

extension AnalysisRunInfo {
    /// The AnalysisRuns owned by `uid`: revision desc, creation asc, name desc (the plugin's order).
    static func owned(by uid: String?, objects: ObjectSet) -> [AnalysisRunInfo] {
        objects.analysisRuns.filter { $0.metadata.isOwned(by: uid) }.map(AnalysisRunInfo.init)
            .sorted {
                if $0.revision != $1.revision { return $0.revision > $1.revision }
                let a = $0.creationTimestamp?.date ?? .distantPast, b = $1.creationTimestamp?.date ?? .distantPast
                if a != b { return a < b }
                return $0.name > $1.name
            }
    }

    public init(_ run: AnalysisRun) {
        name = run.metadata.name
        namespace = run.metadata.namespace ?? ""
        creationTimestamp = run.metadata.creationTimestamp
        revision = Annotations.revision(run.metadata.annotations) ?? 0
        status = run.status.phase ?? ""
        icon = StatusIcon.analysis(status)
        message = run.status.message ?? ""
        let results = run.status.metricResults ?? []
        successful = WireNumber.sum(results.map { $0.successful ?? 0 })
        failed = WireNumber.sum(results.map { $0.failed ?? 0 })
        inconclusive = WireNumber.sum(results.map { $0.inconclusive ?? 0 })
        error = WireNumber.sum(results.map { $0.error ?? 0 })
        jobs = results.flatMap { result in
            (result.measurements ?? []).compactMap { m -> JobInfo? in
                guard let job = m.metadata?["job-name"] else { return nil }
                let phase = m.phase ?? ""
                return JobInfo(name: job, namespace: m.metadata?["job-namespace"] ?? run.metadata.namespace ?? "",
                               metric: result.name ?? "", status: phase, icon: StatusIcon.analysis(phase), startedAt: m.startedAt)
            }
        }
        if !results.isEmpty {
            let specs = run.spec.metrics ?? []
            metrics = results.map { result in
                let spec = specs.first { $0.name == result.name }
                return MetricInfo(name: result.name ?? "", phase: result.phase ?? "", dryRun: run.isDryRun(result.name ?? "") ? true : nil,
                                  successCondition: spec?.successCondition, failureCondition: spec?.failureCondition,
                                  measurements: (result.measurements ?? []).map {
                                      MeasurementInfo(value: $0.value, phase: $0.phase ?? "", startedAt: $0.startedAt,
                                                      finishedAt: $0.finishedAt, message: $0.message)
                                  })
            }
        }
    }
}

extension ExperimentInfo {
    /// The Experiments owned by `uid`: revision desc, then creation asc.
    static func owned(by uid: String?, objects: ObjectSet) -> [ExperimentInfo] {
        objects.experiments.filter { $0.metadata.isOwned(by: uid) }.map { ExperimentInfo($0, objects: objects) }
            .sorted {
                if $0.revision != $1.revision { return $0.revision > $1.revision }
                return ($0.creationTimestamp?.date ?? .distantPast) < ($1.creationTimestamp?.date ?? .distantPast)
            }
    }

    /// The view of one Experiment with its ReplicaSets, pods and AnalysisRuns.
    public init(_ experiment: Experiment, objects: ObjectSet) {
        name = experiment.metadata.name
        namespace = experiment.metadata.namespace ?? ""
        creationTimestamp = experiment.metadata.creationTimestamp
        revision = Annotations.revision(experiment.metadata.annotations) ?? 0
        status = experiment.status.phase ?? ""
        icon = StatusIcon.analysis(status)
        message = experiment.status.message ?? ""
        replicaSets = ReplicaSetInfo.owned(by: experiment.metadata.uid, rollout: nil, objects: objects)
        analysisRuns = AnalysisRunInfo.owned(by: experiment.metadata.uid, objects: objects)
    }
}
