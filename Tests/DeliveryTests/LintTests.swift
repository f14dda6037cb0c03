import Foundation
import JSONValue
import Testing
@testable import Delivery

/// `lint`: the plugin's offline checks (`RolloutLint`), with upstream's exact words, on the
/// fixture Rollouts (complete ones pass; the invalid one fails exactly as its controller said)
/// and on a broken manifest per rule.
@Suite struct LintTests {
    static func lint(_ text: String) throws -> [String] {
        RolloutLint.check(try ManifestReader.documents(text, file: "test.yaml")).map(\.description)
    }

    /// A valid canary, with `spec` lines to add (`extra`) after `replicas:`, and `canary` lines after `canary:`.
    static func canary(spec extra: String = "", canary: String = "", steps: String = "- setWeight: 20\n        - pause: {}") -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: guestbook}
        spec:
          replicas: 2
        \(extra.isEmpty ? "" : "  " + extra + "\n")  selector: {matchLabels: {app: guestbook}}
          template:
            metadata: {labels: {app: guestbook}}
            spec: {containers: [{name: guestbook, image: "guestbook:1"}]}
          strategy:
            canary:
        \(canary.isEmpty ? "" : "      " + canary + "\n")      steps:
                \(steps)
        """
    }

    @Test func theFixtureRolloutsPass() throws {
        let testdata = Fixtures.argo.appendingPathComponent("info/testdata")
        var checked = 0
        for scenario in try FileManager.default.contentsOfDirectory(atPath: testdata.path) where scenario != "rollout-invalid" {
            let folder = testdata.appendingPathComponent(scenario)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
                let text = try Fixtures.text(folder.appendingPathComponent(file))
                guard text.contains("kind: Rollout\n") else { continue }
                #expect(try Self.lint(text) == [], "\(scenario)/\(file)")
                checked += 1
            }
        }
        #expect(checked >= 8)
        #expect(try Self.lint(Self.canary()) == [])
        let seed = try Fixtures.text(Fixtures.root.appendingPathComponent("seed/argo-rollouts-demo-workloadref.yaml"))
        #expect(try Self.lint(seed) == [], "a workloadRef Rollout needs no selector or template of its own")
    }

    @Test func theInvalidFixtureFailsAsItsControllerSaid() throws {
        let text = try Fixtures.text(Fixtures.argo.appendingPathComponent("info/testdata/rollout-invalid/rollout-invalid.yaml"))
        let findings = try Self.lint(text)
        #expect(findings == ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"doesnt-match\"}: `selector` does not match template `labels`"])
        // The controller's InvalidSpec condition quotes the same validation.
        #expect(text.replacingOccurrences(of: "\n      ", with: " ").contains(findings[0]))
    }

    @Test func upstreamTestExpectations() throws {
        // invalid.yml: maxSurge and maxUnavailable both 0, as YAML, JSON and the second of several documents.
        let zero = Self.canary(canary: "maxSurge: 0\n      maxUnavailable: 0")
        let message = "spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: MaxSurge and MaxUnavailable both can not be zero"
        #expect(try Self.lint(zero) == [message])
        #expect(try Self.lint("---\napiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\n" + zero) == [message])
        let json = String(decoding: try #require(try ManifestReader.documents(zero, file: "y").first).data, as: UTF8.self)
        #expect(try Self.lint(json) == [message])
        #expect(try Self.lint(Self.canary(canary: "maxSurge: \"0%\"\n      maxUnavailable: 0")) == [
            "spec.strategy.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: MaxSurge and MaxUnavailable both can not be zero"])
        // invalid-unknown-field.yml
        let unknown = Self.canary().replacingOccurrences(of: "    canary:\n", with: "    unknown-strategy: {}\n    canary:\n")
        #expect(try Self.lint(unknown) == ["error unmarshaling JSON: while decoding JSON: json: unknown field \"unknown-strategy\""])
        // invalid-service-labels.yml and invalid-ping-pong.yml
        let service = { (name: String, app: String) in "---\napiVersion: v1\nkind: Service\nmetadata: {name: \(name)}\nspec: {selector: {app: \(app)}}\n" }
        let routed = Self.canary(canary: "canaryService: istio-host-split-canary\n      stableService: istio-host-split-stable\n      trafficRouting: {istio: {virtualService: {name: vs}}}")
        #expect(try Self.lint(routed + "\n" + service("istio-host-split-canary", "other") + service("istio-host-split-stable", "guestbook")) == [
            "spec.strategy.canary.canaryService: Invalid value: \"istio-host-split-canary\": Service \"istio-host-split-canary\" has unmatch lable \"app\" in rollout"])
        let pingPong = Self.canary(canary: "pingPong: {pingService: ping-service, pongService: pong-service}\n      trafficRouting: {alb: {ingress: ing, rootService: root, servicePort: 80}}")
        #expect(try Self.lint(pingPong + "\n" + service("ping-service", "other") + service("pong-service", "guestbook")) == [
            "spec.strategy.canary.pingPong.pingService: Invalid value: \"ping-service\": Service \"ping-service\" has unmatch lable \"app\" in rollout"])
        // invalid-nginx-canary.yml
        let nginx = Self.canary(canary: "canaryService: c\n      stableService: s\n      trafficRouting: {nginx: {stableIngress: ing}}",
                                steps: "- setWeight: 20\n        - experiment: {templates: [{name: t, specRef: canary, weight: 20}]}")
        #expect(try Self.lint(nginx) == [
            "spec.strategy.steps[1].experiment.templates[0].weight: Invalid value: 20: Experiment template weight is only available for TrafficRouting with SMI, ALB, and Istio at this time"])
    }

    @Test(arguments: [
        (spec: "", canary: "", steps: "- setWeight: 120", "spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100"),
        ("", "", "- setWeight: -1", "spec.strategy.steps[0].setWeight: Invalid value: -1: SetWeight needs to be between 0 and 100"),
        ("", "trafficRouting: {maxTrafficWeight: 1000, smi: {}}\n      canaryService: c\n      stableService: s", "- setWeight: 1001",
         "spec.strategy.steps[0].setWeight: Invalid value: 1001: SetWeight needs to be between 0 and 1000"),
        ("", "", "- pause: {duration: -5}", "spec.strategy.steps[0].pause.duration: Invalid value: -5: Duration needs to be greater than 0"),
        ("", "", "- pause: {duration: soon}", "spec.strategy.steps[0].pause.duration: Invalid value: -1: Duration needs to be greater than 0"),
        ("", "", "- {setWeight: 10, pause: {}}",
         "spec.strategy.steps[0]: Invalid value: \"step.Experiment: false step.Pause: true step.SetWeight: true step.Analysis: false\": Step must have one of the following set: experiment, setWeight, setCanaryScale or pause"),
        ("", "", "- {}",
         "spec.strategy.steps[0]: Invalid value: \"step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoutes: true\": Step must have one of the following set: experiment, setWeight, setCanaryScale or pause"),
        ("", "", "- setCanaryScale: {replicas: 1}", "spec.strategy.trafficRouting: Required value: SetCanaryScale requires TrafficRouting to be set"),
        ("", "", "- experiment: {templates: [{name: t, specRef: canary, weight: 5}]}",
         "spec.strategy.steps[0].experiment.templates[0].weight: Invalid value: 5: Experiment template weight cannot be set unless TrafficRouting is enabled"),
        ("", "canaryService: same\n      stableService: same", "- pause: {}",
         "spec.strategy.stableService: Invalid value: \"same\": This rollout uses the same service for the stable and canary services, but two different services are required."),
        ("", "trafficRouting: {smi: {}}\n      canaryService: c", "- pause: {}",
         "spec.strategy.stableService: Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing"),
        ("", "scaleDownDelaySeconds: 30", "- pause: {}",
         "spec.strategy.scaleDownDelaySeconds: Invalid value: 30: Canary scaleDownDelaySeconds can only be used with traffic routing"),
        ("", "dynamicStableScale: true", "- pause: {}",
         "spec.strategy.dynamicStableScale: Invalid value: true: Canary dynamicStableScale can only be used with traffic routing"),
        ("replicas: -1", "", "- pause: {}", "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        ("minReadySeconds: -2", "", "- pause: {}", "spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0"),
        ("revisionHistoryLimit: -3", "", "- pause: {}", "spec.revisionHistoryLimit: Invalid value: -3: must be greater than or equal to 0"),
        ("minReadySeconds: 700", "", "- pause: {}", "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"),
    ] as [(spec: String, canary: String, steps: String, String)])
    func oneBrokenRulePerManifest(broken: (spec: String, canary: String, steps: String, String)) throws {
        // `replicas: -1` replaces the valid count rather than repeating the key.
        let text = Self.canary(spec: broken.spec.hasPrefix("replicas") ? "" : broken.spec, canary: broken.canary, steps: broken.steps)
            .replacingOccurrences(of: "replicas: 2", with: broken.spec.hasPrefix("replicas") ? broken.spec : "replicas: 2")
        #expect(try Self.lint(text) == [broken.3])
    }

    @Test func specAndStrategyRules() throws {
        let noSelector = Self.canary().replacingOccurrences(of: "  selector: {matchLabels: {app: guestbook}}\n", with: "")
        #expect(try Self.lint(noSelector) == ["spec.selector: Required value: Rollout has missing field '.spec.selector'"])
        let emptySelector = Self.canary().replacingOccurrences(of: "selector: {matchLabels: {app: guestbook}}", with: "selector: {matchLabels: {}}")
        #expect(try Self.lint(emptySelector) == [
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"])
        let noContainers = Self.canary().replacingOccurrences(of: "spec: {containers: [{name: guestbook, image: \"guestbook:1\"}]}", with: "spec: {containers: []}")
        #expect(try Self.lint(noContainers) == ["spec.template.spec.containers: Required value"])
        let both = Self.canary().replacingOccurrences(of: "    canary:\n", with: "    blueGreen: {activeService: a, previewService: b}\n    canary:\n")
        #expect(try Self.lint(both) == ["spec.strategy.strategy: Invalid value: \"blueGreen: true canary: true\": Multiple Strategies can not be listed"])
        let neither = Self.canary().components(separatedBy: "  strategy:")[0] + "  strategy: {}\n"
        #expect(try Self.lint(neither) == ["spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"])
        let blueGreen = { (bg: String) in Self.canary().components(separatedBy: "  strategy:")[0] + "  strategy:\n    blueGreen: {\(bg)}\n" }
        #expect(try Self.lint(blueGreen("activeService: a, previewService: b")) == [])
        #expect(try Self.lint(blueGreen("activeService: a, previewService: a")) == [
            "spec.strategy.activeService: Invalid value: \"a\": This rollout uses the same service for the active and preview services, but two different services are required."])
        #expect(try Self.lint(blueGreen("activeService: a, scaleDownDelayRevisionLimit: 11")) == [
            "spec.strategy.scaleDownDelayRevisionLimit: Invalid value: 11: This rollout's revision history limit can not be smaller than the rollout's scale down limit"])
        let withTemplate = try Fixtures.text(Fixtures.root.appendingPathComponent("seed/argo-rollouts-demo-workloadref.yaml"))
            .replacingOccurrences(of: "  workloadRef:", with: "  template: {metadata: {labels: {app: x}}}\n  workloadRef:")
        #expect(try Self.lint(withTemplate).contains("spec.template: Internal error: template must be empty for workload reference rollout"))
    }

    @Test func everyRolloutOfAFileIsChecked() throws {
        let first = Self.canary(steps: "- setWeight: 120")
        let second = Self.canary(steps: "- pause: {duration: -1}").replacingOccurrences(of: "name: guestbook}", with: "name: other}")
        #expect(try Self.lint(first + "\n---\n" + second) == [
            "spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100",
            "spec.strategy.steps[0].pause.duration: Invalid value: -1: Duration needs to be greater than 0",
        ])
    }

    @Test func goQuoting() {
        #expect(GoSyntax.quoted("a \"b\"\n\u{7}\u{1}é") == #""a \"b\"\n\a\x01é""#)
        #expect(FieldError.required("spec.x", "").description == "spec.x: Required value")
    }
}
