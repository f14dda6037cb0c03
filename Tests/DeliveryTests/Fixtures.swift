import Foundation
import KubeModel
@testable import Delivery

/// Loads the upstream fixtures the way the plugin's own tests do (fixtures README): every file
/// of a scenario folder in file-name order, creation times rewritten to `now − 7d`, and the
/// measurements of each AnalysisRun's first metric started and finished at that time too.
enum Fixtures {
    /// `Tests/Fixtures`: a copy of `../shared/fixtures` (without the CRDs), so a clone tests on its own.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let argo = root.appendingPathComponent("argo-rollouts/pkg/kubectl-argo-rollouts")
    static let flagger = root.appendingPathComponent("flagger")

    /// A fixed "now" with a fractional second, as a live clock would have.
    static let now = Date(timeIntervalSince1970: 1_767_225_600.5)
    static var weekAgo: KubeTime { KubeTime(Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 7 * 86400).rounded(.down))) }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Every YAML file of a folder, read in file-name order into one set.
    static func folder(_ url: URL) throws -> ObjectSet {
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var set = ObjectSet()
        for name in names { set.append(try ManifestReader.read(text(url.appendingPathComponent(name)), file: name)) }
        return set
    }

    /// A scenario of `info/testdata`, with the test loader's time rewrites.
    static func scenario(_ name: String) throws -> ObjectSet {
        var set = try folder(argo.appendingPathComponent("info/testdata/\(name)"))
        let t = weekAgo
        for i in set.rollouts.indices { set.rollouts[i].metadata.creationTimestamp = t }
        for i in set.replicaSets.indices { set.replicaSets[i].metadata.creationTimestamp = t }
        for i in set.pods.indices { set.pods[i].metadata.creationTimestamp = t }
        for i in set.experiments.indices { set.experiments[i].metadata.creationTimestamp = t }
        for i in set.deployments.indices { set.deployments[i].metadata.creationTimestamp = t }
        for i in set.analysisRuns.indices {
            set.analysisRuns[i].metadata.creationTimestamp = t
            if var results = set.analysisRuns[i].status.metricResults, !results.isEmpty {
                for j in (results[0].measurements ?? []).indices {
                    results[0].measurements?[j].startedAt = t
                    results[0].measurements?[j].finishedAt = t
                }
                set.analysisRuns[i].status.metricResults = results
            }
        }
        return set
    }

    static func expected(_ command: String, _ file: String) throws -> String {
        try text(argo.appendingPathComponent("cmd/\(command)/expected/\(file)"))
    }
}
