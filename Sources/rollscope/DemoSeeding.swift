import APIServer
import JSONValue

/// The objects a fresh demo cluster starts with, before the simulated controllers (DemoCluster) run.
enum DemoSeeding {
    static func seed(_ server: EmbeddedAPIServer) throws {
        for ns in ["default", "kube-system"] {
            try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(ns)]])
        }
    }
}
