import JSONValue

/// What a scenario wants a Rollout's analysis to conclude, read from the annotation
/// `demo.rollscope.dev/analysis-outcome` (`Successful`, `Failed` or `Inconclusive`) that the
/// simulated controller copies onto each AnalysisRun it creates.
enum AnalysisOutcome: String {
    case successful = "Successful"
    case failed = "Failed"
    case inconclusive = "Inconclusive"

    static let annotation = "demo.rollscope.dev/analysis-outcome"

    init(of object: JSON) {
        self = object.annotation(Self.annotation).flatMap(AnalysisOutcome.init(rawValue:)) ?? .successful
    }
}
