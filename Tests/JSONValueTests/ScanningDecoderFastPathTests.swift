import Foundation
import Testing
import JSONValue

/// The in-place decoder's shortcuts give what the long way gave: keys compared as bytes, optional
/// primitives read in one lookup, an array element's text taken where the array found it ends.
@Suite struct ScanningDecoderFastPathTests {
    struct Named: Decodable, Equatable {
        var name: String
        var count: Int
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try ScanningJSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A key written with escapes is its text: written as long as the name (bytes compared), or
    /// longer (read as text), it matches; a longer plain key does not.
    @Test(arguments: [#"{"n\u0061me":"x","count":1}"#, #"{"\u006e\u0061\u006d\u0065":"x","count":1}"#,
                      #"{"names":"y","nam\u0065":"x","count":1}"#, #"{"na\/me":"y","name":"x","count":1}"#])
    func aKeyWrittenWithEscapesIsItsText(_ text: String) throws {
        #expect(try decode(Named.self, text) == Named(name: "x", count: 1))
        #expect(try JSONDecoder().decode(Named.self, from: Data(text.utf8)) == Named(name: "x", count: 1))
    }

    struct Backslashed: Decodable {
        var value: String?
        enum CodingKeys: String, CodingKey { case value = #"a\u0041"# }
    }

    /// Bytes alike are not the same key when the written one holds an escape: `"a\u0041"` is the
    /// key `aA`, not the name `a\u0041` (six characters, a backslash among them).
    @Test func bytesAlikeAreNotTheSameKeyWhenTheyHoldAnEscape() throws {
        #expect(try decode(Backslashed.self, #"{"a\u0041":"escaped"}"#).value == nil)
        #expect(try decode(Backslashed.self, #"{"a\u0041":"escaped","a\\u0041":"literal"}"#).value == "literal")
        #expect(try JSONDecoder().decode(Backslashed.self, from: Data(#"{"a\u0041":"escaped"}"#.utf8)).value == nil)
    }

    struct Optionals: Decodable, Equatable {
        var s: String?
        var b: Bool?
        var i: Int32?
        var u: UInt8?
        var d: Double?
        var f: Float?
        var after: String?
    }

    /// Optional primitives: absent and null are nil, values are read, and the wrong type or a
    /// number out of range is the error it was, with its path.
    @Test func optionalPrimitivesReadAsBefore() throws {
        let full = try decode(Optionals.self, #"{"after":"z","f":0.5,"d":-2e3,"u":255,"i":-7,"b":false,"s":"t\u00e9"}"#)
        #expect(full == Optionals(s: "té", b: false, i: -7, u: 255, d: -2000, f: 0.5, after: "z"))
        #expect(try decode(Optionals.self, #"{"s":null,"b":null,"i":null,"after":"z"}"#) == Optionals(after: "z"))
        #expect(try decode(Optionals.self, "{}") == Optionals())
        do {
            _ = try decode(Optionals.self, #"{"s":"x","i":"7"}"#)
            Issue.record("a string read as Int32")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["i"])
        }
        do {
            _ = try decode(Optionals.self, #"{"u":256}"#)
            Issue.record("256 read as UInt8")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["u"])
        }
    }

    struct Element: Decodable {
        var name: String?
        var kept: RawJSON
        enum CodingKeys: String, CodingKey { case name }
        init(from decoder: any Decoder) throws {
            name = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .name)
            kept = try RawJSON(from: decoder)
        }
    }

    /// An element's text is exactly its value's, from where the array found it ends: no space or
    /// comma after it, nested containers and strings holding brackets whole.
    @Test func anArrayElementKeepsExactlyItsText() throws {
        let text = #"[ {"name":"a","x":[1,{"y":"]}"}]} ,{"skip":{"deep":[[]]},"name":"b"}\#t,"s\"]",[ ] ]"#
        struct Loose: Decodable {
            var kept: RawJSON
            init(from decoder: any Decoder) throws { kept = try RawJSON(from: decoder) }
        }
        let elements = try decode([Loose].self, text).map { String(decoding: $0.kept.text ?? [], as: UTF8.self) }
        #expect(elements == [#"{"name":"a","x":[1,{"y":"]}"}]}"#, #"{"skip":{"deep":[[]]},"name":"b"}"#, #""s\"]""#, "[ ]"])
        let typed = try decode([Element].self, #"[{"skip":{"deep":[[]]},"name":"b"} ]"#)
        #expect(typed.first?.name == "b")
        #expect(typed.first?.kept.text.map { String(decoding: $0, as: UTF8.self) } == #"{"skip":{"deep":[[]]},"name":"b"}"#)
    }

    /// Malformed text is still refused wherever it sits: after the members a type reads, inside
    /// an element whose text is kept, in a skipped container.
    @Test(arguments: [#"[{"name":"a","count":1,"tail":[}]"#, #"[{"name":"a","count":1} {"name":"b","count":2}]"#,
                      #"[{"name":"a","count":1,"skip":{"x":"unterminated}]"#, #"[{"name":"a","count":1}],"#])
    func malformedTextIsStillRefused(_ text: String) {
        #expect(throws: DecodingError.self) { try decode([Named].self, text) }
        #expect(throws: DecodingError.self) { try decode([Element].self, text) }
    }

    /// Strings are scanned eight bytes at a time: a quote, a backslash or a control character at
    /// any offset of a word (and past the last whole word) is found where it is.
    @Test func everyOffsetOfAWordIsLookedAt() throws {
        for n in 0..<20 {
            let plain = String(repeating: "a", count: n)
            #expect(try decode(Named.self, #"{"name":"\#(plain)","count":\#(n)}"#) == Named(name: plain, count: n))
            #expect(try decode(Named.self, #"{"name":"\#(plain)\"\\é\u00e9","count":1}"#).name == plain + "\"\\éé")
            #expect(try decode([String].self, #"["\#(plain)\"]", "\\"]"#) == [plain + "\"]", "\\"])
            #expect(throws: DecodingError.self) { try decode(Named.self, "{\"name\":\"\(plain)\u{1F}b\",\"count\":1}") }
            #expect(throws: DecodingError.self) { try decode(Named.self, #"{"name":"\#(plain)\"# + "\"") }
        }
    }

    struct AfterSkipped: Decodable, Equatable {
        var name: String
        var tail: [Int]
    }

    /// Members after long skipped containers (their ends recorded by the document's check), some
    /// nested deeper than ends are recorded, holding brackets and escaped quotes in strings.
    @Test func aValueAfterLongSkippedContainersIsFound() throws {
        let long = #"{"a":"]]]}}}{{{[[[","b":[{"c":"\"}\\"},{"d":[1,2,3,4,5,6,7,8,9]}],"e":{"f":{"g":"h"}}}"#
        let deep = String(repeating: #"{"x":["#, count: 40) + #""long enough to be recorded, deep inside""# + String(repeating: "]}", count: 40)
        let text = #"{"skip":\#(long),"deep":\#(deep),"name":"x","more":[\#(long),\#(deep)],"tail":[1,2]}"#
        #expect(try decode(AfterSkipped.self, text) == AfterSkipped(name: "x", tail: [1, 2]))
        #expect(try decode([AfterSkipped].self, "[\(text),\(text)]") == [AfterSkipped(name: "x", tail: [1, 2]), AfterSkipped(name: "x", tail: [1, 2])])
        #expect(try decode(JSON.self, text) == (try JSON(parsing: text)))
    }
}

/// Lookups resume after the member last found: each key is found whatever order it is asked for
/// in, the same key twice, and one that is absent; a repeated key gives its first member when
/// the keys are asked for in order, as the search from the start did.
@Suite struct ScanningDecoderLookupOrderTests {
    /// Reads `a`, `c`, `b`, `a` again, `z` (absent), then `c` again: lookups ahead of, behind and
    /// at the member last found.
    struct Wandering: Decodable, Equatable {
        var values: [String?]
        init(values: [String?]) { self.values = values }
        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: AnyKey.self)
            values = try ["a", "c", "b", "a", "z", "c"].map { try object.decodeIfPresent(String.self, forKey: AnyKey(stringValue: $0)) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    @Test(arguments: [#"{"a":"1","b":"2","c":"3"}"#, #"{"c":"3","b":"2","a":"1"}"#, #"{"b":"2","c":"3","a":"1"}"#])
    func everyKeyIsFoundInAnyOrder(_ text: String) throws {
        let expected = Wandering(values: ["1", "3", "2", "1", nil, "3"])
        #expect(try ScanningJSONDecoder().decode(Wandering.self, from: Data(text.utf8)) == expected)
        #expect(try JSONDecoder().decode(Wandering.self, from: Data(text.utf8)) == expected)
    }

    struct Pair: Decodable, Equatable {
        var a: String
        var b: String
    }

    /// Keys in the order the type declares them (the synthesized decoder's order), whether the
    /// object holds them in that order, reversed, or sorted with others between (as a real API
    /// server writes a custom resource's keys); a repeated key gives its first member.
    @Test func declaredOrderReadsTheFirstOfARepeatedKey() throws {
        let decoder = ScanningJSONDecoder()
        #expect(try decoder.decode(Pair.self, from: Data(#"{"a":"1","b":"2"}"#.utf8)) == Pair(a: "1", b: "2"))
        #expect(try decoder.decode(Pair.self, from: Data(#"{"b":"2","a":"1"}"#.utf8)) == Pair(a: "1", b: "2"))
        #expect(try decoder.decode(Pair.self, from: Data(#"{"a":"1","aa":"x","b":"2","bb":"y"}"#.utf8)) == Pair(a: "1", b: "2"))
        #expect(try decoder.decode(Pair.self, from: Data(#"{"a":"1","a":"again","b":"2"}"#.utf8)) == Pair(a: "1", b: "2"))
        #expect(try decoder.decode(Pair.self, from: Data(#"{"b":"2","a":"1","b":"again"}"#.utf8)) == Pair(a: "1", b: "2"))
    }
}
