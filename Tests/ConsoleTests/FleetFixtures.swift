import Foundation
import KubeModel
@testable import Console

/// Three clusters holding the same application (staging, prod-eu, prod-us), prod-eu marked
/// production in the config, and the fixture rows in each.
enum FleetFixtures {
    static let staging = ClusterID("staging")
    static let prodEU = ClusterID("prod-eu")
    static let prodUS = ClusterID("prod-us")

    static func identity(_ id: ClusterID) -> ClusterIdentity {
        ClusterIdentity(context: id.rawValue, server: "https://\(id.rawValue).example:6443", user: "admin")
    }

    static func clusters(prodEU settings: ClusterSettings? = nil) -> [ClusterState] {
        [ClusterState(id: staging, identity: identity(staging), watchAllNamespaces: true,
                      settings: ClusterSettings(context: "staging", color: .green)),
         ClusterState(id: prodEU, identity: identity(prodEU), watchAllNamespaces: true,
                      settings: settings ?? ClusterSettings(context: "prod-eu", name: "eu", color: .red, production: true)),
         ClusterState(id: prodUS, identity: identity(prodUS), watchAllNamespaces: true)]
    }

    /// The fixture rows as they are in `cluster`.
    static func rows(in cluster: ClusterID) -> [DeliveryRow] {
        Fixtures.allRows.map { row in
            var row = row
            row.ref = row.ref.in(cluster)
            return row
        }
    }

    /// A fleet state, every cluster live and holding the fixture rows (checkout paused in each),
    /// the cursor on the first row (prod-eu's checkout).
    static func state(prodEU settings: ClusterSettings? = nil, readOnly: Bool = false) -> ConsoleState {
        var state = ConsoleState(clusters: clusters(prodEU: settings), scope: .all, readOnly: readOnly, now: Fixtures.now)
        _ = Reducer.start(&state)
        for id in state.clusterOrder {
            _ = Reducer.reduce(&state, .cluster(id, .connection(.live)))
            _ = Reducer.reduce(&state, .cluster(id, .rows(upserted: rows(in: id), removed: [])))
        }
        Fixtures.press(&state, "g")
        return state
    }
}
