import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// No renderer prints a control, bidi or zero-width character that came from an object: every
/// string field of every fixture object gets hostile characters appended (C0 and C1 controls,
/// DEL, escape sequences that retitle, clear or write the clipboard, bidi overrides and
/// isolates, zero-width characters) and each renderer's output is checked.
@Suite struct HostileTextTests {
    /// What the characters look like after the filter.
    @Test func unsafeCharactersAreShownAsEscapes() {
        #expect(TerminalSafe.text("denied\u{1B}]0;pwned\u{7}\u{1B}[2J") == "denied\\x1b]0;pwned\\x07\\x1b[2J")
        #expect(TerminalSafe.text("a\nb\tc\u{7F}\u{85}\u{9B}") == "a\\x0ab\\x09c\\x7f\\x85\\x9b")
        #expect(TerminalSafe.text("abc\u{202E}fed\u{2066}\u{200B}\u{FEFF}\u{2028}") == "abc\\u{202e}fed\\u{2066}\\u{200b}\\u{feff}\\u{2028}")
        // Printable text of any script, emoji and box lines pass as they are.
        let fine = "nginx:1.25 ✔ ö 日本語 🚀 ├── \\x"
        #expect(TerminalSafe.text(fine) == fine)
    }

    @Test func jsonEscapesC1AndBidiAndStillParses() throws {
        let text = TerminalSafe.json("{\"m\":\"a\u{85}b\u{202E}c\u{7F}\u{E0001}\"}")
        #expect(text == "{\"m\":\"a\\u0085b\\u202ec\\u007f\\udb40\\udc01\"}")
        #expect(try JSON(parsing: text)["m"]?.stringValue == "a\u{85}b\u{202E}c\u{7F}\u{E0001}")
    }

    @Test func serverMessagesAreCutSayingHowMuch() {
        let cut = TerminalSafe.message(String(repeating: "x", count: 50_000))
        #expect(cut.hasPrefix(String(repeating: "x", count: 4096) + "… ("))
        #expect(cut.hasSuffix("(45904 more bytes cut)"))
    }

    // MARK: the property

    /// Appends to `s` a few hostile characters chosen from `s` and `seed` (the same string always
    /// gets the same ones, so UIDs, hashes and names keep matching across objects).
    static func hostile(_ s: String, seed: UInt64) -> String {
        let specials: [String] = ["\u{1B}]0;pwned\u{7}", "\u{1B}[2J\u{1B}[H", "\u{1B}]52;c;cHduZWQ=\u{7}", "\r\n", "\u{9B}31m",
                                  "\u{202E}", "\u{202A}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{2028}",
                                  "\u{2029}", "\u{61C}", "\u{200F}", "\u{E0001}", "\u{7F}", "\u{85}", "\u{AD}"]
        var state = seed ^ 0xcbf29ce484222325
        for byte in s.utf8 { state = (state ^ UInt64(byte)) &* 0x100000001b3 }
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var out = ""
        for _ in 0..<(1 + next() % 6) {
            if next() % 3 == 0 {
                out += specials[Int(next() % UInt64(specials.count))]
            } else {
                // A random byte, read as Latin-1 (the wire's invalid UTF-8 arrives as U+FFFD).
                out.unicodeScalars.append(Unicode.Scalar(UInt8(truncatingIfNeeded: next())))
            }
        }
        return s + out
    }

    /// Every string value of `value`'s JSON rewritten by `transform` (times and `kind` kept, so it decodes).
    static func mutated<T: Codable>(_ value: T, _ transform: (String) -> String) throws -> T {
        func walk(_ json: JSON, key: String?) -> JSON {
            switch json {
            case .string(let s):
                if key == "apiVersion" || key == "kind" || KubeTime.parse(s) != nil { return json }
                return .string(transform(s))
            case .array(let items): return .array(items.map { walk($0, key: key) })
            case .object(let object): return .object(JSONObject(object.members.map { ($0.key, walk($0.value, key: $0.key)) }))
            default: return json
            }
        }
        let json = try JSON(parsing: try JSONEncoder().encode(value))
        return try JSONDecoder().decode(T.self, from: walk(json, key: nil).data)
    }

    static func mutated(_ set: ObjectSet, _ transform: (String) -> String) throws -> ObjectSet {
        var out = set
        out.rollouts = try set.rollouts.map { try mutated($0, transform) }
        out.replicaSets = try set.replicaSets.map { try mutated($0, transform) }
        out.pods = try set.pods.map { try mutated($0, transform) }
        out.analysisRuns = try set.analysisRuns.map { try mutated($0, transform) }
        out.experiments = try set.experiments.map { try mutated($0, transform) }
        out.deployments = try set.deployments.map { try mutated($0, transform) }
        out.canaries = try set.canaries.map { try mutated($0, transform) }
        return out
    }

    /// Every fixture object (Argo scenarios, Flagger examples, the guide's seeds).
    static func allFixtures() throws -> [ObjectSet] {
        var sets: [ObjectSet] = []
        for scenario in ["canary", "blue-green", "experiment-analysis", "experiment-step", "rollout-aborted", "rollout-invalid"] {
            sets.append(try Fixtures.scenario(scenario))
        }
        for folder in [Fixtures.flagger.appendingPathComponent("examples"), Fixtures.root.appendingPathComponent("seed")] {
            sets.append(try Fixtures.folder(folder))
        }
        return sets
    }

    /// The text renderers' outputs for a set, plain or coloured.
    static func texts(_ set: ObjectSet, style: TextStyle) -> [String] {
        let now = Fixtures.now
        var out: [String] = []
        for rollout in set.rollouts {
            let info = RolloutInfo(rollout, objects: set)
            out.append(RolloutText.rollout(info, now: now, style: style))
            out.append(RolloutText.tree(info, now: now, style: style))
            let once = StatusOutcome.once(RolloutStatus.of(rollout))
            out += [once.stdout, once.stderr]
            var watch = StatusWatch()
            let (line, done) = watch.observe(RolloutStatus.of(rollout))
            out += [line ?? "", done?.stderr ?? ""]
            var listWatch = RolloutListWatch(initial: [])
            out.append(listWatch.update(rollout) ?? "")
        }
        out.append(ListText.rollouts(set.rollouts, options: ListText.Options(allNamespaces: true, timestamp: now)))
        out.append(ListText.rolloutsWide(set.rollouts.map { RolloutInfo($0, objects: set) }, allNamespaces: true, now: now))
        for experiment in set.experiments {
            out.append(RolloutText.experiment(ExperimentInfo(experiment, objects: set), now: now, style: style))
        }
        out.append(ListText.experiments(set.experiments, allNamespaces: true, now: now))
        let canaries = set.canaries.map { CanaryInfo($0, objects: set) }
        for info in canaries {
            out.append(CanaryText.canary(info, now: now, style: style))
            var watch = CanaryListWatch(initial: [], allNamespaces: true, wide: true)
            out.append(watch.update(info, now: now) ?? "")
        }
        out.append(CanaryText.list(canaries, allNamespaces: true, wide: true, now: now))
        out.append(CanaryText.list(canaries, allNamespaces: false, wide: false, now: now))
        return out
    }

    /// The `-o json` and `-o yaml` documents of a set.
    static func documents(_ set: ObjectSet, _ format: OutputFormat) throws -> [String] {
        [try format.render(OutputDocuments.rollouts(set.rollouts.map { RolloutInfo($0, objects: set) })),
         try format.render(OutputDocuments.canaries(set.canaries.map { CanaryInfo($0, objects: set) })),
         try format.render(ViewList(kind: "ExperimentViewList", items: set.experiments.map { ExperimentInfo($0, objects: set) }))]
    }

    /// The first character a terminal would act on (a newline is the renderer's own only when `newlines`).
    static func firstUnsafe(_ text: String, newlines: Bool = true) -> String? {
        text.unicodeScalars.first { TerminalSafe.isUnsafe($0) && !(newlines && $0 == "\n") }.map { String(format: "U+%04X", $0.value) }
    }

    @Test(arguments: 0..<6) func noRendererPrintsAControlCharacterFromAnObject(seed: UInt64) throws {
        for set in try Self.allFixtures() {
            let raw = try Self.mutated(set) { Self.hostile($0, seed: seed) }
            // The same objects with their hostile characters already filtered: any field a renderer
            // printed without the filter makes the two outputs differ.
            let filtered = try Self.mutated(set) { s in
                let h = Self.hostile(s, seed: seed)
                return s + TerminalSafe.text(String(String.UnicodeScalarView(h.unicodeScalars.dropFirst(s.unicodeScalars.count))))
            }
            for style in [TextStyle.plain, TextStyle(glyphs: .ascii, color: true)] {
                let rawTexts = Self.texts(raw, style: style), filteredTexts = Self.texts(filtered, style: style)
                for (a, b) in zip(rawTexts, filteredTexts) {
                    #expect(a == b, "a field reached the text raw:\n\(a)")
                    if !style.color { #expect(Self.firstUnsafe(a) == nil, "\(a)") }
                }
            }
            for format in OutputFormat.allCases {
                for document in try Self.documents(raw, format) {
                    #expect(Self.firstUnsafe(document) == nil, "\(format): \(document.prefix(2000))")
                }
            }
            // JSON stays faithful: the escapes decode to the object's own characters.
            let infos = raw.rollouts.map { RolloutInfo($0, objects: raw) }
            let back = try OutputFormat.json.parse(ViewList<RolloutInfo>.self, from: try OutputFormat.json.render(OutputDocuments.rollouts(infos)))
            #expect(back.items == infos)
        }
    }
}
