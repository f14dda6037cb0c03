import Delivery
import KubeModel

/// A release named on the command line as `[rollout|canary] NAME`: the Rollout of that name, else
/// the Canary (or only the KIND given), read with what the command needs of each kind. Without
/// KIND, a cluster that serves only one of the tools still finds the other's object. Shared by
/// `diff` and `logs`.
enum Release {
    case rollout(Rollout, ObjectSet)
    case canary(Canary, ObjectSet)

    /// `reads`: for `.rollouts` and `.canaries`, the kinds the command reads beside the object;
    /// `purpose` ends the refusal of another kind ("diff compares the revisions of").
    static func find(_ words: [String], in source: SourceOptions, reads: [ResourceType: Set<ResourceType>],
                     purpose: String) async throws -> Release {
        let name = words[words.count - 1]
        let kinds: [ResourceType]
        if words.count == 2 {
            let kind = try commandLineKind(words[0]).resource
            guard reads[kind] != nil else { throw CommandFailure("error: \(purpose) a rollout or a canary, not of \(kind.plural)") }
            kinds = [kind]
        } else {
            kinds = [.rollouts, .canaries]
        }
        var failures: [any Error] = []
        for kind in kinds {
            let set: ObjectSet
            do {
                set = try await source.source(reads[kind]!, named: (kind, name)).snapshot()
            } catch {
                failures.append(error)
                continue
            }
            if kind == .rollouts, let rollout = set.rollout(named: name, namespace: nil) { return .rollout(rollout, set) }
            if kind == .canaries, let canary = set.canary(named: name, namespace: nil) { return .canary(canary, set) }
        }
        if failures.count == kinds.count, let first = failures.first { throw first }
        let what = kinds.count == 1 ? "\(kinds[0].plural).\(kinds[0].group)" : "rollouts.argoproj.io or canaries.flagger.app"
        throw CommandFailure("Error: \(what) \"\(name)\" not found")
    }
}
