/// A label key as Kubernetes requires it (a qualified name): an optional DNS subdomain prefix
/// and `/`, then a name of at most 63 of `[A-Za-z0-9._-]` starting and ending alphanumeric, as
/// `app.kubernetes.io/name`. What a setting naming a label is checked by before any request.
public enum LabelKey {
    /// Why `key` is not a label key, in a phrase (`the prefix must be a DNS subdomain`); nil when it is one.
    public static func problem(_ key: String) -> String? {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts.count == 2 ? parts[1] : parts[0]
        if parts.count == 2, !isSubdomain(parts[0]) {
            return "the prefix before / must be a lowercase DNS subdomain (as example.com)"
        }
        if name.isEmpty { return "the name must not be empty" }
        if name.utf8.count > 63 { return "the name must be at most 63 characters" }
        if !isQualifiedNamePart(name) {
            return "the name must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
        }
        return nil
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    public static func isQualifiedNamePart(_ s: Substring) -> Bool {
        let bytes = Array(s.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, at most 253 bytes.
    public static func isSubdomain(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isDNSLabel)
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 bytes.
    public static func isDNSLabel(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last, b.count <= 63 else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) }
        return alnum(first) && alnum(last) && b.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
