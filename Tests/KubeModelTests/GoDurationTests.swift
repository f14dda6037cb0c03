import Testing
import KubeModel

/// `GoDuration` against Go's own table for `time.ParseDuration` (`src/time/format_test.go`:
/// `parseDurationTests` and `parseDurationErrorTests`), and the seconds rule specs and flags use.
@Suite struct GoDurationTests {
    static let second: Int64 = 1_000_000_000
    static let minute = 60 * second
    static let hour = 60 * minute

    static let valid: [(String, Int64)] = [
        // simple
        ("0", 0), ("5s", 5 * second), ("30s", 30 * second), ("1478s", 1478 * second),
        // sign
        ("-5s", -5 * second), ("+5s", 5 * second), ("-0", 0), ("+0", 0),
        // decimal
        ("5.0s", 5 * second), ("5.6s", 5 * second + 600_000_000), ("5.s", 5 * second), (".5s", 500_000_000),
        ("1.0s", second), ("1.00s", second), ("1.004s", second + 4_000_000), ("1.0040s", second + 4_000_000),
        ("100.00100s", 100 * second + 1_000_000),
        // units
        ("10ns", 10), ("11us", 11_000), ("12µs", 12_000), ("12μs", 12_000), ("13ms", 13_000_000),
        ("14s", 14 * second), ("15m", 15 * minute), ("16h", 16 * hour),
        // composite
        ("3h30m", 3 * hour + 30 * minute), ("10.5s4m", 4 * minute + 10 * second + 500_000_000),
        ("-2m3.4s", -(2 * minute + 3 * second + 400_000_000)),
        ("1h2m3s4ms5us6ns", hour + 2 * minute + 3 * second + 4_000_000 + 5_000 + 6),
        ("39h9m14.425s", 39 * hour + 9 * minute + 14 * second + 425_000_000),
        // large values, fractions past nine digits, the ends of Int64
        ("52763797000ns", 52_763_797_000), ("0.3333333333333333333h", 20 * minute),
        ("9007199254740993ns", (1 << 53) + 1),
        ("9223372036854775807ns", .max), ("9223372036854775.807us", .max), ("9223372036s854ms775us807ns", .max),
        ("-9223372036854775808ns", .min), ("-9223372036854775.808us", .min), ("-9223372036s854ms775us808ns", .min),
        ("-2562047h47m16.854775808s", .min),
        ("0.100000000000000000000h", 6 * minute),
        ("0.830103483285477580700h", 49 * minute + 48 * second + 372_539_827),
    ]

    @Test(arguments: valid)
    func parsesAsGoDoes(text: String, nanoseconds: Int64) {
        #expect(GoDuration(parsing: text)?.nanoseconds == nanoseconds)
    }

    static let invalid = [
        "", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "\u{85}\u{85}", "\u{FFFD}", "hello world", "1h30", "5 s", " 5s",
        // overflow
        "9223372036854775810ns", "9223372036854775808ns", "-9223372036854775809ns", "9223372036854775.808us",
        "9223372036854ms775us808ns", "3000000h", String(repeating: "9", count: 400) + "h",
    ]

    @Test(arguments: invalid)
    func refusesWhatGoRefuses(text: String) {
        #expect(GoDuration(parsing: text) == nil)
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        #expect(GoDuration(parsing: Substring(decoding: [0xff, 0x66, 0x66] as [UInt8], as: UTF8.self)) == nil)
    }

    @Test(arguments: [("30", 30.0), ("30s", 30), ("1m", 60), ("1h30m", 5400), ("1.5h", 5400), ("500ms", 0.5)])
    func secondsOfPauseDurations(text: String, seconds: Double) {
        #expect(GoDuration.seconds(text) == seconds)
    }

    @Test func secondsRefuseNonsense() {
        #expect(GoDuration.seconds("soon") == nil)
        #expect(GoDuration.seconds("") == nil)
        #expect(GoDuration.seconds("5d") == nil)
    }

    @Test func secondsTakeABareNumberOrAGoDuration() {
        #expect(GoDuration.seconds("30") == 30)
        #expect(GoDuration.seconds("1.5") == 1.5)
        #expect(GoDuration.seconds("1e300") == 1e300)
        #expect(GoDuration.seconds("1h30m") == 5400)
        #expect(GoDuration.seconds("1.5h") == 5400)
        #expect(GoDuration.seconds("250ms") == 0.25)
        #expect(GoDuration.seconds("-5s") == -5)
        #expect(GoDuration.seconds("abc") == nil)
    }

    @Test func secondsRefuseWhatIsNotFinite() {
        for text in ["inf", "-inf", "Infinity", "nan", "NaN", "1e309", String(repeating: "9", count: 400) + "h",
                     "1h" + String(repeating: "9", count: 400) + "s"] {
            #expect(GoDuration.seconds(text) == nil, "\(text)")
        }
    }

    @Test func durationsOrderByLength() {
        #expect(GoDuration(parsing: "90s")! < GoDuration(parsing: "2m")!)
        #expect(GoDuration(parsing: "1h")!.seconds == 3600)
    }
}
