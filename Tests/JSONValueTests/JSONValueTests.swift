import Foundation
import Testing
@testable import JSONValue

@Suite struct JSONParsingTests {
    @Test func roundTripsKeepingMemberOrderAndUnknownFields() throws {
        let text = #"{"z":1,"a":{"y":[1,2.5,"x",true,null],"b":false},"m":"\u00e9\n\"q\""}"#
        let v = try JSON(parsing: text)
        #expect(v.text == #"{"z":1,"a":{"y":[1,2.5,"x",true,null],"b":false},"m":"é\n\"q\""}"#)
        #expect(v["a"]?["y"]?[1]?.doubleValue == 2.5)
        #expect(v[path: ["a", "b"]]?.boolValue == false)
    }

    @Test func keepsLargeIntegersExact() throws {
        let v = try JSON(parsing: #"{"rv":9007199254740993}"#)
        #expect(v["rv"]?.intValue == 9_007_199_254_740_993)
        #expect(v.text == #"{"rv":9007199254740993}"#)
    }

    @Test func decodesSurrogatePairs() throws {
        let v = try JSON(parsing: #""\ud83d\ude80 ✔""#)
        #expect(v.stringValue == "🚀 ✔")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":}", "tru", "01", "1.", "\"abc", "{\"a\":1}x", "[\"\u{01}\"]", "-", "1e310", "-1e999"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON(parsing: text) }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSON(parsing: deep) }
    }

    @Test func escapesControlCharacters() {
        let v: JSON = ["k": .string("a\u{01}b\tc")]
        #expect(v.text == #"{"k":"a\u0001b\tc"}"#)
    }

    /// Strings are copied a run of plain bytes at a time: escapes at either end, side by side and
    /// between multi-byte characters come out as one by one did, and read back the same.
    @Test(arguments: [
        ("", #""""#), ("plain", #""plain""#), ("\"", #""\"""#), ("\\\"", #""\\\"""#),
        ("\nné\r", #""\nné\r""#), ("ü\u{1F}\u{7}ß\t", #""ü\u001f\u0007ß\t""#), ("a\\b\"c", #""a\\b\"c""#),
        ("日本\n語", #""日本\n語""#),
    ])
    func writesStringsWithTheirEscapes(_ text: String, _ expected: String) throws {
        #expect(JSON.string(text).text == expected)
        #expect(try JSON(parsing: expected) == .string(text))
    }

    @Test func equalityIgnoresMemberOrderAndNumberForm() throws {
        #expect(try JSON(parsing: #"{"a":1,"b":2}"#) == JSON(parsing: #"{"b":2.0,"a":1}"#))
        #expect(try JSON(parsing: #"[1,2]"#) != JSON(parsing: #"[2,1]"#))
    }

    @Test func setsNestedPaths() {
        var v: JSON = [:]
        v[path: ["metadata", "labels", "app"]] = "x"
        v[path: ["metadata", "name"]] = "n"
        #expect(v.text == #"{"metadata":{"labels":{"app":"x"},"name":"n"}}"#)
        v[path: ["metadata", "labels"]] = nil
        #expect(v.text == #"{"metadata":{"name":"n"}}"#)
    }
}

@Suite struct PatchTests {
    @Test func mergePatchFollowsRFC7386() throws {
        let doc = try JSON(parsing: #"{"a":"b","c":{"d":"e","f":"g"},"l":[1,2]}"#)
        let patch = try JSON(parsing: #"{"a":"z","c":{"f":null},"l":[3],"n":{"x":1}}"#)
        #expect(doc.applyingMergePatch(patch).text == #"{"a":"z","c":{"d":"e"},"l":[3],"n":{"x":1}}"#)
    }

    @Test func jsonPatchAppliesEveryOperation() throws {
        let doc = try JSON(parsing: #"{"spec":{"paused":true,"steps":[{"a":1},{"b":2}]},"status":{"x":1}}"#)
        let patch = try JSON(parsing: #"""
        [{"op":"test","path":"/spec/paused","value":true},
         {"op":"replace","path":"/spec/paused","value":false},
         {"op":"add","path":"/spec/steps/1","value":{"c":3}},
         {"op":"add","path":"/spec/steps/-","value":{"d":4}},
         {"op":"remove","path":"/spec/steps/0"},
         {"op":"copy","from":"/status/x","path":"/spec/x"},
         {"op":"move","from":"/status","path":"/moved"},
         {"op":"add","path":"/a~1b","value":"slash"}]
        """#)
        let out = try doc.applyingJSONPatch(patch)
        #expect(out.text == #"{"spec":{"paused":false,"steps":[{"c":3},{"b":2},{"d":4}],"x":1},"moved":{"x":1},"a/b":"slash"}"#)
    }

    @Test func jsonPatchFailuresLeaveNothingApplied() throws {
        let doc = try JSON(parsing: #"{"a":1}"#)
        #expect(throws: JSONPatchError.self) { try doc.applyingJSONPatch(try JSON(parsing: #"[{"op":"test","path":"/a","value":2}]"#)) }
        #expect(throws: JSONPatchError.self) { try doc.applyingJSONPatch(try JSON(parsing: #"[{"op":"replace","path":"/b","value":2}]"#)) }
        #expect(throws: JSONPatchError.self) { try doc.applyingJSONPatch(try JSON(parsing: #"[{"op":"remove","path":"/x/y"}]"#)) }
        #expect(throws: JSONPatchError.self) { try doc.applyingJSONPatch(try JSON(parsing: #"{"op":"add"}"#)) }
    }

    @Test func strategicMergeMergesContainersByName() throws {
        let doc = try JSON(parsing: #"{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}"#)
        let patch = try JSON(parsing: #"{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"t"}},"spec":{"containers":[{"name":"b","image":"b:2"},{"name":"c","image":"c:1"}]}}}}"#)
        let out = doc.applyingStrategicMergePatch(patch)
        #expect(out[path: ["spec", "template", "spec", "containers"]]?.text == #"[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"},{"name":"c","image":"c:1"}]"#)
        #expect(out[path: ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"]] == "t")
        let delete = try JSON(parsing: #"{"spec":{"template":{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}}}"#)
        #expect(out.applyingStrategicMergePatch(delete)[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.count == 2)
    }
}
