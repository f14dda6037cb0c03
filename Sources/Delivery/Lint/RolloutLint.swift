import JSONValue
import KubeModel

/// `lint`: the plugin's offline checks of the Rollouts in a manifest (`kubectl argo rollouts
/// lint`, `cmd/lint/lint.go`): each Rollout decoded strictly (an unknown field of the Rollout's
/// own structure is an error), then Argo's `ValidateRolloutSpec` rules and, for the Services the
/// same file holds, `ValidateRolloutReferencedResources`' selector check, with upstream's words
/// (`field.Error`'s form). Pure: the documents in, the findings out, in document order.
///
/// Not checked (their texts were not read): the pod template's own validation beyond
/// containers being present, anti-affinity, pingPong's and header/mirror routes' rules, analysis
/// templates, Istio VirtualServices and Ingresses, a Service managed by another rollout.
public enum RolloutLint {
    /// A finding: a field error, or the strict decoder's refusal of a field it does not know.
    public enum Finding: Sendable, Hashable, CustomStringConvertible {
        case field(FieldError)
        case unknownField(String)

        public var description: String {
            switch self {
            case .field(let error): error.description
            case .unknownField(let name): "error unmarshaling JSON: while decoding JSON: json: unknown field \(GoSyntax.quoted(name))"
            }
        }
    }

    /// The findings of every Rollout among `documents` (a `List`'s items count as documents).
    public static func check(_ documents: [JSON]) -> [Finding] {
        let objects = documents.flatMap { doc in doc["kind"]?.stringValue == "List" ? doc["items"]?.arrayValue ?? [] : [doc] }
        let services = Dictionary(objects.filter { $0["kind"]?.stringValue == "Service" && $0["apiVersion"]?.stringValue == "v1" }
            .compactMap { s in s[path: ["metadata", "name"]]?.stringValue.map { ($0, s) } }, uniquingKeysWith: { first, _ in first })
        return objects.filter(isRollout).flatMap { rollout -> [Finding] in
            if let unknown = Schema.rollout.firstUnknownField(in: rollout) { return [.unknownField(unknown)] }
            return (spec(rollout) + referencedServices(rollout, services: services)).map(Finding.field)
        }
    }

    static func isRollout(_ object: JSON) -> Bool {
        object["kind"]?.stringValue == "Rollout" && object["apiVersion"]?.stringValue?.hasPrefix("argoproj.io/") == true
    }

    // MARK: ValidateRolloutSpec

    static func spec(_ rollout: JSON) -> [FieldError] {
        let spec = rollout["spec"] ?? .null
        var errors: [FieldError] = []
        if let replicas = spec["replicas"]?.intValue, replicas < 0 {
            errors.append(.invalid("spec.replicas", .int(replicas), "must be greater than or equal to 0"))
        }
        let workloadRef = spec["workloadRef"].flatMap { $0 == .null ? nil : $0 }
        let selector = spec["selector"].flatMap { $0 == .null ? nil : $0 }
        if workloadRef == nil {
            if let selector {
                if (selector["matchLabels"]?.objectValue?.count ?? 0) + (selector["matchExpressions"]?.arrayValue?.count ?? 0) == 0 {
                    errors.append(.invalid("spec.selector", .goSyntax(goLabelSelector(selector)), "empty selector is invalid for deployment"))
                }
            } else {
                errors.append(.required("spec.selector", "Rollout has missing field '.spec.selector'"))
            }
        }
        let template = spec["template"].flatMap { $0 == .null ? nil : $0 }
        if workloadRef != nil, let template, (template.objectValue?.count ?? 0) > 0 {
            errors.append(.internal("spec.template", "template must be empty for workload reference rollout"))
        }
        if workloadRef == nil {
            errors += podTemplate(template ?? .null, selector: selector)
        }
        let minReady = spec["minReadySeconds"]?.intValue ?? 0
        if minReady < 0 { errors.append(.invalid("spec.minReadySeconds", .int(minReady), "must be greater than or equal to 0")) }
        let historyLimit = spec["revisionHistoryLimit"]?.intValue ?? 10
        if historyLimit < 0 { errors.append(.invalid("spec.revisionHistoryLimit", .int(historyLimit), "must be greater than or equal to 0")) }
        let deadline = spec["progressDeadlineSeconds"]?.intValue ?? 600
        if deadline < 0 { errors.append(.invalid("spec.progressDeadlineSeconds", .int(deadline), "must be greater than or equal to 0")) }
        if deadline <= minReady {
            errors.append(.invalid("spec.progressDeadlineSeconds", .int(deadline), "must be greater than minReadySeconds"))
        }
        return errors + strategy(spec["strategy"] ?? .null, historyLimit: historyLimit)
    }

    /// The ReplicaSet pod template checks rollscope makes: containers present, labels matching the selector.
    static func podTemplate(_ template: JSON, selector: JSON?) -> [FieldError] {
        var errors: [FieldError] = []
        let labels = template[path: ["metadata", "labels"]]?.objectValue.map { object in
            Dictionary(object.compactMap { m in m.value.stringValue.map { (m.key, $0) } }, uniquingKeysWith: { $1 })
        }
        if let selector, let parsed = try? selector.decode(as: LabelSelector.self),
           !(parsed.matchLabels ?? [:]).isEmpty || !(parsed.matchExpressions ?? []).isEmpty, !parsed.matches(labels ?? [:]) {
            errors.append(.invalid("spec.template.metadata.labels", .goSyntax(GoSyntax.stringMap(labels)), "`selector` does not match template `labels`"))
        }
        if (template[path: ["spec", "containers"]]?.arrayValue ?? []).isEmpty {
            errors.append(.required("spec.template.spec.containers", ""))
        }
        return errors
    }

    /// `&v1.LabelSelector{...}` of an empty selector as `%#v` prints the value it points to
    /// (a field written empty is an empty map or list, one not written is nil).
    static func goLabelSelector(_ selector: JSON) -> String {
        let labels = selector["matchLabels"]?.objectValue != nil ? "map[string]string{}" : "map[string]string(nil)"
        let expressions = selector["matchExpressions"]?.arrayValue != nil ? "[]v1.LabelSelectorRequirement{}" : "[]v1.LabelSelectorRequirement(nil)"
        return "v1.LabelSelector{MatchLabels:\(labels), MatchExpressions:\(expressions)}"
    }

    // MARK: ValidateRolloutStrategy

    static func strategy(_ strategy: JSON, historyLimit: Int64) -> [FieldError] {
        let canary = strategy["canary"].flatMap { $0 == .null ? nil : $0 }
        let blueGreen = strategy["blueGreen"].flatMap { $0 == .null ? nil : $0 }
        switch (canary, blueGreen) {
        case (nil, nil):
            return [.required("spec.strategy.strategy", "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'")]
        case (.some, .some):
            return [.invalid("spec.strategy.strategy", .string("blueGreen: true canary: true"), "Multiple Strategies can not be listed")]
        case (nil, let blueGreen?):
            return self.blueGreen(blueGreen, historyLimit: historyLimit)
        case (let canary?, nil):
            return self.canary(canary)
        }
    }

    static func blueGreen(_ bg: JSON, historyLimit: Int64) -> [FieldError] {
        var errors: [FieldError] = []
        let active = bg["activeService"]?.stringValue ?? ""
        if active == bg["previewService"]?.stringValue ?? "" {
            errors.append(.invalid("spec.strategy.activeService", .string(active),
                                   "This rollout uses the same service for the active and preview services, but two different services are required."))
        }
        if let limit = bg["scaleDownDelayRevisionLimit"]?.intValue, historyLimit < limit {
            errors.append(.invalid("spec.strategy.scaleDownDelayRevisionLimit", .int(limit),
                                   "This rollout's revision history limit can not be smaller than the rollout's scale down limit"))
        }
        return errors
    }

    /// An `intstr.IntOrString` field: its value for the zero test (`getIntOrPercentValue`) and its `%#v`.
    struct IntOrString {
        var json: JSON

        /// The number, a percentage's number, or nil when it is neither.
        var value: Int64? {
            if let n = json.intValue { return n }
            guard let s = json.stringValue else { return nil }
            return Int64(s.hasSuffix("%") ? String(s.dropLast()) : s)
        }

        var goSyntax: String {
            if let s = json.stringValue { return "intstr.IntOrString{Type:1, IntVal:0, StrVal:\(GoSyntax.quoted(s))}" }
            return "intstr.IntOrString{Type:0, IntVal:\(json.intValue ?? 0), StrVal:\"\"}"
        }
    }

    static func canary(_ canary: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        let present = { (key: String) -> JSON? in canary[key].flatMap { $0 == .null ? nil : $0 } }
        let surge = IntOrString(json: present("maxSurge") ?? "25%")
        let unavailable = IntOrString(json: present("maxUnavailable") ?? "25%")
        if surge.value == 0, unavailable.value == 0 {
            errors.append(.invalid("spec.strategy.maxSurge", .goSyntax(surge.goSyntax), "MaxSurge and MaxUnavailable both can not be zero"))
        }
        let canaryService = canary["canaryService"]?.stringValue ?? ""
        let stableService = canary["stableService"]?.stringValue ?? ""
        if !canaryService.isEmpty, canaryService == stableService {
            errors.append(.invalid("spec.strategy.stableService", .string(stableService),
                                   "This rollout uses the same service for the stable and canary services, but two different services are required."))
        }
        let routing = present("trafficRouting")
        let pingPong = present("pingPong")
        if let routing, needsBothServices(routing, pingPong: pingPong != nil) {
            let message = "Canary service and Stable service must to be set to use Traffic Routing"
            if stableService.isEmpty { errors.append(.invalid("spec.strategy.stableService", .string(""), message)) }
            if canaryService.isEmpty { errors.append(.invalid("spec.strategy.canaryService", .string(""), message)) }
        }
        if routing == nil {
            if let delay = canary["scaleDownDelaySeconds"]?.intValue {
                errors.append(.invalid("spec.strategy.scaleDownDelaySeconds", .int(delay), "Canary scaleDownDelaySeconds can only be used with traffic routing"))
            }
            if canary["dynamicStableScale"]?.boolValue == true {
                errors.append(.invalid("spec.strategy.dynamicStableScale", .bool(true), "Canary dynamicStableScale can only be used with traffic routing"))
            }
        }
        let maxWeight = routing?["maxTrafficWeight"]?.intValue ?? 100
        for (i, step) in (canary["steps"]?.arrayValue ?? []).enumerated() {
            errors += self.step(step, path: "spec.strategy.steps[\(i)]", routing: routing, maxWeight: maxWeight)
        }
        return errors
    }

    /// `requireCanaryStableServices`: the traffic routers that route between the two services.
    static func needsBothServices(_ routing: JSON, pingPong: Bool) -> Bool {
        let has = { (key: String) in routing[key].map { $0 != .null } ?? false }
        return (has("alb") && !pingPong) || (has("istio") && routing[path: ["istio", "destinationRule"]] == nil && !pingPong)
            || ["smi", "apisix", "ambassador", "nginx", "appMesh", "traefik"].contains(where: has)
    }

    static func step(_ step: JSON, path: String, routing: JSON?, maxWeight: Int64) -> [FieldError] {
        var errors: [FieldError] = []
        let has = { (key: String) in step[key].map { $0 != .null } ?? false }
        let message = "Step must have one of the following set: experiment, setWeight, setCanaryScale or pause"
        if ["setWeight", "pause", "experiment", "analysis", "plugin"].filter(has).count > 1 {
            errors.append(.invalid(path, .string("step.Experiment: \(has("experiment")) step.Pause: \(has("pause")) step.SetWeight: \(has("setWeight")) "
                                                 + "step.Analysis: \(has("analysis"))"), message))
        }
        let kinds = ["experiment", "pause", "setWeight", "analysis", "setCanaryScale", "setHeaderRoute", "setMirrorRoute"]
        if !(kinds + ["plugin"]).contains(where: has) {
            errors.append(.invalid(path, .string(zip(["Experiment", "Pause", "SetWeight", "Analysis", "SetCanaryScale", "SetHeaderRoute", "SetMirrorRoutes"], kinds)
                .map { "step.\($0): \(!has($1))" }.joined(separator: " ")), message))
        }
        if let weight = step["setWeight"]?.intValue, weight < 0 || weight > maxWeight {
            errors.append(.invalid(path + ".setWeight", .int(weight), "SetWeight needs to be between 0 and \(maxWeight)"))
        }
        if has("pause"), let seconds = pauseSeconds(step[path: ["pause", "duration"]]), seconds < 0 {
            errors.append(.invalid(path + ".pause.duration", .int(seconds), "Duration needs to be greater than 0"))
        }
        if has("setCanaryScale"), routing == nil {
            errors.append(.required("spec.strategy.trafficRouting", "SetCanaryScale requires TrafficRouting to be set"))
        }
        for (t, template) in (step[path: ["experiment", "templates"]]?.arrayValue ?? []).enumerated() {
            guard let weight = template["weight"]?.intValue else { continue }
            let at = path + ".experiment.templates[\(t)].weight"
            if routing == nil {
                errors.append(.invalid(at, .int(weight), "Experiment template weight cannot be set unless TrafficRouting is enabled"))
            } else if let routing, !["alb", "smi", "istio"].contains(where: { routing[$0].map { $0 != .null } ?? false }) {
                errors.append(.invalid(at, .int(weight), "Experiment template weight is only available for TrafficRouting with SMI, ALB, and Istio at this time"))
            }
        }
        return errors
    }

    /// `RolloutPause.DurationSeconds()`: the number, a whole-number string, a Go duration; -1 when unreadable; nil when absent.
    static func pauseSeconds(_ duration: JSON?) -> Int64? {
        guard let duration, duration != .null else { return nil }
        if let n = duration.intValue { return n }
        guard let s = duration.stringValue else { return -1 }
        if let n = Int64(s) { return n }
        return GoDuration(parsing: s).map { Int64($0.seconds) } ?? -1
    }

    // MARK: ValidateRolloutReferencedResources (Services)

    /// Each Service the rollout names that the file holds: every label of its selector must be
    /// the pod template's (the pod-template-hash label aside).
    static func referencedServices(_ rollout: JSON, services: [String: JSON]) -> [FieldError] {
        guard rollout[path: ["spec", "workloadRef"]] == nil else { return [] }
        let strategy = rollout[path: ["spec", "strategy"]] ?? .null
        let references: [(String, [String])] = [
            ("spec.strategy.blueGreen.activeService", ["blueGreen", "activeService"]),
            ("spec.strategy.blueGreen.previewService", ["blueGreen", "previewService"]),
            ("spec.strategy.canary.canaryService", ["canary", "canaryService"]),
            ("spec.strategy.canary.stableService", ["canary", "stableService"]),
            ("spec.strategy.canary.pingPong.pingService", ["canary", "pingPong", "pingService"]),
            ("spec.strategy.canary.pingPong.pongService", ["canary", "pingPong", "pongService"]),
        ]
        let podLabels = rollout[path: ["spec", "template", "metadata", "labels"]]
        var errors: [FieldError] = []
        for (path, keys) in references {
            guard let name = strategy[path: keys]?.stringValue, let service = services[name] else { continue }
            let selector = service[path: ["spec", "selector"]]?.objectValue.map { Array($0) } ?? []
            for (key, value) in selector.sorted(by: { $0.key < $1.key }) where key != Annotations.podTemplateHash {
                if podLabels?[key] == nil || podLabels?[key] != value {
                    errors.append(.invalid(path, .string(name), "Service \(GoSyntax.quoted(name)) has unmatch lable \(GoSyntax.quoted(key)) in rollout"))
                }
            }
        }
        return errors
    }
}

/// The fields a Rollout's strict decoder knows, for the structures rollscope checks (the object,
/// its spec, its strategy, the canary and blue-green strategies and the canary steps); what
/// lies below any other field is not checked.
struct Schema {
    var fields: [String: Schema?]

    /// The first field, in document order, that the structure does not have.
    func firstUnknownField(in value: JSON) -> String? {
        guard let object = value.objectValue else { return nil }
        for member in object {
            guard let child = fields[member.key] else { return member.key }
            if let child {
                if let items = member.value.arrayValue, child.isList {
                    for item in items { if let unknown = child.firstUnknownField(in: item) { return unknown } }
                } else if let unknown = child.firstUnknownField(in: member.value) {
                    return unknown
                }
            }
        }
        return nil
    }

    /// A schema for each element of a list (the canary steps).
    var isList = false

    static func leaves(_ names: [String]) -> [String: Schema?] { Dictionary(uniqueKeysWithValues: names.map { ($0, nil) }) }

    static let step = Schema(fields: leaves(["setWeight", "pause", "experiment", "analysis", "setCanaryScale", "setHeaderRoute",
                                             "setMirrorRoute", "plugin"]), isList: true)
    static let canary = Schema(fields: leaves(["canaryService", "stableService", "trafficRouting", "maxUnavailable", "maxSurge",
                                               "analysis", "antiAffinity", "canaryMetadata", "stableMetadata", "scaleDownDelaySeconds",
                                               "scaleDownDelayRevisionLimit", "abortScaleDownDelaySeconds", "dynamicStableScale",
                                               "pingPong", "minPodsPerReplicaSet", "replicaProgressThreshold"]).merging(["steps": step]) { $1 })
    static let blueGreen = Schema(fields: leaves(["activeService", "previewService", "previewReplicaCount", "autoPromotionEnabled",
                                                  "autoPromotionSeconds", "maxUnavailable", "scaleDownDelaySeconds",
                                                  "scaleDownDelayRevisionLimit", "abortScaleDownDelaySeconds", "antiAffinity",
                                                  "prePromotionAnalysis", "postPromotionAnalysis", "previewMetadata", "activeMetadata"]))
    static let strategy = Schema(fields: ["canary": canary, "blueGreen": blueGreen])
    static let spec = Schema(fields: leaves(["replicas", "selector", "template", "workloadRef", "minReadySeconds", "revisionHistoryLimit",
                                             "paused", "progressDeadlineSeconds", "progressDeadlineAbort", "restartAt", "analysis",
                                             "rollbackWindow"]).merging(["strategy": strategy]) { $1 })
    static let rollout = Schema(fields: leaves(["apiVersion", "kind", "metadata", "status"]).merging(["spec": spec]) { $1 })
}
