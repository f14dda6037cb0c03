import Foundation
import JSONValue
import Kube
import Rollouts

/// One fuzzed entry point: it must never crash, whatever the bytes; it may reject them.
struct FuzzTarget: Sendable {
    var name: String
    var run: @Sendable (Data) -> Void
}

/// Every fuzz target, by name.
enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "json", run: fuzzJSON),
        FuzzTarget(name: "objects", run: fuzzObjects),
        FuzzTarget(name: "watch-line", run: fuzzWatchLines),
        FuzzTarget(name: "kubeconfig", run: fuzzKubeconfig),
        FuzzTarget(name: "extremes", run: ExtremeValues.run),
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The target ROLLSCOPE_FUZZ_TARGET names (read once); a bad name stops the run at once.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ROLLSCOPE_FUZZ_TARGET"] ?? ""
        guard let target = named(name) else {
            FileHandle.standardError.write(Data("ROLLSCOPE_FUZZ_TARGET must be one of: \(all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The JSON parser the embedded server reads request bodies with: a parsed value must
    /// serialize to text that parses back to the same value.
    static func fuzzJSON(_ data: Data) {
        guard let value = try? JSON(parsing: data) else { return }
        guard let again = try? JSON(parsing: value.serialized()), again == value else {
            fatalError("JSON round trip changed the value of \(String(decoding: data, as: UTF8.self))")
        }
        _ = value.applyingMergePatch(value)
        _ = try? value.applyingJSONPatch(value)
        _ = value.applyingStrategicMergePatch(value)
    }

    /// The manifest reader and everything computed from what it reads (`-f` takes any file):
    /// the status rules, the revision tree, the plugin's text, the Flagger view.
    static func fuzzObjects(_ data: Data) {
        guard let set = try? ManifestReader.read(data, file: "fuzz") else { return }
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        for rollout in set.rollouts {
            _ = RolloutStatus.of(rollout)
            _ = RolloutText.rollout(RolloutInfo(rollout, objects: set), now: now)
        }
        for experiment in set.experiments { _ = RolloutText.experiment(ExperimentInfo(experiment, objects: set), now: now) }
        for canary in set.canaries { _ = CanaryText.canary(CanaryInfo(canary, objects: set), now: now) }
    }

    /// The watch-event decoder on every line of the input, as a stream delivers them.
    static func fuzzWatchLines(_ data: Data) {
        for line in data.split(separator: UInt8(ascii: "\n")) {
            _ = try? WatchEvent<Pod>.decode(Data(line))
            _ = try? WatchEvent<Rollout>.decode(Data(line))
        }
    }

    /// The kubeconfig parser on any text.
    static func fuzzKubeconfig(_ data: Data) {
        _ = try? KubeconfigFile.parse(String(decoding: data, as: UTF8.self), path: "/fuzz/config")
    }
}
