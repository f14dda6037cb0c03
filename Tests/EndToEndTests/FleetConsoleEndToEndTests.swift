import Foundation
import Kube
import KubeModel
import Testing

/// Issue 17 end to end: the console in tmux on `rollscope demo --serve --clusters 3
/// --stdin-commands` (staging, prod-eu, prod-us), each cluster read and written through its own
/// API as its admin (a `KubeClient` per context), never through the console's own view of it.
/// A promote in one cluster changes only that cluster's server; one server stopped and restarted
/// leaves its rows stale while the others stay live, then converges within 2 s of its return.
@Suite(.serialized) struct FleetConsoleEndToEndTests {
    static let clusters = ["staging", "prod-eu", "prod-us"]

    /// Each cluster's API as its admin (the context named as the cluster).
    final class ClusterAPI: Sendable {
        let clients: [String: KubeClient]

        init(kubeconfig: String) throws {
            var clients: [String: KubeClient] = [:]
            for name in FleetConsoleEndToEndTests.clusters {
                let config = try KubeconfigLoader(environment: [:]).load(KubeconfigOptions(kubeconfig: kubeconfig, context: name))
                clients[name] = try KubeClient(config: config)
            }
            self.clients = clients
        }

        /// The rollout as the API server holds it.
        func rollout(_ cluster: String, _ namespace: String, _ name: String) async throws -> [String: Any] {
            let path = ResourceType.rollouts.path(namespace: namespace, name: name)
            let response = try await clients[cluster]!.send(APIRequest(method: .get, path: path))
            return try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
        }

        /// A merge patch to the rollout (or its `status`).
        func patch(_ cluster: String, _ namespace: String, _ name: String, subresource: String? = nil, _ patch: String) async throws {
            let path = ResourceType.rollouts.path(namespace: namespace, name: name, subresource: subresource)
            _ = try await clients[cluster]!.send(APIRequest(method: .patch, path: path, contentType: APIRequest.PatchType.merge.rawValue,
                                                            body: Data(patch.utf8)))
        }

        /// Each cluster's `shop/cart`'s resourceVersion.
        func cartVersions() async throws -> [String: String] {
            var versions: [String: String] = [:]
            for name in FleetConsoleEndToEndTests.clusters { versions[name] = try await rollout(name, "shop", "cart").resourceVersion }
            return versions
        }
    }

    /// The console on the three clusters, every namespace, 120x40.
    func console(_ fleet: FleetServer) throws -> TmuxSession {
        try TmuxSession(command: [rollscopeBinary, "--kubeconfig", fleet.kubeconfig, "--context", Self.clusters.joined(separator: ","), "-A"])
    }

    /// The first complete frame: every cluster live in the clusters pane, rows from each.
    func waitForEveryCluster(_ tmux: TmuxSession) -> Bool {
        eventually(60) {
            let screen = FleetScreen(tmux.screen)
            return Self.clusters.allSatisfy {
                screen.connection(of: $0) == "live" && screen.connectionLine(of: $0)?.hasPrefix("live v") == true
                    && screen.rows(of: $0).count >= 5
            }
        }
    }

    @Test func promoteInOneClusterChangesOnlyThatClustersServer() async throws {
        let fleet = try FleetServer()
        let api = try ClusterAPI(kubeconfig: fleet.kubeconfig)
        let before = try await api.rollout("prod-eu", "shop", "cart")
        #expect(before.pauseConditions?.isEmpty == false, "the demo leaves prod-eu's cart paused: \(before)")
        let tmux = try console(fleet)
        #expect(waitForEveryCluster(tmux), "\(tmux.screen)")
        let versions = try await api.cartVersions()

        try tmux.send("/")
        try tmux.sendLiteral("cluster=prod-eu cart")
        try tmux.send("Enter")
        #expect(eventually { FleetScreen(tmux.screen).deliveryRows.map(\.cluster) == ["prod-eu"] }, "one row, prod-eu's:\n\(tmux.screen)")
        let pausedRow = FleetScreen(tmux.screen).row(of: "prod-eu", "cart")
        #expect(pausedRow?.contains("Paused") == true && pausedRow?.contains(" 1/4 ") == true, "at its indefinite pause:\n\(tmux.screen)")
        try tmux.send("p")
        #expect(tmux.waitFor("Cancel"), "\(tmux.screen)")
        // The dialog's first line, under its title, names the cluster: its context and server URL.
        let dialog = tmux.screen
        // `cluster prod-eu serving at URL: the release is ...`
        let banner = fleet.printed.split(separator: "\n").first { $0.hasPrefix("cluster prod-eu serving at ") } ?? ""
        let server = banner.dropFirst("cluster prod-eu serving at ".count).components(separatedBy: ": ").first ?? "?"
        let lines = dialog.split(separator: "\n").map(String.init)
        let title = lines.firstIndex { $0.contains("┌─ Promote") }
        #expect(title.map { lines[$0 + 1].contains("cluster prod-eu (\(server))") } == true, "the dialog names prod-eu and \(server) first:\n\(dialog)")
        #expect(title.map { lines[$0 + 2].contains("on context prod-eu?") } == true, "\(dialog)")
        try tmux.send("Tab")
        try tmux.send("Enter")

        #expect(try await eventuallyAsync { try await api.rollout("prod-eu", "shop", "cart").pauseConditions?.isEmpty ?? true },
                "prod-eu's cart promoted")
        let after = try await api.cartVersions()
        #expect(after["prod-eu"] != versions["prod-eu"])
        #expect(after["staging"] == versions["staging"] && after["prod-us"] == versions["prod-us"], "the others untouched: \(versions) → \(after)")
        // Past step 1/4 (to 2/4, or on a loaded machine already at the timed pause of 3/4).
        #expect(eventually { FleetScreen(tmux.screen).row(of: "prod-eu", "cart").map { !$0.contains(" 1/4 ") } ?? false },
                "the console's prod-eu row moved on from \(pausedRow ?? "-"):\n\(tmux.screen)")
        #expect(eventually { tmux.screen.split(separator: "\n").contains { $0.hasPrefix(" prod-eu: promote") && $0.contains("): done") } },
                "the status line names the cluster first:\n\(tmux.screen)")
    }

    @Test func oneServerStoppedAndRestartedWhileTheOthersStayLive() async throws {
        let fleet = try FleetServer()
        let api = try ClusterAPI(kubeconfig: fleet.kubeconfig)
        let tmux = try console(fleet)
        #expect(waitForEveryCluster(tmux), "\(tmux.screen)")
        let others = ["staging", "prod-us"]
        let steady = FleetScreen(tmux.screen)
        /// Staging and prod-us live, none of their rows stale.
        func othersLive(_ screen: FleetScreen) -> Bool {
            others.allSatisfy { screen.connection(of: $0) == "live" && !screen.rows(of: $0).contains { $0.contains("◷") } }
        }

        // prod-eu's cart promoted, and its server stopped before the controller can take the next
        // step: it takes that step (and the pause after it) while the console cannot see it.
        try await api.patch("prod-eu", "shop", "cart", subresource: "status", #"{"status":{"pauseConditions":null}}"#)
        #expect(fleet.command("stop prod-eu", answer: "prod-eu: server stopped"))
        let marked = eventually(10) {
            let screen = FleetScreen(tmux.screen)
            #expect(othersLive(screen), "\(screen.text)")
            return screen.connection(of: "prod-eu")?.hasPrefix("reconnecting") == true
                && screen.rows(of: "prod-eu").count == steady.rows(of: "prod-eu").count
                && screen.rows(of: "prod-eu").allSatisfy { $0.contains("prod-eu ◷") }
        }
        #expect(marked, "prod-eu reconnecting, its rows kept and stale:\n\(tmux.screen)")
        let stale = FleetScreen(tmux.screen)
        #expect(othersLive(stale), "\(stale.text)")
        for name in others { #expect(stale.rows(of: name).map(\.name) == steady.rows(of: name).map(\.name), "\(name)'s rows kept:\n\(stale.text)") }

        // prod-us changes while prod-eu is away: the console shows it.
        try await api.patch("prod-us", "shop", "cart", #"{"spec":{"paused":true}}"#)
        #expect(eventually {
            let screen = FleetScreen(tmux.screen)
            return othersLive(screen) && screen.row(of: "prod-us", "cart")?.contains("Paused") == true
        }, "prod-us's cart paused on screen while prod-eu is away:\n\(tmux.screen)")
        // Away long enough for prod-eu's controller to reach its next pause (pods start in 3-5 s).
        usleep(7_000_000)
        let lastKnown = FleetScreen(tmux.screen).row(of: "prod-eu", "cart")
        #expect(othersLive(FleetScreen(tmux.screen)), "\(tmux.screen)")

        let started = Date()
        #expect(fleet.command("start prod-eu", answer: "prod-eu: serving again at https://127.0.0.1:"))
        var converged: TimeInterval?
        _ = eventually(10) {
            let screen = FleetScreen(tmux.screen)
            #expect(othersLive(screen), "\(screen.text)")
            guard screen.connection(of: "prod-eu") == "live", !screen.rows(of: "prod-eu").isEmpty,
                  !screen.rows(of: "prod-eu").contains(where: { $0.contains("◷") }) else { return false }
            converged = Date().timeIntervalSince(started)
            return true
        }
        print("prod-eu back: live with fresh rows \(converged.map { String(format: "%.2f s", $0) } ?? "never") after `start prod-eu`")
        #expect(converged.map { $0 <= 2 } == true, "prod-eu live and not stale within 2 s of its return (\(converged ?? -1) s):\n\(tmux.screen)")

        // A fresh list: the step prod-eu's cart took while away is on screen, as its server says.
        let cart = try await api.rollout("prod-eu", "shop", "cart")
        let step = "\(cart.currentStepIndex ?? -1)/4"
        #expect(eventually(5) { FleetScreen(tmux.screen).row(of: "prod-eu", "cart")?.contains(" \(step) ") == true },
                "prod-eu's cart at \(step) on screen (it was \(lastKnown ?? "-") while away):\n\(tmux.screen)")
        #expect(lastKnown?.contains(" \(step) ") == false, "the step was taken while prod-eu was away: \(lastKnown ?? "-")")

        // The outage read as one: no "undecodable answer" from streams the stopped server cut mid-event.
        try tmux.send("m")
        #expect(tmux.waitFor("Messages, newest first"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("Unable to decode"), "\(tmux.screen)")
    }
}

/// What the console's screen says, read back: the clusters pane's connection per cluster and the
/// list's rows per cluster (the list is right of the side panes; its rows start with the CLUSTER cell).
struct FleetScreen {
    let text: String
    let lines: [String]

    init(_ text: String) {
        self.text = text
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// One row of the list: its cluster cell's name, its name, the line from its cluster cell on.
    struct Row {
        let cluster: String
        let name: String
        let line: String
        func contains(_ s: String) -> Bool { line.contains(s) }
    }

    var deliveryRows: [Row] {
        guard let title = lines.firstIndex(where: { $0.contains("CLUSTER ") && $0.contains("STATUS") }) else { return [] }
        let offset = lines[title].distance(from: lines[title].startIndex, to: lines[title].range(of: "CLUSTER ")!.lowerBound)
        return lines[(title + 1)...].compactMap { line in
            let characters = Array(line)
            guard characters.count > offset else { return nil }
            let rest = String(characters[offset...]).trimmingCharacters(in: .init(charactersIn: " "))
            // CLUSTER (with `◷T` when stale), NAMESPACE, NAME, ...
            let words = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init).filter { !$0.hasPrefix("◷") }
            guard words.count > 2, FleetConsoleEndToEndTests.clusters.contains(words[0]) else { return nil }
            return Row(cluster: words[0], name: words[2], line: rest)
        }
    }

    func rows(of cluster: String) -> [Row] { deliveryRows.filter { $0.cluster == cluster } }

    func row(of cluster: String, _ name: String) -> String? { rows(of: cluster).first { $0.name == name }?.line }

    /// The clusters pane's connection state of `cluster` (two lines under its name), without the
    /// server version the pane shows after it (`live v1.32.0` reads `live`).
    func connection(of cluster: String) -> String? {
        guard let line = connectionLine(of: cluster) else { return nil }
        var words = line.split(separator: " ")
        if let last = words.last, last.count > 1, last.first == "v", last.dropFirst().first?.isNumber == true { words.removeLast() }
        return words.joined(separator: " ")
    }

    /// The clusters pane's whole connection line of `cluster`, version included.
    func connectionLine(of cluster: String) -> String? {
        guard let top = lines.firstIndex(where: { $0.contains(" CLUSTERS") }) else { return nil }
        for index in (top + 1)..<lines.count {
            let pane = String(lines[index].prefix(paneWidth))
            if pane.trimmingCharacters(in: .whitespaces).hasPrefix(cluster), index + 2 < lines.count {
                return String(lines[index + 2].prefix(paneWidth)).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The side panes' width: up to the list's selection marker (`▶ `), two columns before its
    /// CLUSTER title.
    var paneWidth: Int {
        guard let line = lines.first(where: { $0.contains("CLUSTER ") && $0.contains("STATUS") }),
              let range = line.range(of: "CLUSTER ") else { return 0 }
        return line.distance(from: line.startIndex, to: range.lowerBound) - 2
    }
}

/// Polls an async `condition` every 100 ms until it holds or `seconds` pass.
func eventuallyAsync(_ seconds: Double = 20, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
    return try await condition()
}

private extension Dictionary where Key == String, Value == Any {
    var resourceVersion: String? { (self["metadata"] as? [String: Any])?["resourceVersion"] as? String }
    var pauseConditions: [Any]? { (self["status"] as? [String: Any])?["pauseConditions"] as? [Any] }
    var currentStepIndex: Int? { (self["status"] as? [String: Any])?["currentStepIndex"] as? Int }
}
