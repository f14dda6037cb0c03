import Foundation
import Testing
@testable import JSONValue

/// `JSON` through Codable, and the one scanner the parser and the in-place decoder share.
@Suite struct JSONCodableTests {
    /// A typed object with a field holding arbitrary JSON.
    struct Holder: Codable, Equatable {
        var name: String
        var extra: JSON
    }

    static let extremes = #"{"max":9223372036854775807,"min":-9223372036854775808,"big":18446744073709551616,"z":1,"a":[0.5,"x",true,null,{}]}"#

    func isExactInt(_ value: JSON?, _ expected: Int64) -> Bool {
        if case .int(let i)? = value { return i == expected }
        return false
    }

    @Test func foundationRoundTripKeepsInt64ExtremesExact() throws {
        let value = try JSON(parsing: Self.extremes)
        let again = try JSONDecoder().decode(JSON.self, from: try JSONEncoder().encode(value))
        #expect(isExactInt(again["max"], .max))
        #expect(isExactInt(again["min"], .min))
        #expect(again["big"]?.doubleValue == 18446744073709551616.0)
        #expect(again == value)
    }

    @Test func theInPlaceDecoderKeepsOrderAndExactIntegers() throws {
        let text = #"{"name":"n","extra":"# + Self.extremes + "}"
        let holder = try ScanningJSONDecoder().decode(Holder.self, from: Data(text.utf8))
        #expect(holder.name == "n")
        #expect(isExactInt(holder.extra["max"], .max))
        #expect(isExactInt(holder.extra["min"], .min))
        #expect(holder.extra.text == #"{"max":9223372036854775807,"min":-9223372036854775808,"big":1.8446744073709552e+19,"z":1,"a":[0.5,"x",true,null,{}]}"#)
        #expect(holder.extra.objectValue?.keys == ["max", "min", "big", "z", "a"])
        #expect(try JSON(parsing: text).decode(as: Holder.self) == holder)
    }

    @Test func rawJSONKeepsTheTextAndReadsItWhenAsked() throws {
        struct Raw: Decodable { var kept: RawJSON }
        let text = #"{"kept":{"b":1,"a":[9223372036854775807]}}"#
        let raw = try ScanningJSONDecoder().decode(Raw.self, from: Data(text.utf8)).kept
        #expect(raw.value.text == #"{"b":1,"a":[9223372036854775807]}"#)
        #expect(raw == RawJSON(try JSON(parsing: #"{"a":[9223372036854775807],"b":1}"#)))
        let viaFoundation = try JSONDecoder().decode(Raw.self, from: Data(text.utf8)).kept
        #expect(viaFoundation == raw)
    }

    /// The in-place decoder reads strings as the parser does: RFC 8259's escapes only, no raw
    /// control characters (it used to have its own unescaper that let both through).
    @Test(arguments: [#"{"name":"a\qb","extra":0}"#, "{\"name\":\"a\u{01}b\",\"extra\":0}", #"{"name":"\u12","extra":0}"#])
    func theDecoderRejectsWhatTheParserRejects(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON(parsing: text) }
        #expect(throws: DecodingError.self) { try ScanningJSONDecoder().decode(Holder.self, from: Data(text.utf8)) }
    }

    /// `JSON` read in place takes exactly what the parser takes, down to a literal's last byte.
    @Test(arguments: ["truex", "1x", "nullnull", #"{"a":falsey}"#, "[1,2", #"{"a":1]"#])
    func jsonInPlaceRefusesWhatTheParserRefuses(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON(parsing: text) }
        #expect(throws: DecodingError.self) { try ScanningJSONDecoder().decode(JSON.self, from: Data(text.utf8)) }
    }

    @Test func theDecoderAndTheParserReadEscapesAlike() throws {
        let text = #"{"name":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude80\ud800x","extra":"\udc00"}"#
        let holder = try ScanningJSONDecoder().decode(Holder.self, from: Data(text.utf8))
        let parsed = try JSON(parsing: text)
        #expect(holder.name == "\"\\/\u{08}\u{0C}\n\r\té🚀\u{FFFD}x")
        #expect(parsed["name"]?.stringValue == holder.name)
        #expect(holder.extra == parsed["extra"])
        #expect(holder.extra.stringValue == "\u{FFFD}")
    }
}
