import Foundation
import Testing
@testable import JSONValue

@Suite struct PartialJSONObjectTests {
    static let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i:1","ports":[{"containerPort":8080}]}],"priority":0,"note":"q\"uo}te"},"status":{"phase":"Running","ratio":0.25}}"#

    @Test func decodesOnlyTheAskedMembers() throws {
        let p = try PartialJSONObject(text: Array(Self.pod.utf8), decoding: .only(["metadata", "status"]))
        #expect(p.json.objectValue?.keys == ["apiVersion", "kind", "metadata", "spec", "status"])
        #expect(p.json["spec"] == .null)
        #expect(p.json["kind"] == .null)
        #expect(p.json[path: ["metadata", "labels", "app"]] == "x")
        #expect(p.json[path: ["status", "ratio"]]?.doubleValue == 0.25)
        #expect(p.serialized(p.json) == Array(Self.pod.utf8))
    }

    /// An edit of the decoded members gives the bytes the whole object would: changed in place,
    /// removed, added last, a kept member's text copied.
    @Test func splicedEditsMatchTheWholeObject() throws {
        let text = Array(Self.pod.utf8)
        let edits: [(Set<String>, (inout JSON) -> Void)] = [
            (["status"], { $0["status"] = ["phase": "Failed", "reason": "Evicted"] }),
            (["metadata"], { $0[path: ["metadata", "resourceVersion"]] = "42" }),
            (["status"], { $0["status"] = nil }),
            (["extra"], { $0["extra"] = [1, 2.5, "x"] }),
            (["kind", "apiVersion"], { $0["kind"] = nil; $0["apiVersion"] = "v2"; $0["kind"] = "Pod" }),
            (["spec"], { $0[path: ["spec", "priority"]] = 5 }),
        ]
        for (keys, edit) in edits {
            var whole = try JSON(parsing: text)
            edit(&whole)
            let partial = try PartialJSONObject(text: text, decoding: .only(keys))
            var edited = partial.json
            edit(&edited)
            #expect(partial.serialized(edited) == whole.serialized(), "\(keys)")
        }
    }

    /// The kept members are not re-encoded: text that is not `serialized()`'s own (spaces, `1.0`)
    /// comes back as written, where a whole decode would rewrite it.
    @Test func keptMembersAreCopiedNotReencoded() throws {
        let text = Array(#"{"spec": { "replicas" : 1.0, "x": [ 1 ,2 ] } ,"status":{"phase":"A"}}"#.utf8)
        let partial = try PartialJSONObject(text: text, decoding: .only(["status"]))
        var edited = partial.json
        edited["status"] = ["phase": "B"]
        #expect(String(decoding: partial.serialized(edited), as: UTF8.self) == #"{"spec":{ "replicas" : 1.0, "x": [ 1 ,2 ] },"status":{"phase":"B"}}"#)
        #expect(try JSON(parsing: text).text == #"{"spec":{"replicas":1,"x":[1,2]},"status":{"phase":"A"}}"#)
    }

    @Test func repeatedKeysKeepTheFirstPlaceAndTheLastValue() throws {
        let text = Array(#"{"a":1,"b":{"x":1},"a":2,"b":{"y":2}}"#.utf8)
        for members in [PartialJSONObject.Members.all, .only(["a"]), .only([])] {
            let partial = try PartialJSONObject(text: text, decoding: members)
            #expect(partial.serialized(partial.json) == Array(#"{"a":2,"b":{"y":2}}"#.utf8))
        }
    }

    @Test(arguments: ["", "[1]", "{\"a\":1", "{\"a\":1}x", "{\"a\" 1}", "{\"a\":[1}", "{\"a\":1,}"])
    func rejectsWhatIsNotAnObject(_ text: String) {
        #expect(throws: JSONParseError.self) { try PartialJSONObject(text: Array(text.utf8), decoding: .only(["b"])) }
    }
}
