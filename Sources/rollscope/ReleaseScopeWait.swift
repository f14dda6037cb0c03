import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel
import Delivery

/// What `rollscope approve|promote|abort CANARY` does once its request went through and it
/// opened something for the release waiting now (a loadtester gate, the rollback gate,
/// `skipAnalysis`): it follows the canary with a progress line until the canary has moved past
/// it, then sets it back with an automatic request, audited as rollscope's own. Ctrl-C sets it
/// back at once. So an approval never outlives the release it was given for.
struct ReleaseScopeWait {
    var client: KubeClient
    var canary: Canary
    var followUp: CanaryFollowUp
    var origin: AutomaticOrigin
    /// Sends (and audits) the automatic request that sets it back.
    var send: (Mutation) async throws -> MutationOutcome
    var makeMutation: (_ label: String, _ requests: [APIRequest]) -> Mutation
    /// How often the canary is read again.
    var interval: TimeInterval = 1

    func run() async throws {
        let name = canary.metadata.name, namespace = canary.metadata.namespace ?? "default"
        let interrupt = Interrupt()
        defer { interrupt.restore() }
        let progress = ProgressLine()
        var latest = canary
        let started = Date()
        var movedOn = false
        while !interrupt.fired {
            do {
                latest = try await client.get(Canary.self, .canaries, namespace: namespace, name: name)
                if followUp.due(latest) != nil { movedOn = true; break }
                let info = CanaryInfo(latest, objects: ObjectSet())
                progress.show("waiting for canary '\(name)' to \(followUp.awaited): \(info.phase) \(info.progress)",
                              elapsed: Date().timeIntervalSince(started), hint: "Ctrl-C sets \(followUp.opened) back and exits")
            } catch KubeError.notFound {
                progress.end()
                throw CommandFailure("error: canary '\(name)' was deleted while waiting; nothing left to set back")
            } catch {
                progress.show("waiting for canary '\(name)' to \(followUp.awaited): cannot read it (\(error))",
                              elapsed: Date().timeIntervalSince(started), hint: "Ctrl-C sets \(followUp.opened) back and exits")
            }
            await interrupt.sleep(interval)
        }
        progress.end()
        let plan: ActionPlan
        do { plan = try CanaryRequests.undo(followUp, for: latest) } catch { throw CommandFailure(error) }
        let outcome = try await send(makeMutation(followUp.undo.title, plan.requests))
        let phase = CanaryInfo(latest, objects: ObjectSet()).phase
        guard outcome == .succeeded else {
            throw CommandFailure("error: could not set \(followUp.opened) of canary '\(name)' back (\(AuditRecord.result(outcome))): it is still open"
                                 + (followUp.undo == .halt ? "; `rollscope halt \(name)` closes the gate" : ""))
        }
        if movedOn {
            emit("canary '\(name)' moved on (\(phase)): \(followUp.setBack) (automatic, after your \(origin.label))\n")
        } else {
            emit("interrupted: \(followUp.setBack) before canary '\(name)' could \(followUp.awaited)\n")
            throw ExitCode(130)
        }
    }
}

/// SIGINT while waiting: caught (not fatal) and noticed by the wait loop; the default action
/// is back once the wait is over.
private final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var caught = false
    private let source: DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.lock.withLock { self?.caught = true } }
        source.resume()
    }

    var fired: Bool { lock.withLock { caught } }

    /// Sleeps `seconds`, waking early when interrupted.
    func sleep(_ seconds: TimeInterval) async {
        let end = Date().addingTimeInterval(seconds)
        while !fired, Date() < end { try? await Task.sleep(nanoseconds: 100_000_000) }
    }

    func restore() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// The progress line on standard error: redrawn in place on a terminal, else a line each time
/// what it says changes (the elapsed time aside).
private final class ProgressLine {
    private let terminal = isatty(STDERR_FILENO) != 0
    private var last = ""
    private var drawn = false

    func show(_ text: String, elapsed: TimeInterval, hint: String) {
        if terminal {
            write("\r\u{1B}[K\(text) (\(Int(elapsed))s; \(hint))")
            drawn = true
        } else if text != last {
            write("\(text) (\(hint))\n")
        }
        last = text
    }

    func end() {
        if drawn { write("\r\u{1B}[K") }
        drawn = false
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
