import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// Every Argo action's plan compared whole (requests, 404 fallback, message), with the rows of
/// the plugin's `promote` table (reference argo-rollouts.md A.1, A.2) and, for each row, a case
/// where it and the next row could both apply.
@Suite struct ActionPlanTableTests {
    static let base = "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r"
    static let status = "\(base)/status"

    /// A canary with two steps, neither paused nor promoted.
    static var canary: Rollout {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns"))
        r.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(setWeight: 10), CanaryStep(pause: .init())]))
        return r
    }

    static var blueGreen: Rollout {
        var r = Rollout(metadata: ObjectMeta(name: "r", namespace: "ns"))
        r.spec.strategy = RolloutStrategy(blueGreen: BlueGreenStrategy(activeService: "a"))
        return r
    }

    @Sendable static func inconclusive(_ r: inout Rollout) {
        r.status.pauseConditions = [.init(reason: "InconclusiveAnalysisRun")]
        r.status.controllerPause = true
        r.status.canary = RolloutStatusFields.Canary()
        r.status.canary?.currentStepAnalysisRunStatus = .init(name: "ar", status: "Inconclusive")
    }

    static func merge(_ path: String, _ body: String) -> APIRequest { .patch(path, .merge, body) }
    static let unpause = #"{"spec":{"paused":false}}"#

    /// (plain or full, a change to the two-step canary or the blue/green rollout, the whole plan).
    struct PromoteRow: Sendable, CustomTestStringConvertible {
        let name: String
        let full: Bool
        let blueGreen: Bool
        let change: @Sendable (inout Rollout) -> Void
        let requests: [APIRequest]
        let onNotFound: [APIRequest]?
        var testDescription: String { name }
    }

    static let promoteRows: [PromoteRow] = [
        PromoteRow(name: "canary running a step: advance", full: false, blueGreen: false, change: { _ in },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)]),
        PromoteRow(name: "canary at the last step: the index is capped", full: false, blueGreen: false, change: { $0.status.currentStepIndex = 2 },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "currentStepIndex":2}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null, "currentStepIndex":2}}"#)]),
        PromoteRow(name: "canary manually paused without conditions: advance and unpause", full: false, blueGreen: false,
                   change: { $0.spec.paused = true; $0.status.currentStepIndex = 1 },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "currentStepIndex":2}}"#), merge(base, unpause)],
                   onNotFound: [merge(base, #"{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":2}}"#)]),
        PromoteRow(name: "pause condition: clear it, keep the step", full: false, blueGreen: false,
                   change: { $0.status.pauseConditions = [.init(reason: "CanaryPauseStep")]; $0.status.controllerPause = true; $0.status.currentStepIndex = 1 },
                   requests: [merge(status, #"{"status":{"pauseConditions":null}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "pause condition and manual pause", full: false, blueGreen: false,
                   change: { $0.status.pauseConditions = [.init(reason: "CanaryPauseStep")]; $0.spec.paused = true },
                   requests: [merge(status, #"{"status":{"pauseConditions":null}}"#), merge(base, unpause)],
                   onNotFound: [merge(base, #"{"spec":{"paused":false},"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "inconclusive step analysis: clear controllerPause and advance", full: false, blueGreen: false,
                   change: { inconclusive(&$0); $0.status.currentStepIndex = 0 },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":1}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "inconclusive and manually paused", full: false, blueGreen: false,
                   change: { inconclusive(&$0); $0.spec.paused = true; $0.status.currentStepIndex = 1 },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":2}}"#), merge(base, unpause)],
                   onNotFound: [merge(base, #"{"spec":{"paused":false},"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "inconclusive but controllerPause false: the pause-condition row", full: false, blueGreen: false,
                   change: { inconclusive(&$0); $0.status.controllerPause = false },
                   requests: [merge(status, #"{"status":{"pauseConditions":null}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "inconclusive without pause conditions: the advance row", full: false, blueGreen: false,
                   change: { inconclusive(&$0); $0.status.pauseConditions = [] },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)]),
        PromoteRow(name: "inconclusive analysis on a running step that is not paused", full: false, blueGreen: false,
                   change: { inconclusive(&$0); $0.status.pauseConditions = nil; $0.status.controllerPause = nil },
                   requests: [merge(status, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null, "currentStepIndex":1}}"#)]),
        PromoteRow(name: "step-less canary: nothing to send", full: false, blueGreen: false,
                   change: { $0.spec.strategy?.canary?.steps = nil }, requests: [], onNotFound: nil),
        PromoteRow(name: "step-less canary manually paused: unpause only", full: false, blueGreen: false,
                   change: { $0.spec.strategy?.canary?.steps = []; $0.spec.paused = true }, requests: [merge(base, unpause)], onNotFound: nil),
        PromoteRow(name: "blue/green healthy: nothing", full: false, blueGreen: true, change: { _ in }, requests: [], onNotFound: nil),
        PromoteRow(name: "blue/green manually paused: unpause only, no fallback", full: false, blueGreen: true,
                   change: { $0.spec.paused = true }, requests: [merge(base, unpause)], onNotFound: nil),
        PromoteRow(name: "blue/green pause: clear the condition", full: false, blueGreen: true,
                   change: { $0.status.pauseConditions = [.init(reason: "BlueGreenPause")]; $0.status.controllerPause = true },
                   requests: [merge(status, #"{"status":{"pauseConditions":null}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "blue/green with an inconclusive canary status: not the canary row", full: false, blueGreen: true,
                   change: { inconclusive(&$0) },
                   requests: [merge(status, #"{"status":{"pauseConditions":null}}"#)],
                   onNotFound: [merge(base, #"{"status":{"pauseConditions":null}}"#)]),
        PromoteRow(name: "full: current differs from stable", full: true, blueGreen: false,
                   change: { $0.status.currentPodHash = "new"; $0.status.stableRS = "old" },
                   requests: [merge(status, #"{"status":{"promoteFull":true}}"#)],
                   onNotFound: [merge(base, #"{"status":{"promoteFull":true}}"#)]),
        PromoteRow(name: "full and paused", full: true, blueGreen: false,
                   change: { $0.status.currentPodHash = "new"; $0.status.stableRS = "old"; $0.spec.paused = true;
                             $0.status.pauseConditions = [.init(reason: "CanaryPauseStep")] },
                   requests: [merge(status, #"{"status":{"promoteFull":true}}"#), merge(base, unpause)],
                   onNotFound: [merge(base, #"{"spec":{"paused":false},"status":{"promoteFull":true}}"#)]),
        PromoteRow(name: "full on a blue/green preview", full: true, blueGreen: true,
                   change: { $0.status.currentPodHash = "new"; $0.status.stableRS = "old"; $0.status.pauseConditions = [.init(reason: "BlueGreenPause")] },
                   requests: [merge(status, #"{"status":{"promoteFull":true}}"#)],
                   onNotFound: [merge(base, #"{"status":{"promoteFull":true}}"#)]),
        PromoteRow(name: "full when already promoted but paused: unpause only", full: true, blueGreen: false,
                   change: { $0.status.currentPodHash = "h"; $0.status.stableRS = "h"; $0.spec.paused = true },
                   requests: [merge(base, unpause)], onNotFound: nil),
        PromoteRow(name: "full when already promoted: nothing", full: true, blueGreen: false,
                   change: { $0.status.currentPodHash = "h"; $0.status.stableRS = "h" }, requests: [], onNotFound: nil),
    ]

    @Test(arguments: promoteRows)
    func promote(_ row: PromoteRow) throws {
        var r = row.blueGreen ? Self.blueGreen : Self.canary
        row.change(&r)
        let plan = try RolloutRequests.plan(row.full ? .promoteFull : .promote, for: r, now: Fixtures.now)
        #expect(plan == ActionPlan(requests: row.requests, onNotFound: row.onNotFound,
                                   message: row.full ? "rollout 'r' fully promoted" : "rollout 'r' promoted"))
    }

    /// Every other action, whole.
    @Test func everyOtherActionWhole() throws {
        let r = Self.canary
        func plan(_ a: RolloutAction) throws -> ActionPlan { try RolloutRequests.plan(a, for: r, now: Fixtures.now) }
        let abort = #"{"status":{"abort":true}}"#, retry = #"{"status":{"abort":false}}"#
        #expect(try plan(.abort) == ActionPlan(requests: [Self.merge(Self.status, abort)], onNotFound: [Self.merge(Self.base, abort)],
                                               message: "rollout 'r' aborted"))
        #expect(try plan(.retry) == ActionPlan(requests: [Self.merge(Self.status, retry)], onNotFound: [Self.merge(Self.base, retry)],
                                               message: "rollout 'r' retried"))
        #expect(try plan(.pause) == ActionPlan(requests: [Self.merge(Self.base, #"{"spec":{"paused":true}}"#)], message: "rollout 'r' paused"))
        #expect(try plan(.resume) == ActionPlan(requests: [Self.merge(Self.base, Self.unpause)], message: "rollout 'r' resumed"))
        #expect(try plan(.restart(delay: 0)) == ActionPlan(
            requests: [Self.merge(Self.base, "{\n\t\"spec\": {\n\t\t\"restartAt\": \"2026-01-01T00:00:00Z\"\n\t}\n}")],
            message: "rollout 'r' restarts in 0s"))
        #expect(try plan(.restart(delay: 90)).message == "rollout 'r' restarts in 1m30s")
        #expect(try plan(.restart(delay: 7200)).message == "rollout 'r' restarts in 2h0m0s")
        let runs = "/apis/argoproj.io/v1alpha1/namespaces/ns/analysisruns", experiments = "/apis/argoproj.io/v1alpha1/namespaces/ns/experiments"
        #expect(try plan(.terminateAnalysisRun(name: "a")) == ActionPlan(requests: [Self.merge("\(runs)/a", #"{"spec":{"terminate":true}}"#)],
                                                                         message: "analysisRun 'a' terminated"))
        #expect(try plan(.terminateExperiment(name: "e")) == ActionPlan(requests: [Self.merge("\(experiments)/e", #"{"spec":{"terminate":true}}"#)],
                                                                        message: "experiment 'e' retried"))
        #expect(try plan(.retryExperiment(name: "e")) == ActionPlan(requests: [Self.merge("\(experiments)/e", #"{"status":null}"#)],
                                                                    message: "experiment 'e' retried"))
        #expect(throws: ActionError.self) { try plan(.setImage(container: "c", image: "i")) }
        let skip = #"{"status":{"currentStepIndex":1}}"#
        #expect(try RolloutRequests.promoteSkipping(r, currentStep: true, allSteps: false)
                == ActionPlan(requests: [Self.merge(Self.status, skip)], onNotFound: [Self.merge(Self.base, skip)], message: "rollout 'r' promoted"))
    }

    /// `set image` replaces the image in init, regular and ephemeral containers alike, and every
    /// container with `*`; the rest of the object is sent back untouched.
    @Test func setImageReachesEveryKindOfContainer() throws {
        let object = #"{"kind":"Rollout","metadata":{"name":"r","namespace":"ns"},"spec":{"template":{"spec":{"initContainers":[{"name":"setup","image":"s:1"}],"containers":[{"name":"web","image":"w:1"}],"ephemeralContainers":[{"name":"debug","image":"d:1"}]}}}}"#
        func images(_ container: String) throws -> [String: String] {
            let plan = try RolloutRequests.setImage(container: container, image: "x:2", object: Data(object.utf8), rolloutName: "r")
            let sent = try JSON(parsing: try #require(plan.requests.first?.body))
            var found: [String: String] = [:]
            for key in ["initContainers", "containers", "ephemeralContainers"] {
                guard case .array(let list)? = sent["spec"]?["template"]?["spec"]?[key] else { continue }
                for case .object(let c) in list { if case .string(let n)? = c["name"], case .string(let i)? = c["image"] { found[n] = i } }
            }
            return found
        }
        #expect(try images("setup") == ["setup": "x:2", "web": "w:1", "debug": "d:1"])
        #expect(try images("debug") == ["setup": "s:1", "web": "w:1", "debug": "x:2"])
        #expect(try images("*") == ["setup": "x:2", "web": "x:2", "debug": "x:2"])
    }

    /// A server that answers 404 to `/status` (a CRD without the subresource) and `answer` to the rest.
    static func serverWithoutStatus(answer: Int = 200) -> (APIRequest) -> Int {
        { $0.path.hasSuffix("/status") ? 404 : answer }
    }

    /// Issue 21, survivor 2: retry's 404 fallback goes to the main resource, compared whole.
    @Test(arguments: [RolloutAction.retry, .abort])
    func statusFallbackGoesToTheMainResource(_ action: RolloutAction) async throws {
        let plan = try RolloutRequests.plan(action, for: Self.canary, now: Fixtures.now)
        let body = action == .retry ? #"{"status":{"abort":false}}"# : #"{"status":{"abort":true}}"#
        let exchanges = await plan.run(Self.serverWithoutStatus())
        #expect(exchanges == [ActionPlan.Exchange(request: Self.merge(Self.status, body), status: 404),
                              ActionPlan.Exchange(request: Self.merge(Self.base, body), status: 200)])
    }

    @Test func promoteFallbackReplacesBothPatchesByTheUnifiedOne() async throws {
        var r = Self.canary
        r.spec.paused = true
        r.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        let plan = try RolloutRequests.plan(.promote, for: r, now: Fixtures.now)
        #expect(await plan.run(Self.serverWithoutStatus()) == [
            ActionPlan.Exchange(request: Self.merge(Self.status, #"{"status":{"pauseConditions":null}}"#), status: 404),
            ActionPlan.Exchange(request: Self.merge(Self.base, #"{"spec":{"paused":false},"status":{"pauseConditions":null}}"#), status: 200),
        ])
        // With the subresource both go, status first.
        #expect(await plan.run { _ in 200 }.map(\.request) == plan.requests)
    }

    @Test func onlyAFirstNotFoundFallsBack() async throws {
        var r = Self.canary
        r.spec.paused = true
        r.status.pauseConditions = [.init(reason: "CanaryPauseStep")]
        let plan = try RolloutRequests.plan(.promote, for: r, now: Fixtures.now)
        // 404 on the second request (the spec patch): the rollout is gone; nothing more is sent.
        #expect(await plan.run { $0.path.hasSuffix("/status") ? 200 : 404 }.map(\.status) == [200, 404])
        // Another error on the first stops at once.
        #expect(await plan.run { _ in 409 }.map(\.status) == [409])
        #expect(await plan.run { _ in 403 }.count == 1)
        // A plan without a fallback stops at its 404.
        let pause = try RolloutRequests.plan(.pause, for: r, now: Fixtures.now)
        #expect(await pause.run { _ in 404 }.count == 1)
        // The fallback itself answering 404 is not followed by another fallback.
        let retry = try RolloutRequests.plan(.retry, for: r, now: Fixtures.now)
        #expect(await retry.run { _ in 404 }.map(\.request.path) == [Self.status, Self.base])
    }

    /// Invariants of every promote plan over random rollouts: status patches go to `/status` and
    /// before any spec patch, carry no spec; a fallback exists exactly when a status patch does,
    /// is one request to the main resource, and unpauses exactly when the plan does.
    @Test func promotePlanInvariants() throws {
        var random = SeededRandom(seed: 2121)
        for _ in 0..<2000 {
            let r = random.rollout()
            for full in [false, true] {
                let plan = try RolloutRequests.plan(full ? .promoteFull : .promote, for: r, now: Fixtures.now)
                let toStatus = plan.requests.filter { $0.path.hasSuffix("/status") }
                let toMain = plan.requests.filter { !$0.path.hasSuffix("/status") }
                let bodies = plan.requests.map { String(decoding: $0.body ?? Data(), as: UTF8.self) }
                #expect(plan.requests.allSatisfy { $0.method == .patch && $0.contentType == APIRequest.PatchType.merge.rawValue })
                #expect(toStatus.count <= 1 && toMain.count <= 1)
                #expect(toStatus.isEmpty || plan.requests.first == toStatus.first, "status first")
                #expect(toStatus.allSatisfy { !String(decoding: $0.body ?? Data(), as: UTF8.self).contains("spec") })
                #expect(toMain == (r.spec.paused == true ? [Self.merge(Self.base, Self.unpause)] : []))
                #expect((plan.onNotFound != nil) == !toStatus.isEmpty)
                if let fallback = plan.onNotFound {
                    #expect(fallback.count == 1)
                    #expect(fallback.first?.path == Self.base)
                    let unified = String(decoding: fallback.first?.body ?? Data(), as: UTF8.self)
                    #expect(unified.contains(#""spec":{"paused":false}"#) == (r.spec.paused == true))
                }
                if let i = bodies.first(where: { $0.contains("currentStepIndex") }) {
                    let index = Int(i.split(separator: ":").last!.dropLast(2))!
                    #expect(index <= r.steps.count && index == min(Int(r.status.currentStepIndex ?? 0) + 1, r.steps.count), "\(i)")
                }
            }
        }
    }
}
