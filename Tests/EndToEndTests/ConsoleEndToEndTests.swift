import Foundation
import Testing

/// The real binary in tmux against `rollscope demo --serve`, as an operator uses it. These
/// assert coarse facts (what is on screen, what the server holds), never timings.
@Suite(.serialized) struct ConsoleEndToEndTests {
    /// The JSON view of a rollout, as `rollscope get rollout -o json` prints it.
    func rolloutView(_ server: DemoServer, _ name: String, _ namespace: String) throws -> [String: Any] {
        let (_, out) = try server.cli(["get", "rollout", name, "-n", namespace, "-o", "json"])
        return (try? JSONSerialization.jsonObject(with: Data(out.utf8))) as? [String: Any] ?? [:]
    }

    func console(_ server: DemoServer, _ extra: [String] = []) throws -> TmuxSession {
        try TmuxSession(command: [rollscopeBinary, "--kubeconfig", server.kubeconfig, "-A"] + extra)
    }

    /// Narrows the rollouts list to one name with the `/` filter.
    func select(_ tmux: TmuxSession, _ name: String) throws {
        try tmux.send("/")
        try tmux.sendLiteral(name)
        try tmux.send("Enter")
    }

    /// Answers an open confirmation dialog (focused on Cancel) with its confirm button.
    func confirm(_ tmux: TmuxSession) throws {
        try tmux.send("Tab")
        try tmux.send("Enter")
    }

    @Test func startsShowsNamespacesAndRolloutsResizesAndQuitsCleanly() throws {
        let server = try DemoServer()
        let tmux = try console(server)
        #expect(tmux.waitFor("checkout"))
        let screen = tmux.screen
        for text in ["shop", "web", "training", "podinfo", "api-gateway", "Rollout", "Canary"] {
            #expect(screen.contains(text), "missing \(text) in\n\(screen)")
        }
        try tmux.resize(width: 80, height: 24)
        #expect(eventually { tmux.screen.split(separator: "\n").count <= 24 && tmux.screen.contains("checkout") })
        try tmux.send("?")
        #expect(tmux.waitFor("promote"))
        try tmux.send("Escape")
        // Esc then a key within ESCDELAY would read as alt-q: wait until the help has closed.
        // (The footer at 80 columns may hold only the selected row's action keys, so the sign is
        // the help's frame gone and the footer back, not a navigation hint.)
        #expect(eventually { !tmux.screen.contains("Keys (esc to close)") && tmux.screen.contains("? help") })
        try tmux.send("q")
        #expect(eventually { tmux.pane("pane_dead") == "1" })
        #expect(tmux.pane("alternate_on") == "0")
    }

    @Test func promoteAfterConfirmationAdvancesThePausedStep() throws {
        let server = try DemoServer()
        #expect(eventually(60) { (try? rolloutView(server, "cart", "shop"))?["status"] as? String == "Paused" })
        let before = try rolloutView(server, "cart", "shop")["step"] as? String
        let tmux = try console(server)
        #expect(tmux.waitFor("cart"))
        try select(tmux, "cart")
        try tmux.send("p")
        #expect(tmux.waitFor("Cancel"))
        #expect(tmux.screen.contains("shop"))
        try confirm(tmux)
        #expect(eventually { (try? rolloutView(server, "cart", "shop"))?["step"] as? String != before })
        #expect(tmux.waitFor("promote"))
    }

    @Test func cancelSendsNothing() throws {
        let server = try DemoServer()
        #expect(eventually(60) { (try? rolloutView(server, "cart", "shop"))?["status"] as? String == "Paused" })
        let before = try rolloutView(server, "cart", "shop")["step"] as? String
        let tmux = try console(server)
        #expect(tmux.waitFor("cart"))
        try select(tmux, "cart")
        try tmux.send("p")
        #expect(tmux.waitFor("Cancel"))
        try tmux.send("Enter")
        #expect(tmux.waitFor("nothing sent"))
        #expect(try rolloutView(server, "cart", "shop")["step"] as? String == before)
    }

    @Test func abortThenRetry() throws {
        let server = try DemoServer()
        #expect(eventually(60) { (try? rolloutView(server, "cart", "shop"))?["status"] as? String == "Paused" })
        let tmux = try console(server)
        #expect(tmux.waitFor("cart"))
        try select(tmux, "cart")
        try tmux.send("a")
        #expect(tmux.waitFor("Cancel"))
        try confirm(tmux)
        #expect(eventually(30) { (try? rolloutView(server, "cart", "shop"))?["status"] as? String == "Degraded" })
        #expect(tmux.waitFor("Degraded"))
        try tmux.send("r")
        #expect(tmux.waitFor("Cancel"))
        try confirm(tmux)
        #expect(eventually(30) { (try? rolloutView(server, "cart", "shop"))?["status"] as? String != "Degraded" })
    }

    /// The `Status:` line of `rollscope get canary`.
    func canaryStatus(_ server: DemoServer, _ name: String, _ namespace: String) throws -> String {
        let (_, out) = try server.cli(["get", "canary", name, "-n", namespace, "--no-color"])
        return out.split(separator: "\n").first { $0.hasPrefix("Status:") }.map(String.init) ?? ""
    }

    @Test func approvingTheFlaggerGateLetsTheCanaryProgress() throws {
        let server = try DemoServer()
        #expect(eventually(60) { (try? canaryStatus(server, "api-gateway", "training-development"))?.contains("Waiting") == true })
        let tmux = try console(server)
        #expect(tmux.waitFor("api-gateway"))
        try select(tmux, "api-gateway")
        try tmux.send("p")
        #expect(tmux.waitFor("Cancel"))
        #expect(tmux.screen.contains("training-development"))
        try confirm(tmux)
        #expect(eventually(60) { (try? canaryStatus(server, "api-gateway", "training-development"))?.contains("Progressing") == true })
    }

    @Test func readonlyHasNoMutations() throws {
        let server = try DemoServer()
        let tmux = try console(server, ["--readonly"])
        #expect(tmux.waitFor("cart"))
        try select(tmux, "cart")
        try tmux.send("p")
        #expect(!tmux.waitFor("Cancel", seconds: 2))
    }
}
