import Foundation
import JSONValue
import Kube
import KubeModel
import Delivery
import Testing
@testable import Console

/// Rows, plans and details built from the seed manifests, the snapshot source, and the
/// sender's one-shot semantics.
@Suite struct SourceBuilderTests {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/seed")

    static func objects() throws -> ObjectSet {
        var set = ObjectSet()
        for file in ["argo-rollouts-demo-workloadref.yaml", "flagger-api-gateway-canary.yaml"] {
            let data = try Data(contentsOf: seed.appendingPathComponent(file))
            set.append(try ManifestReader.read(data, file: file))
        }
        return set
    }

    /// The client decodes in place (`ScanningJSONDecoder`), where pod templates keep their text;
    /// every fixture Rollout and ReplicaSet must come out equal to Foundation's decoding, the
    /// verbatim template (sent back by undo) included, and build the same row.
    @Test func inPlaceDecodingEqualsFoundationsOnEveryFixture() throws {
        let root = Self.seed.deletingLastPathComponent().appendingPathComponent("argo-rollouts")
        var set = ObjectSet()
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! where url.pathExtension == "yaml" {
            set.append(try ManifestReader.read(try Data(contentsOf: url), file: url.lastPathComponent))
        }
        #expect(set.rollouts.count >= 10 && set.replicaSets.count >= 10, "\(set.rollouts.count) rollouts, \(set.replicaSets.count) replica sets")
        func both<T: Codable & Equatable>(_ value: T) throws -> (T, T) {
            let text = try JSONEncoder().encode(value)
            return (try ScanningJSONDecoder().decode(T.self, from: text), try JSONDecoder().decode(T.self, from: text))
        }
        for rollout in set.rollouts {
            let (scanned, foundation) = try both(rollout)
            #expect(scanned == foundation, "\(rollout.metadata.name)")
            #expect(scanned.templateRaw == foundation.templateRaw)
            #expect((scanned.templateRaw != nil) == (rollout.spec.template != nil))
            #expect(RolloutRowBuilder.row(scanned, objects: set, now: Fixtures.now) == RolloutRowBuilder.row(foundation, objects: set, now: Fixtures.now))
        }
        for replicaSet in set.replicaSets {
            let (scanned, foundation) = try both(replicaSet)
            #expect(scanned == foundation, "\(replicaSet.metadata.name)")
            #expect(scanned.spec.template?.raw == foundation.spec.template?.raw)
        }
    }

    @Test func theSeedCanaryIsABlueGreenOfTenIterations() throws {
        var canary = try #require(try Self.objects().canaries.first)
        let row = CanaryRowBuilder.row(canary, objects: ObjectSet(), now: Fixtures.now)
        #expect(row.ref == ObjectRef(kind: .canary, namespace: "training-development", name: "api-gateway"))
        #expect(row.strategy == "BlueGreen")
        #expect(row.progress == .iteration(0, of: 10))
        #expect(row.status == .progressing, "no status yet: Initializing")
        #expect(row.plan(.promote).disabledReason?.contains("initializing") == true)
        #expect(row.plan(.undo).disabledReason == "Flagger keeps no revision history to undo to")
        #expect(row.selector == "app in (api-gateway,api-gateway-primary)")

        canary.status.phase = "Waiting"
        let waiting = CanaryRowBuilder.row(canary, objects: ObjectSet(), now: Fixtures.now)
        #expect(waiting.status == .paused)
        #expect(waiting.awaitsPromotion)
        guard case let .ready(label, requests, _) = waiting.plan(.promote) else { Issue.record("approve not ready"); return }
        #expect(label == "approve")
        #expect(requests.first?.method == .post)
        #expect(requests.first?.path.hasSuffix("/services/flagger-loadtester:80/proxy/gate/open") == true)
    }

    @Test func theSeedRolloutIsABlueGreenWithPlans() throws {
        let rollout = try #require(try Self.objects().rollouts.first)
        let row = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: Fixtures.now)
        #expect(row.ref.kind == .rollout)
        #expect(row.strategy == "BlueGreen")
        #expect(row.progress == .none)
        #expect(row.plan(.undo).disabledReason == "its revision history (its ReplicaSets) has not loaded yet")
        #expect(row.plan(.retry).disabledReason == "nothing to retry: the rollout is not aborted")
        guard case let .ready(label, requests, _) = row.plan(.pauseToggle) else { Issue.record("pause not ready"); return }
        #expect(label == "pause")
        #expect(requests.first?.body == Data(#"{"spec":{"paused":true}}"#.utf8))
    }

    @Test func aCanaryStepPromotionNamesTheNextStep() throws {
        var rollout = try #require(try Self.objects().rollouts.first)
        rollout.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(setWeight: 20), CanaryStep(pause: .init()),
                                                                              CanaryStep(setWeight: 50)]))
        rollout.status.currentStepIndex = 1
        rollout.status.availableReplicas = 3
        rollout.status.pauseConditions = [.init(reason: "CanaryPauseStep", startTime: KubeTime(Fixtures.now))]
        let row = RolloutRowBuilder.row(rollout, objects: ObjectSet(), now: Fixtures.now)
        #expect(row.progress == .step(completed: 1, total: 3))
        #expect(row.setWeight == 20)
        #expect(row.actualWeight == nil, "unknown until the canary ReplicaSet is seen, not 0")
        #expect(row.awaitsPromotion)
        guard case let .ready(label, requests, fallback) = row.plan(.promote) else { Issue.record("promote not ready"); return }
        #expect(label == "promote to step 2/3 (setWeight: 50)")
        #expect(requests.first?.path.hasSuffix("/status") == true)
        #expect(fallback != nil, "the plugin's 404 fallback comes along")
    }

    @Test func pauseDeadlinesCountFromThePauseCondition() throws {
        var rollout = try #require(try Self.objects().rollouts.first)
        rollout.spec.strategy = RolloutStrategy(canary: CanaryStrategy(steps: [CanaryStep(pause: .init(duration: LenientString("1m30s")))]))
        rollout.status.currentStepIndex = 0
        rollout.status.pauseConditions = [.init(reason: "CanaryPauseStep", startTime: KubeTime(Fixtures.now))]
        #expect(DetailBuilder.pauseDeadline(rollout) == Fixtures.now.addingTimeInterval(90))
        rollout = try #require(try Self.objects().rollouts.first)
        rollout.spec.strategy?.blueGreen?.autoPromotionSeconds = 120
        rollout.status.pauseConditions = [.init(reason: "BlueGreenPause", startTime: KubeTime(Fixtures.now))]
        #expect(DetailBuilder.pauseDeadline(rollout) == Fixtures.now.addingTimeInterval(120))
        rollout.status.pauseConditions = nil
        #expect(DetailBuilder.pauseDeadline(rollout) == nil)
    }


    @Test func theSnapshotSourceFeedsRowsAndDetails() throws {
        let source = SnapshotSource(objects: try Self.objects(), name: "seed.yaml", now: Fixtures.now)
        source.start(wake: {})
        let first = source.drain()
        #expect(first.count == 2)
        guard case .connection(.snapshot("seed.yaml")) = first[0], case let .rows(rows, _) = first[1] else {
            Issue.record("unexpected \(first)"); return
        }
        #expect(rows.map(\.ref.name).sorted() == ["api-gateway", "rollouts-demo-rollout"])
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: Fixtures.now)
        for event in first { _ = Reducer.reduce(&state, event) }
        while state.targetRow?.ref.name != "api-gateway" { Fixtures.press(&state, "j") }
        for case let .watch(specs) in Fixtures.press(&state, "enter") { source.setWatches(specs) }
        for event in source.drain() { _ = Reducer.reduce(&state, event) }
        let detail = try #require(state.detail)
        #expect(detail.text.first == "Name:            api-gateway")
        source.send(Mutation(id: 7, kind: .promote, label: "approve", target: detail.ref, context: "snapshot", requests: []))
        guard case .mutationFinished(7, .refusedReadOnly) = source.drain().first else { Issue.record("sent from a snapshot"); return }
    }

    /// `F` on a dump: the application is lined up from the dump's objects (one cluster).
    @Test func theSnapshotSourceLinesUpTheFleetScreensApplication() throws {
        let source = SnapshotSource(objects: try Self.objects(), name: "seed.yaml", now: Fixtures.now)
        source.start(wake: {})
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: Fixtures.now)
        for event in source.drain() { _ = Reducer.reduce(&state, event) }
        while state.targetRow?.ref.name != "rollouts-demo-rollout" { Fixtures.press(&state, "j") }
        for case let .watch(specs) in Fixtures.press(&state, "F") { source.setWatches(specs) }
        for event in source.drain() { _ = Reducer.reduce(&state, event) }
        guard case let .fleet(app) = state.screen else { Issue.record("no fleet screen"); return }
        let model = FleetScreenModel(state, app)
        #expect(model.lines.count == 1)
        #expect(model.lines.first?.entry?.kind == "Rollout" && model.lines.first?.entry?.revision.isEmpty == false)
        #expect(model.summary != nil)
    }

    static func mutation(fallback: [APIRequest]? = nil) -> Mutation {
        Mutation(id: 1, kind: .abort, label: "abort", target: Fixtures.checkoutRef, context: "c",
                 requests: [.patch("/a/status", .merge, "{}"), .patch("/a", .merge, "{}")], onNotFound: fallback)
    }

    @Test func theSenderSendsEachRequestOnceInOrder() async {
        let server = ScriptedServer([:])
        #expect(await MutationSender.run(Self.mutation(), send: server.send) == .succeeded)
        #expect(server.paths == ["/a/status", "/a"])
    }

    @Test func a404OnTheStatusSubresourceFallsBackOnce() async {
        let server = ScriptedServer(["/a/status": .notFound("the server could not find the requested resource")])
        let outcome = await MutationSender.run(Self.mutation(fallback: [.patch("/a", .merge, "{}")]), send: server.send)
        #expect(outcome == .succeeded)
        #expect(server.paths == ["/a/status", "/a"])
    }

    @Test func aConflictStopsWithTheAPIsMessage() async {
        let server = ScriptedServer(["/a/status": .conflict("the object has been modified")])
        let outcome = await MutationSender.run(Self.mutation(fallback: [.patch("/a", .merge, "{}")]), send: server.send)
        #expect(outcome == .failed(APIStatus(code: 409, reason: "Conflict", message: "the object has been modified")))
        #expect(server.paths == ["/a/status"], "nothing retried, not even the fallback")
    }

    /// Each API error becomes a failed outcome with the API's reason and message, and stops the plan.
    @Test(arguments: [
        (KubeError.forbidden("no"), APIStatus(code: 403, reason: "Forbidden", message: "no")),
        (.unauthorized("who"), APIStatus(code: 401, reason: "Unauthorized", message: "who")),
        (.alreadyExists("dup"), APIStatus(code: 409, reason: "AlreadyExists", message: "dup")),
        (.gone("old"), APIStatus(code: 410, reason: "Gone", message: "old")),
        (.invalid(code: 422, reason: "Invalid", message: "bad"), APIStatus(code: 422, reason: "Invalid", message: "bad")),
        (.tooManyRequests(retryAfter: 1, message: "slow down"), APIStatus(code: 429, reason: "TooManyRequests", message: "slow down")),
        (.server(code: 500, reason: "InternalError", message: "boom"), APIStatus(code: 500, reason: "InternalError", message: "boom")),
        // The server's own reason, not InternalError for every 5xx.
        (.server(code: 503, reason: "ServiceUnavailable", message: "down"), APIStatus(code: 503, reason: "ServiceUnavailable", message: "down")),
        (.notFound("gone"), APIStatus(code: 404, reason: "NotFound", message: "gone")),
    ])
    func anAPIErrorStopsWithItsStatus(_ error: KubeError, _ status: APIStatus) async {
        let server = ScriptedServer(["/a/status": error])
        #expect(await MutationSender.run(Self.mutation(), send: server.send) == .failed(status))
        #expect(server.paths == ["/a/status"])
    }

    /// The fallback is sent whole, in order, instead of the rest; its own failure is the outcome.
    @Test func theFallbackIsSentWholeAndItsFailureReported() async {
        let fallback: [APIRequest] = [.patch("/b", .merge, "{}"), .patch("/c", .merge, "{}")]
        let server = ScriptedServer(["/a/status": .notFound("no status"), "/c": .forbidden("not c")])
        let outcome = await MutationSender.run(Self.mutation(fallback: fallback), send: server.send)
        #expect(server.paths == ["/a/status", "/b", "/c"])
        #expect(outcome == .failed(APIStatus(code: 403, reason: "Forbidden", message: "not c")))
        let unreachable = ScriptedServer(["/a/status": .transport("reset")])
        #expect(await MutationSender.run(Self.mutation(fallback: fallback), send: unreachable.send) == .unreachable("reset"))
        #expect(unreachable.paths == ["/a/status"])
    }

    @Test func aLostConnectionIsUnreachableAndNotRetried() async {
        let server = ScriptedServer(["/a": .transport("connection reset by peer")])
        let outcome = await MutationSender.run(Self.mutation(), send: server.send)
        #expect(outcome == .unreachable("connection reset by peer"))
        #expect(server.paths == ["/a/status", "/a"])
    }
}

/// Answers requests by path: an error where scripted, success elsewhere; records every path.
final class ScriptedServer: @unchecked Sendable {
    private let errors: [String: KubeError]
    private let lock = NSLock()
    private var sent: [String] = []

    init(_ errors: [String: KubeError]) { self.errors = errors }

    var paths: [String] { lock.withLock { sent } }

    func send(_ request: APIRequest) async throws {
        lock.withLock { sent.append(request.path) }
        if let error = errors[request.path] { throw error }
    }
}
