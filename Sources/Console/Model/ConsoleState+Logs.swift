import Delivery

extension ConsoleState {
    /// The log streams the log page needs now: none unless it is shown; else the first
    /// `LogView.podsPerSide` pods of each side, the chosen container (each pod's first when it has
    /// not that one), followed, or each restarted pod's previous instance when `p` asks for it.
    public var neededLogStreams: Set<LogStreamSpec> {
        guard case let .detail(ref) = screen, detailPage == .logs, let view = logView,
              let detail, detail.ref == ref, let sides = detail.logSides else { return [] }
        var specs: Set<LogStreamSpec> = []
        for (side, pods) in [(LogSide.new, sides.new), (LogSide.old, sides.old)] {
            for pod in pods.prefix(LogView.podsPerSide) {
                guard let container = view.container.flatMap({ pod.containers.contains($0) ? $0 : nil }) ?? pod.containers.first else { continue }
                let restarts = pod.restarts[container] ?? 0
                if view.previous, restarts == 0 { continue }
                var spec = LogStreamSpec(cluster: ref.cluster, side: side, namespace: pod.namespace, pod: pod.name, container: container,
                                         previous: view.previous, restarts: restarts)
                if let reopen = view.reopened[spec.key] {
                    spec.generation = reopen.generation
                    spec.since = reopen.since
                }
                specs.insert(spec)
            }
        }
        return specs
    }

    /// Every container the log page's pods have, in first-seen order (what `c` cycles through).
    public var logContainers: [String] {
        guard let sides = detail?.logSides else { return [] }
        var seen: [String] = []
        for pod in sides.new + sides.old { for c in pod.containers where !seen.contains(c) { seen.append(c) } }
        return seen
    }
}
