import Console
import Delivery
import Foundation
import JSONValue
import Kube
import KubeModel

/// CPU time per object of decoding list pages as the console's informers decode them
/// (`ScanningJSONDecoder` into `ObjectList<Verbatim<T>>`: the typed object and its text), printed
/// by `rollscope bench client`: pages of 500 of the scale scenario's Rollouts and of their
/// ReplicaSets (`ConsoleMemory`'s shapes), and of the upstream fixture Rollouts
/// (Tests/Fixtures/argo-rollouts, read as YAML and sent as JSON, when run from the repository).
public enum DecodeBenchmarks {
    /// One figure a line: the best of `rounds` rounds, each decoding every page once.
    public static func run(pages: Int = 4, rounds: Int = 5, fixtures: String = "Tests/Fixtures/argo-rollouts") -> String {
        let count = pages * 500
        let rollouts = (0..<pages).map { ConsoleMemory.page(($0 * 500)..<(($0 + 1) * 500), namespaces: 200, of: ConsoleMemory.rollout) }
        let replicaSets = (0..<pages).map { ConsoleMemory.page(($0 * 500)..<(($0 + 1) * 500), namespaces: 200, of: ConsoleMemory.replicaSet) }
        var lines = [
            figure("scale scenario Rollouts", rollouts, Rollout.self, rounds: rounds),
            figure("their ReplicaSets", replicaSets, ReplicaSet.self, rounds: rounds),
        ]
        let upstream = fixtureRollouts(fixtures)
        if upstream.isEmpty {
            lines.append("fixture Rollouts: none found under \(fixtures) (run from the repository)")
        } else {
            let page = Data("{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[\((0..<500).map { upstream[$0 % upstream.count] }.joined(separator: ","))]}".utf8)
            lines.append(figure("fixture Rollouts (\(upstream.count), cycled)", Array(repeating: page, count: pages), Rollout.self, rounds: rounds))
        }
        return (["List decode per object, ObjectList<Verbatim<T>> in pages of 500 (\(count) objects a round, best of \(rounds) rounds, CPU time)"] + lines)
            .joined(separator: "\n")
    }

    private static func figure<T: KubeObject>(_ name: String, _ pages: [Data], _ type: T.Type, rounds: Int) -> String {
        var best = Double.infinity
        var decoded = 0
        var bytes = 0
        for _ in 0..<rounds {
            decoded = 0
            bytes = 0
            let seconds = ConsoleBenchmarks.cpuTimed {
                for page in pages {
                    decoded += (try? ScanningJSONDecoder().decode(ObjectList<Verbatim<T>>.self, from: page))?.items.count ?? 0
                    bytes += page.count
                }
            }
            best = min(best, seconds)
        }
        let expected = pages.count * 500
        return String(format: "%@: %.1f µs per object (%.0f bytes each, %.0f MB/s)%@", name, best * 1e6 / Double(expected),
                      Double(bytes) / Double(expected), Double(bytes) / 1_048_576 / best, decoded == expected ? "" : " (DECODE FAILED)")
    }

    /// The JSON text of each Rollout in the fixture YAML files under `directory`.
    private static func fixtureRollouts(_ directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var out: [String] = []
        for case let path as String in walker where path.hasSuffix(".yaml") {
            guard let text = try? String(contentsOfFile: directory + "/" + path, encoding: .utf8),
                  let documents = try? ManifestReader.documents(text, file: path) else { continue }
            for document in documents where document["kind"]?.stringValue == "Rollout" {
                out.append(String(decoding: document.data, as: UTF8.self))
            }
        }
        return out.sorted()
    }
}
