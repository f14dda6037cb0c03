import Foundation
import Testing
import TerminalUI
@testable import Console

/// The namespaces pane with thousands of namespaces: the row table keeps their names sorted as
/// rows come and go, and the pane builds only the lines on screen, so one watch event costs
/// the same with 2,000 namespaces as with 20.
@Suite struct ManyNamespacesTests {
    static func row(_ namespace: String, _ name: String, _ status: DeliveryStatus = .healthy) -> DeliveryRow {
        DeliveryRow(ref: ObjectRef(kind: .rollout, namespace: namespace, name: name), strategy: "Canary", status: status,
                   message: "", progress: .step(completed: 1, total: 4), setWeight: 25, actualWeight: 25, ready: 1, replicas: 1,
                   created: Fixtures.now)
    }

    @Test func theTableKeepsItsNamespacesSortedAsRowsComeAndGo() {
        var table = RowTable()
        var generator = SplitMix(state: 42)
        var refs: [ObjectRef] = []
        for step in 0..<3_000 {
            let choice = generator.next() % 10
            if choice < 6 || refs.isEmpty {
                let row = Self.row("ns-\(generator.next() % 300)", "app-\(step)", DeliveryStatus.counted[Int(generator.next() % 4)])
                table[row.ref] = row
                refs.append(row.ref)
            } else if choice < 8 {
                // An update in place: the namespace stays, the status may change.
                let ref = refs[Int(generator.next() % UInt64(refs.count))]
                table[ref] = Self.row(ref.namespace, ref.name, DeliveryStatus.counted[Int(generator.next() % 4)])
            } else {
                let ref = refs.remove(at: Int(generator.next() % UInt64(refs.count)))
                table[ref] = nil
            }
            #expect(table.namespaces == table.countsByNamespace.keys.sorted(), "after step \(step)")
        }
        for ref in refs { table[ref] = nil }
        #expect(table.namespaces.isEmpty)
    }

    @Test func thePaneScrollsThroughTwoThousandNamespacesAndOpensTheLast() throws {
        var state = ConsoleState(identity: Fixtures.identity, scope: .all, watchAllNamespaces: true, now: Fixtures.now)
        _ = Reducer.start(&state)
        _ = Reducer.reduce(&state, .connection(.live))
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        let rows = (0..<2_000).map { Self.row(String(format: "ns-%04d", $0), "app") }
        _ = Reducer.reduce(&state, .rows(upserted: rows, removed: []))
        Fixtures.press(&state, "tab", "G")
        #expect(state.namespaceCursor == 2_000)

        let lines = ConsoleView.render(state, glyphs: .unicode).text.split(separator: "\n").map(String.init)
        let pane = lines.filter { $0.contains("ns-") }.map { String($0.prefix(24)) }
        #expect(pane.last?.contains("ns-1999") == true, "the last namespace is on screen: \(pane.suffix(2))")
        #expect(pane.first?.contains("ns-1999") == false, "and the pane scrolled: the first ones are off screen")
        #expect(state.namespaceOffset > 1_900, "the pane's offset follows the cursor")
        #expect(lines.contains { $0.hasPrefix("▶ ns-1999") }, "the cursor's line is the last namespace")
        #expect(lines.contains { $0.prefix(24).contains("▲") }, "a mark says there is more above")

        Fixtures.press(&state, "enter")
        #expect(state.scope == .one("ns-1999"))
        Fixtures.press(&state, "tab", "g")
        #expect(state.namespaceCursor == 0)
        Fixtures.press(&state, "enter")
        #expect(state.scope == .all)
    }

    @Test func aForbiddenNamespaceAndTheFilterStillJoinTheSortedNames() {
        var state = Fixtures.state()
        state.clusters[state.primary]?.forbiddenNamespaces["aaa-secret"] = "forbidden"
        #expect(state.namespaceNames == ["aaa-secret", "shop", "store", "training-development"])
        #expect(state.namespaceEntry("aaa-secret").forbidden == "forbidden")
        state.filters[.namespaces] = "s"
        #expect(state.namespaceNames == ["aaa-secret", "shop", "store"])
        state.filters[.namespaces] = "!s"
        #expect(state.namespaceNames == ["training-development"])
    }
}

/// SplitMix64: small, repeatable, good enough to shuffle test inputs.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
