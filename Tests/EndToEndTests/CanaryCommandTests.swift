import Foundation
import Testing

/// The action commands on Flagger Canaries, through the binary against `rollscope demo --serve`:
/// an approval is scoped to the release waiting now, and every command the help says acts on a
/// Canary either does or says why not.
@Suite(.serialized) struct CanaryCommandTests {
    /// Runs `rollscope ARGS` against `server` with its own audit log; stdout and stderr together.
    static func run(_ server: DemoServer, _ arguments: [String], state: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: rollscopeBinary)
        process.arguments = arguments + ["--kubeconfig", server.kubeconfig]
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = state
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func stateDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-e2e-state-\(UUID().uuidString)").path
    }

    /// The audit records, one JSON object a line.
    static func audit(_ state: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: state + "/rollscope/audit.log", encoding: .utf8)
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func status(_ server: DemoServer, _ name: String, _ namespace: String) throws -> String {
        let (_, out) = try server.cli(["get", "canary", name, "-n", namespace, "--no-color"])
        return out.split(separator: "\n").first { $0.hasPrefix("Status:") }.map(String.init) ?? ""
    }

    /// `approve` opens the gate, waits until the canary has passed it, and closes it again with
    /// a request audited as rollscope's own, after the operator's approve.
    @Test func approveClosesTheGateOnceTheCanaryHasPassedIt() throws {
        let server = try DemoServer()
        let state = Self.stateDirectory()
        #expect(eventually(60) { (try? Self.status(server, "api-gateway", "training-development"))?.contains("Waiting") == true })
        let (status, output) = try Self.run(server, ["approve", "api-gateway", "-n", "training-development"], state: state)
        #expect(status == 0, "\(output)")
        #expect(output.contains("canary 'api-gateway' approved (gate opened)"))
        #expect(output.contains("canary 'api-gateway' moved on (Progressing): the gate closed (automatic, after your approve)"), "\(output)")
        let records = try Self.audit(state).filter { $0["result"] as? String == "ok" }
        #expect(records.map { $0["action"] as? String } == ["approve", "halt"])
        #expect(records.first?["by"] as? String == "operator")
        #expect((records.last?["by"] as? String)?.hasPrefix("rollscope, after approve at ") == true)
        let close = (records.last?["requests"] as? [[String: Any]])?.first?["path"] as? String
        #expect(close?.hasSuffix("/proxy/gate/close") == true)
        // Nothing waits at a gate any more: a second approval is refused rather than left open for the next release.
        let (again, refusal) = try Self.run(server, ["approve", "api-gateway", "-n", "training-development"], state: state)
        #expect(again == 1 && !refusal.contains("gate opened"), "\(refusal)")
    }

    /// `--keep-open` leaves the gate open and says so; Ctrl-C while waiting closes it at once.
    /// (podinfo-bg's first release waits at a confirm-promotion gate; suspended there, it waits for good.)
    @Test func keepOpenLeavesTheGateAndCtrlCClosesIt() throws {
        let server = try DemoServer()
        let state = Self.stateDirectory()
        let namespace = ["-n", "podinfo"]
        #expect(eventually(120) { (try? Self.status(server, "podinfo-bg", "podinfo"))?.contains("WaitingPromotion") == true })
        #expect(try Self.run(server, ["pause", "podinfo-bg"] + namespace, state: state).status == 0)

        let kept = try Self.run(server, ["approve", "--keep-open", "podinfo-bg"] + namespace, state: state)
        #expect(kept.status == 0 && kept.output.contains("the gate stays open (--keep-open)"), "\(kept.output)")
        #expect(try Self.audit(state).last?["action"] as? String == "approve", "nothing closed it")
        #expect(try Self.run(server, ["halt", "podinfo-bg"] + namespace, state: state).status == 0)

        let tmux = try TmuxSession(command: ["env", "XDG_STATE_HOME=\(state)", rollscopeBinary, "approve", "podinfo-bg",
                                             "--kubeconfig", server.kubeconfig] + namespace)
        #expect(tmux.waitFor("waiting for canary 'podinfo-bg' to pass confirm-promotion"))
        try tmux.send("C-c")
        #expect(tmux.waitFor("interrupted: the gate closed before canary 'podinfo-bg' could pass confirm-promotion"), "\(tmux.screen)")
        let last = try Self.audit(state).last
        #expect(last?["action"] as? String == "halt" && last?["result"] as? String == "ok")
        #expect((last?["by"] as? String)?.hasPrefix("rollscope, after approve at ") == true)
    }

    /// `restart`, `undo` and `promote --full` on a canary name act on the Canary or say why not;
    /// none says there is no rollout of that name.
    @Test func rolloutWordsOnACanaryActOrSayWhy() throws {
        let server = try DemoServer()
        let state = Self.stateDirectory()
        let undo = try Self.run(server, ["undo", "podinfo-legacy", "-n", "podinfo"], state: state)
        #expect(undo.status == 1 && undo.output.contains("Flagger keeps no revision history"), "\(undo.output)")
        let delayed = try Self.run(server, ["restart", "podinfo-legacy", "--in", "30s", "-n", "podinfo"], state: state)
        #expect(delayed.status == 1 && delayed.output.contains("--in applies to rollouts only"), "\(delayed.output)")
        let restart = try Self.run(server, ["restart", "podinfo-legacy", "-n", "podinfo"], state: state)
        #expect(restart.status == 0 && restart.output.contains("canary 'podinfo-legacy' restarted"), "\(restart.output)")
        let full = try Self.run(server, ["promote", "--full", "--keep-open", "api-gateway", "-n", "training-development"], state: state)
        #expect(!full.output.contains("no rollout"), "\(full.output)")
        #expect(full.output.contains("skipAnalysis"), "\(full.output)")
    }
}
