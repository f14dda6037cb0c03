import Console
import Foundation
import JSONValue
import KubeModel
import Delivery
import TerminalUI

/// The `extremes` fuzz target: every fixture object with its numeric and duration fields set to
/// extreme values (0, −1, the Int32 and Int64 bounds, 1e300, NaN and infinity strings, huge
/// strings), the fuzz input choosing which value goes where, run through every renderer (text,
/// wide, JSON, YAML) and the console's rows, details and screen. Nothing may trap, and no
/// renderer may allocate by a value from an object.
enum ExtremeValues {
    /// Numbers put into numeric fields (an Int32 field keeps the ones that fit; the object is
    /// skipped, as the client skips it, when one does not).
    static let numbers: [JSON] = [
        .int(0), .int(-1), .int(1), .int(Int64(Int32.max)), .int(Int64(Int32.min)), .int(Int64.max), .int(Int64.min),
        .int(9_999_999_999), .double(1e300), .double(-1e300), .double(0.5),
    ]

    /// Strings put into duration, weight and other short fields.
    static let strings: [String] = [
        "0", "-1", "1e300", "-1e300", "inf", "-inf", "Infinity", "NaN", "nan", "9999999999", "2147483647", "-2147483648",
        "9223372036854775807", "1e300h", "99999999999999999999h", "0.000000001ns", "100%", "2147483648%", "-5%", "",
        String(repeating: "9", count: 400), String(repeating: "x", count: 100_000), "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h",
    ]

    /// Every fixture set, read once from the repository (`.ci/fuzz` runs from its root).
    static let fixtures: [ObjectSet] = {
        var sets: [ObjectSet] = []
        let fm = FileManager.default
        for root in ["Tests/Fixtures", "Tests/FuzzSeeds/objects"] {
            guard let walker = fm.enumerator(atPath: root) else { continue }
            var folders: [String: ObjectSet] = [:]
            for case let path as String in walker where path.hasSuffix(".yaml") || path.hasSuffix(".json") {
                guard let data = fm.contents(atPath: root + "/" + path), let set = try? ManifestReader.read(data, file: path) else { continue }
                let folder = (path as NSString).deletingLastPathComponent
                folders[folder, default: ObjectSet()].append(set)
            }
            sets += folders.keys.sorted().compactMap { folders[$0] }.filter { !$0.rollouts.isEmpty || !$0.canaries.isEmpty || !$0.experiments.isEmpty }
        }
        return sets
    }()

    /// Reads the fuzz input as a stream of choices.
    struct Choices {
        let bytes: [UInt8]
        var index = 0
        mutating func next() -> Int {
            guard !bytes.isEmpty else { return 0 }
            defer { index += 1 }
            return Int(bytes[index % bytes.count]) ^ (index / bytes.count)
        }
    }

    static func run(_ data: Data) {
        guard !fixtures.isEmpty else { fatalError("no fixtures found: run from the repository root") }
        var choices = Choices(bytes: Array(data))
        let set = fixtures[choices.next() % fixtures.count]
        var mutated = set
        mutated.rollouts = mutate(set.rollouts, &choices)
        mutated.replicaSets = mutate(set.replicaSets, &choices)
        mutated.pods = mutate(set.pods, &choices)
        mutated.analysisRuns = mutate(set.analysisRuns, &choices)
        mutated.experiments = mutate(set.experiments, &choices)
        mutated.deployments = mutate(set.deployments, &choices)
        mutated.canaries = mutate(set.canaries, &choices)
        render(mutated)
    }

    /// Each object with some of its numbers and short strings replaced; an object whose new
    /// value its type cannot hold is left out (the client reports it as unreadable).
    static func mutate<T: Codable>(_ objects: [T], _ choices: inout Choices) -> [T] {
        objects.compactMap { object in
            guard let data = try? JSONEncoder().encode(object), let json = try? JSON(parsing: data) else { return object }
            let changed = walk(json, key: "", &choices)
            return try? changed.decode(as: T.self)
        }
    }

    static func walk(_ json: JSON, key: String, _ choices: inout Choices) -> JSON {
        switch json {
        case .int, .double:
            let pick = choices.next()
            return pick % 4 == 0 ? json : numbers[pick % numbers.count]
        case .string(let s):
            // Names, times and kinds stay: the objects must still find each other.
            guard s.count <= 32, key != "kind", key != "apiVersion", key != "name", key != "uid", KubeTime.parse(s) == nil else { return json }
            let pick = choices.next()
            return pick % 3 == 0 ? json : .string(strings[pick % strings.count])
        case .array(let items):
            return .array(items.map { walk($0, key: key, &choices) })
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, walk($0.value, key: $0.key, &choices)) }))
        default:
            return json
        }
    }

    /// Every CLI renderer and the console's rows, details and screen on `set`.
    static func render(_ set: ObjectSet) {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        let infos = set.rollouts.map { RolloutInfo($0, objects: set) }
        for (rollout, info) in zip(set.rollouts, infos) {
            _ = RolloutText.rollout(info, now: now, style: TextStyle(glyphs: .plugin, color: true))
            _ = StatusOutcome.once(RolloutStatus.of(rollout))
            _ = try? RolloutRequests.plan(.promote, for: rollout, objects: set, now: now)
        }
        _ = ListText.rollouts(set.rollouts, options: ListText.Options(allNamespaces: true, timestamp: now))
        _ = ListText.rolloutsWide(infos, allNamespaces: true, now: now)
        _ = ListText.experiments(set.experiments, allNamespaces: true, now: now)
        for experiment in set.experiments { _ = RolloutText.experiment(ExperimentInfo(experiment, objects: set), now: now) }
        let canaries = set.canaries.map { CanaryInfo($0, objects: set) }
        for info in canaries { _ = CanaryText.canary(info, now: now) }
        _ = CanaryText.list(canaries, allNamespaces: true, wide: true, now: now)
        for format in OutputFormat.allCases {
            _ = try? format.render(OutputDocuments.rollouts(infos))
            _ = try? format.render(OutputDocuments.canaries(canaries))
        }
        console(set, now: now)
    }

    /// The console on a snapshot of `set`: the list, then the detail of every row, each drawn.
    static func console(_ set: ObjectSet, now: Date) {
        let source = SnapshotSource(objects: set, name: "fuzz", now: now)
        var state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: now)
        func apply(_ events: [ConsoleEvent]) {
            for event in events {
                for effect in Reducer.reduce(&state, event) {
                    if case .watch(let watches) = effect { source.setWatches(watches) }
                }
            }
        }
        source.start(wake: {})
        apply([.resize(width: 100, height: 30)] + source.drain())
        _ = ConsoleView.render(state, glyphs: Glyphs.unicode)
        for _ in 0..<(set.rollouts.count + set.canaries.count) {
            apply([.key(.special(.enter))])
            apply(source.drain())
            _ = ConsoleView.render(state, glyphs: Glyphs.unicode)
            apply([.tick(now.addingTimeInterval(1)), .key(.special(.escape)), .key(.char("j"))])
        }
    }
}
