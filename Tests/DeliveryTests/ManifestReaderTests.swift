import Foundation
import KubeModel
import Testing
import Yams
@testable import Delivery

@Suite struct ManifestReaderTests {
    @Test func readsMultiDocumentYAMLSkippingUnknownKinds() throws {
        let text = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: ignored}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: a, namespace: ns}
        spec: {replicas: 3}
        ---
        ---
        kind: Pod
        metadata: {name: p}
        """
        let set = try ManifestReader.read(text, file: "dump.yaml")
        #expect(set.rollouts.map(\.metadata.name) == ["a"])
        #expect(set.rollouts[0].spec.replicas == 3)
        #expect(set.pods.map(\.metadata.name) == ["p"])
    }

    @Test func readsKubectlListAndTypedListsInJSON() throws {
        let json = """
        {"apiVersion":"v1","kind":"List","items":[
          {"kind":"Rollout","metadata":{"name":"r1","namespace":"x"},"status":{"observedGeneration":"4"}},
          {"kind":"Service","metadata":{"name":"s"}}]}
        """
        let set = try ManifestReader.read(json, file: "list.json")
        #expect(set.rollouts.map(\.metadata.name) == ["r1"])
        #expect(set.rollouts[0].status.observedGeneration?.int == 4)

        let typed = """
        kind: ReplicaSetList
        items:
        - metadata: {name: rs1}
          status: {replicas: 2}
        """
        let rs = try ManifestReader.read(typed, file: "rs.yaml")
        #expect(rs.replicaSets.map(\.metadata.name) == ["rs1"])
        #expect(rs.replicaSets[0].status.replicas == 2)
    }

    @Test func syntaxErrorNamesFileDocumentAndLine() {
        let text = "kind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: [unclosed\n"
        #expect {
            _ = try ManifestReader.read(text, file: "bad.yaml")
        } throws: { error in
            guard let e = error as? ManifestError else { return false }
            return e.file == "bad.yaml" && e.document == 2 && e.line != nil && e.description.hasPrefix("bad.yaml: document 2, line ")
        }
    }

    @Test func typeErrorNamesTheFieldAndItsLine() {
        let text = "kind: Rollout\nmetadata:\n  name: r\nspec:\n  replicas: lots\n"
        #expect {
            _ = try ManifestReader.read(text, file: "r.yaml")
        } throws: { error in
            guard let e = error as? ManifestError else { return false }
            return e.document == 1 && e.line == 5 && e.reason.contains("spec.replicas")
        }
    }

    /// YAML is converted to JSON as kubectl converts it (resolved scalars, mapping order kept), and
    /// the pod template kept for `undo` is the document's, member for member.
    @Test func yamlAndJSONKeepTheTemplateAsWritten() throws {
        let yaml = """
        kind: Rollout
        metadata:
          name: r
          creationTimestamp: 2019-10-25T06:07:18Z
        spec:
          replicas: 2
          template:
            spec:
              terminationGracePeriodSeconds: 9223372036854775807
              containers:
              - name: web
                image: "1.0"
                tty: yes
                args: [~, 1.5, "2"]
        """
        let template = #"{"spec":{"terminationGracePeriodSeconds":9223372036854775807,"containers":[{"name":"web","image":"1.0","tty":true,"args":[null,1.5,"2"]}]}}"#
        let fromYAML = try #require(try ManifestReader.read(yaml, file: "r.yaml").rollouts.first)
        #expect(fromYAML.metadata.creationTimestamp == KubeTime(rfc3339: "2019-10-25T06:07:18Z"))
        #expect(fromYAML.templateRaw?.text == template)
        #expect(fromYAML.spec.template?.images == ["1.0"])
        let json = #"{"kind":"Rollout","metadata":{"name":"r"},"spec":{"replicas":2,"template":"# + template + "}}"
        let fromJSON = try #require(try ManifestReader.read(json, file: "r.json").rollouts.first)
        #expect(fromJSON.templateRaw?.text == template)
        #expect(fromJSON.spec.template == fromYAML.spec.template)
    }

    @Test func decodesTheSameObjectFromJSONAndYAML() throws {
        let json = #"{"metadata":{"name":"c"},"spec":{"analysis":{"iterations":10,"analysis":null,"webhooks":[{"type":"rollback","url":"http://l.ns/rollback/check"}]}}}"#
        let fromJSON = try JSONDecoder().decode(Canary.self, from: Data(json.utf8))
        let fromYAML = try YAMLDecoder().decode(Canary.self, from: json)
        #expect(fromJSON == fromYAML)
        #expect(fromJSON.webhooks.first?.type == "rollback")
    }
}

/// The JSON fast path reads what the YAML path reads.
@Suite struct ManifestJSONPathTests {
    @Test func jsonDumpMatchesYAMLReading() throws {
        let yaml = try Fixtures.scenario("canary")
        let items = try yaml.rollouts.map { try JSONEncoder().encode($0) } + yaml.replicaSets.map { try JSONEncoder().encode($0) }
            + yaml.pods.map { try JSONEncoder().encode($0) }
        let list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + items.map { String(decoding: $0, as: UTF8.self) }
            .map { "{\"kind\":\"\(kindOf($0, yaml))\"," + $0.dropFirst() }.joined(separator: ",") + "]}"
        let fast = try #require(ManifestReader.readJSON(Data(list.utf8)))
        let slow = try ManifestReader.readYAML(list, file: "list.json")
        #expect(fast == slow)
        #expect(fast.rollouts.count == yaml.rollouts.count)
        #expect(fast.pods.count == yaml.pods.count)
        #expect(fast.rollouts.map(\.status) == yaml.rollouts.map(\.status))
    }

    /// The kind of an encoded object of the canary scenario, by which array it came from.
    func kindOf(_ json: String, _ set: ObjectSet) -> String {
        if json.contains("\"strategy\"") { return "Rollout" }
        return json.contains("\"containers\"") && !json.contains("\"template\"") ? "Pod" : "ReplicaSet"
    }

    @Test func badJSONGetsTheYAMLErrorWithALine() {
        #expect {
            _ = try ManifestReader.read("{\"kind\": \"Pod\",\n \"metadata\": {\"name\": \"a\"]\n}", file: "bad.json")
        } throws: { error in
            guard let e = error as? ManifestError else { return false }
            return e.file == "bad.json" && e.document == 1 && e.line == 2
        }
    }
}

/// When a dump was taken: its newest timestamp, else the file's time.
@Suite struct DumpTimeTests {
    @Test func theNewestTimestampInTheDumpElseTheFilesTime() {
        let text = """
        metadata:
          creationTimestamp: "2019-10-25T06:07:18Z"
        status:
          conditions:
          - lastUpdateTime: "2019-10-28T04:52:55Z"
          - lastUpdateTime: 2019-10-27T01:00:00.5+02:00
        """
        let modified = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(DumpTime.of([(text, modified)], now: Date()) == DumpTime(date: KubeTime.parse("2019-10-28T04:52:55Z")!, basis: .newestTimestamp))
        #expect(DumpTime.of([("kind: Rollout", modified), ("kind: Pod", nil)], now: Date()) == DumpTime(date: modified, basis: .fileTime))
    }
}
