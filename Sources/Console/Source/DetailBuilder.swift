import Foundation
import KubeModel
import Delivery

/// What every kind's detail shares (events, number grouping); each adapter builds its own
/// detail in an extension beside it.
enum DetailBuilder {
    /// `2,147,483,647`: digits in groups of three, whatever the locale.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// The object's Events as timeline entries (Warning events stand out).
    static func events(kind: String, name: String, namespace: String, objects: ObjectSet) -> [TimelineEntry] {
        objects.events.compactMap { event in
            guard event.involvedObject.kind == kind, event.involvedObject.name == name,
                  (event.involvedObject.namespace ?? event.metadata.namespace) == namespace,
                  let time = (event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp)?.date
            else { return nil }
            let count = (event.count ?? 1) > 1 ? " (x\(event.count!))" : ""
            return TimelineEntry(time: time, source: event.type == "Warning" ? .warning : .event,
                                 text: "\(event.reason ?? ""): \(event.message ?? "")\(count)")
        }.sorted()
    }
}
