import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import Delivery

/// `rollscope set`: the plugin's `set` group (only `image`, as upstream).
struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Update a rollout's fields (set image).",
                                                    subcommands: [SetImageCommand.self])
}

/// `rollscope set image ROLLOUT CONTAINER=IMAGE`, as the plugin's `set image`
/// (`cmd/set/set_image.go`): GET the Rollout (or the Deployment its `workloadRef` names), replace
/// the image of every init, regular and ephemeral container named CONTAINER (every one for `*`),
/// and PUT the whole object back; a 409 Conflict (it changed since the GET) reads it again and
/// retries, at most `attempts` times in all. Not a JSON patch: see docs/DECISIONS.md.
struct SetImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image",
        abstract: "Set a rollout's container image: PUT the whole Rollout (or its workloadRef Deployment) back, as the plugin does.",
        discussion: "CONTAINER may be * for every container. A conflict (the object changed meanwhile) is retried up to 5 times.")

    /// The plugin's `maxAttempts`.
    static let attempts = 5

    @Argument(help: "The Rollout's name.") var rollout: String
    @Argument(help: ArgumentHelp("CONTAINER=IMAGE (CONTAINER may be *).", valueName: "container=image")) var assignment: String
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard RolloutAction.setImage(parsing: assignment) != nil else {
            throw ValidationError("expected CONTAINER=IMAGE, not \(assignment)")
        }
    }

    func run() async throws {
        guard case let .setImage(container, image)? = RolloutAction.setImage(parsing: assignment) else { return }
        try await reportingFailures {
            let (config, client) = try cluster.connect()
            let sender = AuditedSender(client: client, config: config)
            let action = RolloutAction.setImage(container: container, image: image)
            let target = ObjectRef(kind: .rollout, namespace: config.namespace, name: rollout)
            var conflict: CommandFailure?
            for attempt in 1...Self.attempts {
                var object: Data
                do {
                    // One GET of the Rollout; with a workloadRef, one of the Deployment it names.
                    let read = APIRequest(method: .get, path: ResourceType.rollouts.path(namespace: config.namespace, name: rollout))
                    let answer = try await client.send(read)
                    object = answer.body
                    let target = RolloutRequests.setImageTarget(try client.decode(Rollout.self, answer))
                    if target != read { object = try await client.send(target).body }
                } catch {
                    throw CommandFailure(error)
                }
                let plan: ActionPlan
                do { plan = try RolloutRequests.setImage(container: container, image: image, object: object, rolloutName: rollout) } catch {
                    throw CommandFailure("error: \(error)")
                }
                let outcome = try await sender.send(sender.mutation(.setImage, action.title, target: target, plan: plan, id: attempt))
                if case .failed(let status) = outcome, status.code == 409 {
                    conflict = AuditedSender.failure(outcome)
                    continue
                }
                if let failure = AuditedSender.failure(outcome) { throw failure }
                emit(plan.message + "\n")
                return
            }
            // The plugin dereferences nil here; rollscope says what the server said the last time.
            throw conflict ?? CommandFailure("error: conflict")
        }
    }
}
