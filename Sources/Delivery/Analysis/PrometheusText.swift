import Foundation

/// One sample of a Prometheus text page: `flagger_canary_metric_analysis{metric="request-success-rate",name="podinfo",namespace="test"} 99.5`.
public struct PrometheusSample: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]
    /// The value (`NaN`, `+Inf` and `-Inf` included, as the format allows).
    public var value: Double
    /// Milliseconds since the epoch, when the line carries one.
    public var timestamp: Int64?

    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// The Prometheus text exposition format (version 0.0.4), as a `/metrics` page serves it: one
/// sample a line, `NAME{LABEL="VALUE",...} VALUE [TIMESTAMP]`, label values escaping `\\`, `\"`
/// and `\n`; `# HELP` and `# TYPE` lines and other comments skipped. Pure, and total: a line it
/// cannot read (a hostile or truncated page) is left out, never a crash.
public enum PrometheusText {
    /// Every sample of `text` that reads, in page order.
    public static func samples(_ text: String) -> [PrometheusSample] {
        var out: [PrometheusSample] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if let sample = sample(Array(line.unicodeScalars)) { out.append(sample) }
        }
        return out
    }

    /// The samples named `name` (a gauge's series).
    public static func samples(named name: String, in text: String) -> [PrometheusSample] {
        samples(text).filter { $0.name == name }
    }

    /// One line as a sample; nil for a comment, a blank line or anything malformed.
    static func sample(_ line: [Unicode.Scalar]) -> PrometheusSample? {
        var i = 0
        func skipBlanks() { while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 } }
        skipBlanks()
        guard i < line.count, line[i] != "#" else { return nil }
        let nameStart = i
        while i < line.count, isNameScalar(line[i], first: i == nameStart) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(String.UnicodeScalarView(line[nameStart..<i]))
        var labels: [String: String] = [:]
        skipBlanks()
        if i < line.count, line[i] == "{" {
            i += 1
            while true {
                skipBlanks()
                guard i < line.count else { return nil }
                if line[i] == "}" { i += 1; break }
                let keyStart = i
                while i < line.count, isNameScalar(line[i], first: i == keyStart), line[i] != ":" { i += 1 }
                guard i > keyStart else { return nil }
                let key = String(String.UnicodeScalarView(line[keyStart..<i]))
                skipBlanks()
                guard i < line.count, line[i] == "=" else { return nil }
                i += 1
                skipBlanks()
                guard i < line.count, line[i] == "\"" else { return nil }
                i += 1
                var value = String.UnicodeScalarView()
                var closed = false
                while i < line.count {
                    let c = line[i]
                    i += 1
                    if c == "\"" { closed = true; break }
                    if c == "\\" {
                        guard i < line.count else { return nil }
                        let escaped = line[i]
                        i += 1
                        switch escaped {
                        case "n": value.append("\n")
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        default: value.append("\\"); value.append(escaped)
                        }
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
                labels[key] = String(value)
                skipBlanks()
                guard i < line.count else { return nil }
                if line[i] == "," { i += 1 } else if line[i] != "}" { return nil }
            }
        }
        let rest = String(String.UnicodeScalarView(line[i...])).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard rest.count == 1 || rest.count == 2, let value = number(rest[0]) else { return nil }
        var timestamp: Int64?
        if rest.count == 2 {
            guard let t = Int64(rest[1]) else { return nil }
            timestamp = t
        }
        return PrometheusSample(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    /// A metric or label name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    private static func isNameScalar(_ c: Unicode.Scalar, first: Bool) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "_", ":": true
        case "0"..."9": !first
        default: false
        }
    }

    /// A value as Go's `strconv.ParseFloat` reads it in this format: decimals, exponents, `NaN`, `+Inf`, `-Inf`.
    private static func number<S: StringProtocol>(_ text: S) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
            return Double(String(text))
        }
    }
}
