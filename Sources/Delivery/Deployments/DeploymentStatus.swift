/// The rollout status of a Deployment exactly as `kubectl rollout status` computes it
/// (`DeploymentStatusViewer.Status` in k8s.io/kubectl `pkg/polymorphichelpers/rollout_status.go`),
/// first match wins:
///
/// 1. `metadata.generation > status.observedGeneration` → waiting, "Waiting for deployment spec
///    update to be observed...".
/// 2. The Progressing condition's reason is `ProgressDeadlineExceeded` → the error
///    `deployment "NAME" exceeded its progress deadline`.
/// 3. `spec.replicas` set and `status.updatedReplicas` below it → waiting, "… N out of M new
///    replicas have been updated...".
/// 4. `status.replicas > status.updatedReplicas` → waiting, "… N old replicas are pending termination...".
/// 5. `status.availableReplicas < status.updatedReplicas` → waiting, "… N of M updated replicas are available...".
/// 6. Otherwise done: `deployment "NAME" successfully rolled out`.
///
/// kubectl ignores `spec.paused` (it would wait forever); rollscope shows a paused Deployment as
/// `Paused` unless it has failed or the spec is not yet observed, keeping kubectl's line as the message.
public struct DeploymentStatus: Sendable, Hashable {
    /// What kubectl makes of the Deployment.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// kubectl keeps watching and prints `message`.
        case waiting
        /// kubectl prints `message` and exits 0.
        case rolledOut
        /// kubectl exits with `error: ` and `message`.
        case failed
    }

    public var verdict: Verdict
    /// kubectl's text without its trailing newline.
    public var message: String
    /// The console's status: Healthy when rolled out, Degraded when failed, Paused when
    /// `spec.paused` (and observed), Progressing otherwise.
    public var phase: RolloutPhase

    public init(verdict: Verdict, message: String, phase: RolloutPhase) {
        self.verdict = verdict
        self.message = message
        self.phase = phase
    }

    /// The same, as the status word and message the delivery list shows.
    public var rolloutStatus: RolloutStatus { RolloutStatus(phase, message) }

    /// The reason kube-controller-manager writes on the Progressing condition past the deadline (`TimedOutReason`).
    public static let timedOutReason = "ProgressDeadlineExceeded"

    /// The status of `deployment`.
    public static func of(_ deployment: Deployment) -> DeploymentStatus {
        let name = GoSyntax.quoted(deployment.metadata.name)
        let s = deployment.status
        guard (deployment.metadata.generation ?? 0) <= (s.observedGeneration ?? 0) else {
            return DeploymentStatus(verdict: .waiting, message: "Waiting for deployment spec update to be observed...", phase: .progressing)
        }
        let progressing = s.conditions?.first { $0.type == "Progressing" }
        if progressing?.reason == timedOutReason {
            return DeploymentStatus(verdict: .failed, message: "deployment \(name) exceeded its progress deadline", phase: .degraded)
        }
        let waiting = deployment.spec.paused == true ? RolloutPhase.paused : .progressing
        let updated = s.updatedReplicas ?? 0
        let prefix = "Waiting for deployment \(name) rollout to finish: "
        if let replicas = deployment.spec.replicas, updated < replicas {
            return DeploymentStatus(verdict: .waiting, message: prefix + "\(updated) out of \(replicas) new replicas have been updated...", phase: waiting)
        }
        let total = s.replicas ?? 0
        if total > updated {
            return DeploymentStatus(verdict: .waiting, message: prefix + "\(total - updated) old replicas are pending termination...", phase: waiting)
        }
        let available = s.availableReplicas ?? 0
        if available < updated {
            return DeploymentStatus(verdict: .waiting, message: prefix + "\(available) of \(updated) updated replicas are available...", phase: waiting)
        }
        return DeploymentStatus(verdict: .rolledOut, message: "deployment \(name) successfully rolled out",
                                phase: deployment.spec.paused == true ? .paused : .healthy)
    }

    /// `kubectl rollout status --revision=N`: the status, after refusing when the Deployment's
    /// revision annotation is unreadable or is not `revision` (kubectl's errors, word for word).
    public static func of(_ deployment: Deployment, revision: Int64) throws(ActionError) -> DeploymentStatus {
        let name = GoSyntax.quoted(deployment.metadata.name)
        guard let current = deployment.revision else {
            let text = deployment.metadata.annotations?[DeploymentAnnotations.revision] ?? ""
            let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
            let problem = !digits.isEmpty && digits.allSatisfy({ ("0"..."9").contains($0) }) ? "value out of range" : "invalid syntax"
            throw ActionError("cannot get the revision of deployment \(name): strconv.ParseInt: parsing \(GoSyntax.quoted(text)): \(problem)")
        }
        guard current == revision else {
            throw ActionError("desired revision (\(revision)) is different from the running revision (\(current))")
        }
        return of(deployment)
    }
}
