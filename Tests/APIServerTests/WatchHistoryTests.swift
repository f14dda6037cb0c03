import KubeModel
import Testing
@testable import APIServer

@Suite struct WatchHistoryTests {
    private func event(_ rv: UInt64) -> WatchEvent {
        WatchEvent(kind: .modified, resource: .pods,
                   object: StoredObject(json: ["metadata": ["name": .string("p\(rv)"), "namespace": "demo"]], resourceVersion: rv),
                   previousLabels: nil)
    }

    /// The ring holds exactly the newest `limit` events, oldest first, however often it wraps,
    /// and hands back each event as it falls out (the store's 410 boundary).
    @Test func keepsTheNewestInOrderAndHandsBackTheEvicted() {
        var history = WatchHistory(limit: 4)
        var evicted: [UInt64] = []
        for rv in UInt64(1)...11 {
            if let gone = history.append(event(rv)) { evicted.append(gone.resourceVersion) }
            #expect(history.count == min(Int(rv), 4))
            #expect(history.events.map(\.resourceVersion) == Array(UInt64(max(1, Int(rv) - 3))...rv))
        }
        #expect(evicted == Array(1...7))
        #expect(history.events.map(\.object.name) == ["p8", "p9", "p10", "p11"])
        history.removeAll()
        #expect(history.count == 0)
        #expect(history.append(event(12)) == nil)
        #expect(history.events.map(\.resourceVersion) == [12])
    }

    @Test func aLimitOfOneKeepsTheLastEvent() {
        var history = WatchHistory(limit: 0)
        #expect(history.append(event(1)) == nil)
        #expect(history.append(event(2))?.resourceVersion == 1)
        #expect(history.events.map(\.resourceVersion) == [2])
    }
}
