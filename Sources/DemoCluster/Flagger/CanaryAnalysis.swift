import JSONValue

/// A Canary's analysis settings with Flagger's defaults and rules
/// (`DeploymentStrategy`, `GetAnalysisInterval`, the kubernetes provider's forced blue/green).
struct CanaryAnalysis {
    /// Progressive weights, A/B testing (header or cookie match with iterations), or blue/green (iterations).
    enum Strategy: Equatable { case canary, blueGreen, abTesting }

    let spec: JSON
    let analysis: JSON

    init(canary: JSON) {
        spec = canary["spec"] ?? [:]
        analysis = spec["analysis"] ?? spec["canaryAnalysis"] ?? [:]
    }

    var kubernetesProvider: Bool { spec["provider"]?.stringValue == "kubernetes" }
    var hasMatch: Bool { !(analysis["match"]?.arrayValue ?? []).isEmpty }

    var strategy: Strategy {
        if kubernetesProvider { return .blueGreen }
        let iterations = analysis["iterations"]?.countValue ?? 0
        if iterations > 0 { return hasMatch ? .abTesting : .blueGreen }
        return .canary
    }

    /// Iterations of blue/green and A/B (the kubernetes provider makes a missing value 10).
    var iterations: Int { analysis["iterations"]?.countValue ?? (kubernetesProvider ? 10 : 0) }
    /// The interval in seconds, with Flagger's 10 s floor.
    var interval: Double { max(10, StepDuration.seconds(analysis["interval"]) ?? 60) }
    var threshold: Int { analysis["threshold"]?.countValue ?? 1 }
    var progressDeadline: Double { spec["progressDeadlineSeconds"]?.secondsValue ?? 600 }
    var stepWeights: [Int] { (analysis["stepWeights"]?.arrayValue ?? []).compactMap(\.countValue) }
    var maxWeight: Int {
        if let last = stepWeights.last { return last }
        return analysis["maxWeight"]?.countValue ?? 100
    }

    /// The weight after `current` (stepWeight may overshoot maxWeight; stepWeights ends at its last element).
    func nextWeight(after current: Int) -> Int {
        if !stepWeights.isEmpty { return stepWeights.first { $0 > current } ?? maxWeight }
        return current + (analysis["stepWeight"]?.countValue ?? 10)
    }

    func hooks(_ type: String) -> [JSON] {
        (analysis["webhooks"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == type }
    }
}
