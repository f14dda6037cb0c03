import Console
import Foundation

/// Figures for the console's own hot paths, printed first by `rollscope bench console`: the first load of a
/// large list into the state, one watch delta through the reducer and into a rendered frame
/// (the console's share of event-to-screen latency, curses excluded), and a full-screen render.
/// Inputs are generated rows spread over namespaces like the demo's scale scenario.
public enum ConsoleBenchmarks {
    public static func run(rows count: Int = 2_000, namespaces: Int = 200) -> String {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let rows = (0..<count).map { i in
            DeliveryRow(ref: ObjectRef(kind: i % 5 == 0 ? .canary : .rollout, namespace: "ns-\(i % namespaces)", name: "app-\(i)"),
                       strategy: "Canary", status: DeliveryStatus.counted[i % 4], message: i % 4 == 2 ? "CanaryPauseStep" : "",
                       progress: .step(completed: i % 8, total: 8), setWeight: 20, actualWeight: 20, ready: 3, replicas: 3,
                       created: now.addingTimeInterval(-Double(i) * 60))
        }
        var state = ConsoleState(identity: ClusterIdentity(context: "bench", server: "https://bench", user: "bench"),
                                 scope: .all, watchAllNamespaces: true, now: now)
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        var lines = ["Console benchmarks (\(count) rows in \(namespaces) namespaces, 120x40)"]

        let load = timed { _ = Reducer.reduce(&state, .rows(upserted: rows, removed: [])) }
        lines.append(String(format: "first load of every row into the state: %.1f ms", load * 1000))
        let firstFrame = timed { _ = ConsoleView.render(state, glyphs: .unicode) }
        lines.append(String(format: "first full frame (render to grid): %.1f ms", firstFrame * 1000))

        var latencies: [Double] = []
        for i in 0..<300 {
            var row = rows[(i * 7) % count]
            row.progress = .step(completed: (i % 8) + 1, total: 8)
            latencies.append(timed {
                _ = Reducer.reduce(&state, .rows(upserted: [row], removed: []))
                _ = ConsoleView.render(state, glyphs: .unicode)
            })
        }
        latencies.sort()
        lines.append(String(format: "one delta through the reducer and a full render: median %.2f ms, p99 %.2f ms",
                            latencies[latencies.count / 2] * 1000, latencies[latencies.count * 99 / 100] * 1000))
        return lines.joined(separator: "\n")
    }

    private static func timed(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
