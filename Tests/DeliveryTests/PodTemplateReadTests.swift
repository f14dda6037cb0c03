import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Delivery

/// A pod template decoded in place keeps its text and reads its typed fields from it when asked
/// (a list's rows never ask): the same fields, equality and hash as a template decoded whole, and
/// a template whose fields do not read leaves its object readable.
@Suite struct PodTemplateReadTests {
    static func replicaSet(template: String) -> String {
        #"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-aaa","namespace":"shop"},"spec":{"replicas":1,"template":\#(template)},"status":{"replicas":1}}"#
    }

    static let template = #"{"metadata":{"labels":{"app":"web"},"annotations":{"a":"b"}},"spec":{"containers":[{"name":"web","image":"web:2","ports":[{"containerPort":8080}]}],"initContainers":[{"name":"init","image":"init:1","restartPolicy":"Always"}],"nodeName":"n1"}}"#

    @Test func aTemplateReadWhenAskedIsTheTemplateDecodedWhole() throws {
        let data = Data(Self.replicaSet(template: Self.template).utf8)
        let inPlace = try ScanningJSONDecoder().decode(ReplicaSet.self, from: data)
        let whole = try JSONDecoder().decode(ReplicaSet.self, from: data)
        let read = try #require(inPlace.spec.template)
        let decoded = try #require(whole.spec.template)
        #expect(read.metadata == TemplateMeta(labels: ["app": "web"], annotations: ["a": "b"]))
        #expect(read.spec == PodSpec(containers: [Container(name: "web", image: "web:2")],
                                     initContainers: [Container(name: "init", image: "init:1", restartPolicy: "Always")], nodeName: "n1"))
        #expect(read.images == ["web:2"])
        #expect(read == decoded && read.hashValue == decoded.hashValue)
        #expect(read.raw == (try JSON(parsing: Data(Self.template.utf8))))
        // Set, a field replaces the text's; the other is read from the text, and `raw` stays.
        var changed = read
        changed.spec = PodSpec(containers: [Container(name: "web", image: "web:3")])
        #expect(changed.images == ["web:3"] && changed.metadata?.labels == ["app": "web"] && changed.raw == read.raw)
        #expect(changed != read)
        // A Rollout's template reads from the Rollout's own text.
        let rollout = try ScanningJSONDecoder().decode(Rollout.self, from: Data(#"{"kind":"Rollout","metadata":{"name":"web"},"spec":{"template":\#(Self.template)}}"#.utf8))
        #expect(rollout.spec.template?.raw == nil && rollout.spec.template?.spec == read.spec && rollout.spec.template?.metadata == read.metadata)
    }

    /// Decoded in place, an object's template is not read at decode: a template the typed view
    /// cannot read (a field of another type) leaves the object readable, its fields empty.
    @Test func aTemplateIsNotReadWhenItsObjectIsDecoded() throws {
        let odd = #"{"metadata":{"labels":{"app":"web"}},"spec":{"containers":"web"}}"#
        let replicaSet = try ScanningJSONDecoder().decode(ReplicaSet.self, from: Data(Self.replicaSet(template: odd).utf8))
        #expect(replicaSet.spec.replicas == 1)
        #expect(replicaSet.spec.template?.spec == nil && replicaSet.spec.template?.images == [])
        #expect(replicaSet.spec.template?.raw == (try JSON(parsing: Data(odd.utf8))), "sent back as it came")
    }
}
