import APIServer
import Foundation
import JSONValue

/// Writes core/v1 Events about an object through the API, as controllers' event recorders do
/// (involvedObject, reason, message, source, first/last timestamps, count).
final class EventRecorder: @unchecked Sendable {
    private let store: ObjectStore
    private let clock: any DemoClock
    private let random: DemoRandom

    init(store: ObjectStore, clock: any DemoClock, random: DemoRandom) {
        self.store = store
        self.clock = clock
        self.random = random
    }

    /// Records one Event; `component` is the reporting controller (`rollouts-controller`, `flagger`).
    func record(_ object: JSON, type: String = "Normal", reason: String, message: String, component: String) {
        let now = timestamp(clock.now)
        let event: JSON = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(object.name).\(random.hex(16))"), "namespace": .string(object.namespace)],
            "involvedObject": ["apiVersion": object["apiVersion"] ?? "", "kind": object["kind"] ?? "",
                               "name": .string(object.name), "namespace": .string(object.namespace),
                               "uid": .string(object.uid),
                               "resourceVersion": object[path: ["metadata", "resourceVersion"]] ?? ""],
            "reason": .string(reason), "message": .string(message), "type": .string(type),
            "source": ["component": .string(component)],
            "firstTimestamp": now, "lastTimestamp": now, "count": 1,
            "reportingComponent": .string(component), "reportingInstance": "",
        ]
        _ = try? store.create(.events, namespace: object.namespace, object: event)
    }
}
