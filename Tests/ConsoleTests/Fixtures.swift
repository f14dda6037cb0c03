import Foundation
import KubeModel
import TerminalUI
@testable import Console

/// Rows, details and states shared by the reducer and view tests: a small cluster with an
/// Argo canary paused for promotion, an aborted one, a blue/green one, and a Flagger canary
/// waiting at its gate. The clock is fixed.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let identity = ClusterIdentity(context: "kind-demo", server: "https://127.0.0.1:6443", user: "admin")

    static func promoteRequest(_ ref: ObjectRef) -> APIRequest {
        .patch(ref.kind.resource.path(namespace: ref.namespace, name: ref.name, subresource: "status"), .merge,
               #"{"status":{"pauseConditions":null, "currentStepIndex":3}}"#)
    }

    static func readyPlans(_ ref: ObjectRef) -> RowPlans {
        var plans: RowPlans = [:]
        for kind in MutationKind.allCases {
            plans[kind] = .ready(label: kind.verb, requests: [promoteRequest(ref)])
        }
        return plans
    }

    static let checkoutRef = ObjectRef(kind: .rollout, namespace: "shop", name: "checkout")
    static let paymentsRef = ObjectRef(kind: .rollout, namespace: "shop", name: "payments")
    static let catalogRef = ObjectRef(kind: .rollout, namespace: "store", name: "catalog")
    static let gatewayRef = ObjectRef(kind: .canary, namespace: "training-development", name: "api-gateway")

    static var checkout: DeliveryRow {
        DeliveryRow(ref: checkoutRef, strategy: "Canary", status: .paused, message: "CanaryPauseStep",
                   progress: .step(completed: 2, total: 8), setWeight: 20, actualWeight: 20, ready: 5, replicas: 5,
                   created: now.addingTimeInterval(-3 * 86400), awaitsPromotion: true, plans: readyPlans(checkoutRef),
                   selector: "app=checkout")
    }

    static var payments: DeliveryRow {
        var plans = readyPlans(paymentsRef)
        plans[.promote] = .disabled(reason: "the rollout is aborted: retry it first")
        plans[.abort] = .disabled(reason: "already aborted")
        return DeliveryRow(ref: paymentsRef, strategy: "Canary", status: .degraded,
                          message: "RolloutAborted: metric \"success-rate\" assessed Failed",
                          progress: .step(completed: 0, total: 4), setWeight: 0, actualWeight: 0, ready: 3, replicas: 3,
                          created: now.addingTimeInterval(-7200), plans: plans, selector: "app=payments")
    }

    static var catalog: DeliveryRow {
        DeliveryRow(ref: catalogRef, strategy: "BlueGreen", status: .healthy, ready: 2, replicas: 2,
                   created: now.addingTimeInterval(-45), plans: readyPlans(catalogRef))
    }

    static var gateway: DeliveryRow {
        var plans = readyPlans(gatewayRef)
        plans[.promote] = .ready(label: "approve the start gate", requests: [
            APIRequest(method: .post, path: "/api/v1/namespaces/training-development/services/flagger-loadtester:80/proxy/gate/open",
                       contentType: "application/json",
                       body: Data(#"{"name":"api-gateway","namespace":"training-development"}"#.utf8)),
        ])
        plans[.undo] = .disabled(reason: "Flagger keeps no revision history to undo to")
        return DeliveryRow(ref: gatewayRef, strategy: "BlueGreen", status: .paused, message: "Waiting",
                          progress: .iteration(0, of: 10), ready: 1, replicas: 1,
                          created: now.addingTimeInterval(-600), awaitsPromotion: true, plans: plans,
                          selector: "app in (api-gateway,api-gateway-primary)")
    }

    static var allRows: [DeliveryRow] { [checkout, payments, catalog, gateway] }

    static func checkoutDetail(pauseDeadline: Date? = nil) -> DetailModel {
        DetailModel(
            ref: checkoutRef,
            text: [
                "Name:            checkout", "Namespace:       shop", "Status:          ॥ Paused", "Message:         CanaryPauseStep",
                "Strategy:        Canary", "  Step:          2/8", "  SetWeight:     20", "  ActualWeight:  20",
                "Images:          shop/checkout:v2 (canary)", "", "NAME                     KIND        STATUS     AGE  INFO",
                "⟳ checkout              Rollout     ॥ Paused   3d",
                "├──# revision:2", "│  └──⧉ checkout-7d9f   ReplicaSet  ✔ Healthy  5m   canary",
                "└──# revision:1", "   └──⧉ checkout-5c4b   ReplicaSet  ✔ Healthy  3d   stable",
            ],
            steps: [StepLine("setWeight: 10", .done), StepLine("pause: 1m", .done), StepLine("setWeight: 20", .done),
                    StepLine("pause (until promoted)", .current), StepLine("setWeight: 50", .pending)],
            firstStepNumber: 0, pauseDeadline: pauseDeadline,
            analysisRuns: [AnalysisSummary(name: "checkout-7d9f-2", phase: "Running", metrics: [
                MetricSummary(name: "success-rate", phase: "Successful", successful: 3, lastValue: "0.998"),
            ])],
            events: [TimelineEntry(time: now.addingTimeInterval(-300), source: .event, text: "RolloutUpdated: Rollout updated to revision 2"),
                     TimelineEntry(time: now.addingTimeInterval(-60), source: .event, text: "RolloutPaused: Rollout is paused (CanaryPauseStep)")])
    }

    /// A state fed with every fixture row, all namespaces in scope, the list focused.
    static func state(readOnly: Bool = false, bell: Bool = true) -> ConsoleState {
        var state = ConsoleState(identity: identity, scope: .all, watchAllNamespaces: true, readOnly: readOnly,
                                 bellOnPromotionWait: bell, now: now)
        _ = Reducer.start(&state)
        _ = Reducer.reduce(&state, .connection(.live))
        _ = Reducer.reduce(&state, .rows(upserted: allRows, removed: []))
        return state
    }

    /// Feeds keys one by one, collecting every effect.
    @discardableResult
    static func press(_ state: inout ConsoleState, _ keys: String...) -> [ConsoleEffect] {
        keys.flatMap { Reducer.reduce(&state, .key(KeyEvent(name: $0)!)) }
    }

    /// The state with the cursor on `ref` in the list.
    static func selecting(_ ref: ObjectRef, readOnly: Bool = false) -> ConsoleState {
        var state = self.state(readOnly: readOnly)
        for _ in allRows where state.selectedDelivery != ref { press(&state, "j") }
        return state
    }
}

extension ConsoleEffect {
    var sentMutation: Mutation? {
        if case let .send(m) = self { return m }
        return nil
    }
}
