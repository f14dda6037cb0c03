import ArgumentParser
import Foundation
import Delivery
import Kube
import KubeModel

/// `rollscope logs [rollout|canary] NAME`: the logs of the canary's pods and the stable's (the
/// console's `l`, `LogSides`), each line after `[pod/NAME/CONTAINER] ` as kubectl's `--prefix`.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the logs of a release's canary pods and stable pods, each line prefixed with its pod and container.",
        discussion: """
            A Rollout: the canary ReplicaSet's pods and the stable one's (blue/green: preview and active). A Canary: \
            its target's pods and the -primary's. Both sides unless --canary or --stable. Lines are prefixed \
            [pod/NAME/CONTAINER] as kubectl logs --prefix writes them. With --follow, at most 5 streams are followed at \
            once (kubectl's --max-log-requests). A pod whose log cannot be read (its container still waiting to \
            start, as during a release) is named on standard error while the others print, and the exit status is 1.
            """)

    @Argument(help: "rollout or canary (as `get` resolves kinds), then the name; or the name alone.")
    var words: [String]

    @Flag(help: "Follow: stream new lines until the containers stop or you interrupt (-f is --filename here, as in every rollscope command).")
    var follow = false

    @Flag(help: "Only the canary's (preview's) pods.")
    var canary = false

    @Flag(help: "Only the stable's (active's, primary's) pods.")
    var stable = false

    @Option(name: .shortAndLong, help: "The container (default: each pod's first).")
    var container: String?

    @Option(help: "Lines of recent log to show per container (default: all).")
    var tail: Int64?

    @Option(help: "Only lines newer than this duration (5s, 2m, 1h).")
    var since: String?

    @Flag(name: .shortAndLong, help: "The previous (terminated) instance of each container.")
    var previous = false

    @Flag(help: "Each line with its RFC 3339 timestamp.")
    var timestamps = false

    @OptionGroup var source: SourceOptions

    static let maxFollowed = 5

    func validate() throws {
        guard (1...2).contains(words.count) else { throw ValidationError("give NAME, or KIND NAME") }
        if canary && stable { throw ValidationError("--canary and --stable exclude each other; give neither for both") }
        if let since, GoDuration.seconds(since) == nil { throw ValidationError("--since: a duration such as 5s, 2m or 1h, not \(since)") }
        if let tail, tail < -1 { throw ValidationError("--tail must be -1 (all) or more") }
        if follow && previous { throw ValidationError("--follow and --previous exclude each other") }
    }

    func run() async throws {
        try await reportingFailures {
            try source.oneCluster("logs")
            let sides = try await logSides()
            var pods: [LogSides.PodEntry] = []
            if !stable { pods += sides.new }
            if !canary { pods += sides.old }
            guard !pods.isEmpty else {
                let which = canary ? sides.newRole : stable ? sides.oldRole : "\(sides.newRole) or \(sides.oldRole)"
                throw CommandFailure("error: \(words.last ?? "") has no \(which) pods")
            }
            if follow, pods.count > Self.maxFollowed {
                throw CommandFailure("error: you are attempting to follow \(pods.count) log streams, but maximum allowed concurrency is \(Self.maxFollowed), use --canary or --stable")
            }
            let client = try KubeClient(config: try source.clientConfig(), options: try source.kubectl.clientOptions(toStandardError: true))
            var options = PodLogOptions(follow: follow, previous: previous, timestamps: timestamps)
            if let tail, tail >= 0 { options.tailLines = tail }
            if let since, let seconds = GoDuration.seconds(since) { options.sinceSeconds = max(1, Int64(seconds.rounded(.up))) }
            let asked = options
            let streams = pods.compactMap { pod -> (LogSides.PodEntry, String)? in
                (container ?? pod.containers.first).map { (pod, $0) }
            }
            // A pod that cannot give its log (its container still waiting to start, as during a
            // release) is named on stderr and the others still print; the exit status says one failed.
            var failed = 0
            if follow {
                failed = await withTaskGroup(of: Bool.self) { group in
                    for (pod, name) in streams { group.addTask { await Self.print(client, pod, name, asked) } }
                    return await group.reduce(0) { $0 + ($1 ? 0 : 1) }
                }
            } else {
                for (pod, name) in streams where !(await Self.print(client, pod, name, asked)) { failed += 1 }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    /// One container's log, each line after its prefix; false (the error on stderr) if the server
    /// would not give it.
    private static func print(_ client: KubeClient, _ pod: LogSides.PodEntry, _ container: String, _ base: PodLogOptions) async -> Bool {
        var options = base
        options.container = container
        let prefix = "[pod/\(pod.name)/\(container)] "
        do {
            for try await line in client.logLines(namespace: pod.namespace, pod: pod.name, options) { emit(prefix + line + "\n") }
            return true
        } catch {
            FileHandle.standardError.write(Data((TerminalSafe.text("error: \(pod.name): \(error)") + "\n").utf8))
            return false
        }
    }

    private static let reads: [ResourceType: Set<ResourceType>] = [
        .rollouts: [.rollouts, .pods],
        .canaries: [.canaries, .deployments, .pods],
    ]

    /// The release's two sides, from the Rollout of that name, else the Canary (or the KIND given).
    private func logSides() async throws -> LogSides {
        switch try await Release.find(words, in: source, reads: Self.reads, purpose: "logs reads the pods of") {
        case let .rollout(rollout, set): LogSides.of(rollout, objects: set)
        case let .canary(canary, set): LogSides.of(canary, objects: set)
        }
    }
}
