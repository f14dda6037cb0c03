import Benchmarks
import Foundation
import JSONValue
import KubeModel
import Testing
@testable import Kube

/// Any JSON value, decoded through keyed (allKeys), unkeyed and single-value containers: decoding
/// it with both decoders and comparing checks the scanning decoder against Foundation's.
indirect enum AnyJSON: Decodable, Equatable {
    case object([String: AnyJSON]), array([AnyJSON]), string(String), int(Int64), double(Double), bool(Bool), null

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var members: [String: AnyJSON] = [:]
            for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(AnyJSON.self, forKey: key) }
            self = .object(members)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [AnyJSON] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(AnyJSON.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let b = try? single.decode(Bool.self) { self = .bool(b) }
            else if let i = try? single.decode(Int64.self) { self = .int(i) }
            else if let d = try? single.decode(Double.self) { self = .double(d) }
            else { self = .string(try single.decode(String.self)) }
        }
    }
}

@Suite struct ScanningJSONDecoderTests {
    static let samples: [String] = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":-12.5e3,"g":[],"h":{}}"#,
        "  {\n \"spaced\" : [ 1 , 2 ,\t3 ] ,\r\n \"x\" : { } }  ",
        #"{"esc":"quote \" backslash \\ slash \/ nl \n tab \t uni \u00e9 pair \ud83d\ude00 end\\"}"#,
        #"{"key \"with\" quotes":"v","k\u0065y":"escaped key","big":9223372036854775807,"neg":-9223372036854775808}"#,
        #"[[[[[]]]],{"deep":{"deeper":{"deepest":["x"]}}},"café ✔ 日本"]"#,
        #"{"labels":{"app":"web","a/b.c":"d"},"annotations":{},"n":0,"z":1.0}"#,
        #""just a string""#, "42", "null", "true",
    ]

    @Test(arguments: samples)
    func agreesWithFoundation(_ text: String) throws {
        let data = Data(text.utf8)
        let expected = try JSONDecoder().decode(AnyJSON.self, from: data)
        #expect(try ScanningJSONDecoder().decode(AnyJSON.self, from: data) == expected)
    }

    @Test func theUpstreamFixtureAgreesWithFoundation() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/flagger/fragments/webhook-payload.json")
        let data = try Data(contentsOf: file)
        #expect(try ScanningJSONDecoder().decode(AnyJSON.self, from: data) == (try JSONDecoder().decode(AnyJSON.self, from: data)))
    }

    @Test func typedPodsMatchFoundationsDecoding() throws {
        let list = KubeBenchmarks.podList(range: 0..<50)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let ours = try ScanningJSONDecoder().decode(ObjectList<KubeBenchmarks.BenchPod>.self, from: list)
        let theirs = try JSONDecoder().decode(ObjectList<KubeBenchmarks.BenchPod>.self, from: list)
        #expect(ours.items.count == 50)
        #expect(ours.metadata == theirs.metadata)
        #expect(try encoder.encode(ours.items) == (try encoder.encode(theirs.items)))
        #expect(ours.items[7].metadata.creationTimestamp == theirs.items[7].metadata.creationTimestamp)
        #expect(ours.items[7].metadata.ownerReferences?.first?.controller == true)
    }

    @Test func unknownFieldsAreIgnoredAndMissingOptionalsTolerated() throws {
        let pod = try ScanningJSONDecoder().decode(TestPod.self, from: Data(#"{"extra":{"a":[1,{"b":"}"}]},"metadata":{"name":"p"}}"#.utf8))
        #expect(pod.metadata.name == "p")
        #expect(pod.status == nil)
    }

    struct Strict: Decodable {
        var name: String
        var count: Int8
    }

    @Test func errorsAreTheOnesFoundationGives() {
        func error(_ text: String) -> DecodingError? {
            do {
                _ = try ScanningJSONDecoder().decode(Strict.self, from: Data(text.utf8))
                return nil
            } catch { return error as? DecodingError }
        }
        guard case .keyNotFound(let key, _) = error(#"{"count":1}"#) else { Issue.record("no keyNotFound"); return }
        #expect(key.stringValue == "name")
        guard case .typeMismatch(_, let ctx) = error(#"{"name":5,"count":1}"#) else { Issue.record("no typeMismatch"); return }
        #expect(ctx.codingPath.map(\.stringValue) == ["name"])
        guard case .valueNotFound = error(#"{"name":null,"count":1}"#) else { Issue.record("no valueNotFound"); return }
        guard case .dataCorrupted = error(#"{"name":"x","count":300}"#) else { Issue.record("no overflow error"); return }
        guard case .dataCorrupted = error(#"{"name":"x","count":1"#) else { Issue.record("truncated accepted"); return }
        guard case .dataCorrupted = error(#"{"name":"x","count":1} trailing"#) else { Issue.record("trailing text accepted"); return }
        guard case .dataCorrupted = error(#"{"name":"unterminated}"#) else { Issue.record("unterminated string accepted"); return }
    }

    @Test func aTruncatedWatchLineIsRejectedEvenWhenEveryFieldWasRead() {
        #expect(throws: KubeError.self) { try WatchEvent<TestPod>.decode(Data(#"{"type":"ADDED","object":{"metadata":{"name":"x"}}"#.utf8)) }
    }
}
