import Foundation
import Testing
import TerminalUI
@testable import Console

@Suite struct KeyTableTests {
    let table = KeyTable.defaults

    @Test func noKeyMeansTwoThingsInOneScope() {
        for scope in KeyScope.allCases {
            var seen: [KeyEvent: ConsoleAction] = [:]
            for binding in table.bindings(in: scope, readOnly: false) {
                for key in binding.keys {
                    #expect(seen[key] == nil, "\(key) bound to \(seen[key].map { "\($0)" } ?? "") and \(binding.action) in \(scope)")
                    seen[key] = binding.action
                }
            }
        }
    }

    @Test func everyKeyNameIsOneTheDecoderProduces() {
        for binding in table.bindings {
            for key in binding.keys { #expect(KeyEvent(name: key.description) == key, "\(key)") }
        }
    }

    @Test func everyActionHasAKey() {
        for action in ConsoleAction.allCases { #expect(table.key(for: action) != nil, "\(action)") }
    }

    @Test(arguments: [(KeyEvent.char("p"), ConsoleAction.promote), (.char("P"), .promoteFull), (.char("a"), .abort),
                      (.char("r"), .retry), (.char("R"), .restart), (.char("u"), .undo), (.char("z"), .pauseToggle)])
    func mutationKeysAreTheIssueDefaults(key: KeyEvent, action: ConsoleAction) {
        for scope in [KeyScope.deliveries, .detail] {
            #expect(table.binding(for: key, in: scope, readOnly: false)?.action == action)
            #expect(table.binding(for: key, in: scope, readOnly: true) == nil)
        }
        #expect(table.binding(for: key, in: .namespaces, readOnly: false) == nil)
    }

    @Test func readOnlyRemovesEveryMutationAndNothingElse() {
        for scope in KeyScope.allCases {
            let all = table.bindings(in: scope, readOnly: false)
            let ro = table.bindings(in: scope, readOnly: true)
            #expect(ro == all.filter { !$0.isMutation })
        }
    }

    @Test func overrideMovesAKeyAndTakesItFromOthers() throws {
        let remapped = try table.applying(["promote": ["x"], "down": ["p", "down"]])
        #expect(remapped.binding(for: .char("x"), in: .deliveries, readOnly: false)?.action == .promote)
        #expect(remapped.binding(for: .char("p"), in: .deliveries, readOnly: false)?.action == .down)
        #expect(remapped.binding(for: .char("j"), in: .deliveries, readOnly: false) == nil)
        #expect(remapped.binding(for: .char("p"), in: .namespaces, readOnly: false)?.action == .down)
    }

    @Test func badOverridesAreRefusedWithAReason() {
        #expect(throws: KeyTableError.unknownAction("launch")) { try table.applying(["launch": ["l"]]) }
        #expect(throws: KeyTableError.unknownKey("ctrl-", action: "quit")) { try table.applying(["quit": ["ctrl-"]]) }
        #expect(throws: KeyTableError.noKeys("quit")) { try table.applying(["quit": []]) }
    }

    /// docs/keys.md is the key table's own rendering; `RECORD_SNAPSHOTS=1` rewrites it.
    @Test func docsKeysMatchesTheTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/keys.md")
        let expected = table.markdown()
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try expected.write(to: url, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(onDisk == expected)
        for binding in table.bindings { #expect(onDisk.contains(binding.description)) }
    }
}
