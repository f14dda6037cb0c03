/// kubectl's pod status column (`printPod`), as the plugin's `pod_info.go` copies it:
/// the STATUS word, ready containers of all, and the restart count.
public struct PodStatus: Sendable, Hashable {
    public var status: String
    public var ready: Int
    public var total: Int
    public var restarts: Int

    /// `ready/total`, the `ready:` INFO text.
    public var readyText: String { "\(ready)/\(total)" }

    public init(status: String, ready: Int, total: Int, restarts: Int) {
        self.status = status
        self.ready = ready
        self.total = total
        self.restarts = restarts
    }

    public init(_ pod: Pod) {
        var reason = pod.status.reason ?? ""
        if reason.isEmpty { reason = pod.status.phase ?? "" }
        var restarts = 0
        var ready = 0
        let total = pod.spec.containers?.count ?? 0

        var initializing = false
        let initStatuses = pod.status.initContainerStatuses ?? []
        let initSpecs = pod.spec.initContainers ?? []
        for (i, c) in initStatuses.enumerated() {
            restarts += Int(c.restartCount ?? 0)
            if let t = c.state?.terminated, (t.exitCode ?? 0) == 0 { continue }
            let isSidecar = initSpecs.first { $0.name == c.name }?.restartPolicy == "Always"
            if isSidecar, c.started == true, c.ready == true { continue }
            if let t = c.state?.terminated {
                if let r = t.reason, !r.isEmpty {
                    reason = "Init:\(r)"
                } else if let signal = t.signal, signal != 0 {
                    reason = "Init:Signal:\(signal)"
                } else {
                    reason = "Init:ExitCode:\(t.exitCode ?? 0)"
                }
            } else if let w = c.state?.waiting, let r = w.reason, !r.isEmpty, r != "PodInitializing" {
                reason = "Init:\(r)"
            } else {
                reason = "Init:\(i)/\(initSpecs.count)"
            }
            initializing = true
            break
        }

        if !initializing {
            restarts = 0
            var hasRunning = false
            for c in (pod.status.containerStatuses ?? []).reversed() {
                restarts += Int(c.restartCount ?? 0)
                if let w = c.state?.waiting, let r = w.reason, !r.isEmpty {
                    reason = r
                } else if let t = c.state?.terminated, let r = t.reason, !r.isEmpty {
                    reason = r
                } else if let t = c.state?.terminated {
                    if let signal = t.signal, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(t.exitCode ?? 0)"
                    }
                } else if c.ready == true, c.state?.running != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed", hasRunning { reason = "Running" }
        }

        if pod.metadata.deletionTimestamp != nil {
            reason = pod.status.reason == "NodeLost" ? "Unknown" : "Terminating"
        }
        self.init(status: reason, ready: ready, total: total, restarts: restarts)
    }
}
