import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// A decoded Rollout keeps its pod template's text once, inside the object's (`verbatim`, what
/// `set image` sends back), not a second copy in `spec.template`: `templateRaw`, which `undo`
/// sends, reads it from there.
@Suite struct RolloutTemplateTextTests {
    static let template = #"{"metadata":{"labels":{"app":"r"}},"spec":{"containers":[{"name":"web","image":"web:1","tty":true}]}}"#
    static let text = #"{"kind":"Rollout","metadata":{"name":"r","resourceVersion":"7"},"spec":{"replicas":2,"template":"# + template + "}}"

    @Test(arguments: ["in place", "Foundation"])
    func aDecodedRolloutKeepsItsTemplateTextOnlyInItsOwn(decoder: String) throws {
        let data = Data(Self.text.utf8)
        let rollout = decoder == "in place" ? try ScanningJSONDecoder().decode(Rollout.self, from: data)
            : try JSONDecoder().decode(Rollout.self, from: data)
        #expect(rollout.spec.template?.raw == nil)
        #expect(rollout.spec.template?.images == ["web:1"])
        #expect(rollout.templateRaw == (try JSON(parsing: Data(Self.template.utf8))))
        #expect(rollout.verbatim?.value == (try JSON(parsing: data)))
    }

    @Test func aRolloutBuiltInCodeReadsTheTemplateItWasGiven() throws {
        let template = try JSON(parsing: Data(Self.template.utf8))
        let rollout = Rollout(metadata: ObjectMeta(name: "r"), spec: RolloutSpec(template: PodTemplateSpec(raw: template)))
        #expect(rollout.verbatim == nil)
        #expect(rollout.templateRaw == template)
        #expect(Rollout(metadata: ObjectMeta(name: "r")).templateRaw == nil)
    }
}
