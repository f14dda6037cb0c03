import KubeModel

/// Object names as kube-apiserver validates them on create: a lowercase RFC 1123 label for
/// namespaces, an RFC 1035 label for services, a lowercase RFC 1123 subdomain for every other
/// kind served here. Anything else (upper case, `_`, spaces, control characters) is 422 Invalid
/// with kube-apiserver's message, the value quoted with its control characters escaped.
enum DNSNames {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    /// The reason `name` is not a valid name for `r` (kube's wording after "Invalid value: …: "), or nil.
    static func problem(_ name: String, for r: ResourceType) -> String? {
        switch r {
        case .namespaces:
            if name.utf8.count > 63 { return "must be no more than 63 characters" }
            return isLabel(name) ? nil : labelMessage
        case .services:
            if name.utf8.count > 63 { return "must be no more than 63 characters" }
            guard isLabel(name), let first = name.utf8.first, isLower(first) else { return dns1035Message }
            return nil
        default:
            if name.utf8.count > 253 { return "must be no more than 253 characters" }
            return isSubdomain(name) ? nil : subdomainMessage
        }
    }

    /// Throws 422 Invalid when `name` is not valid for `r`.
    static func validate(_ name: String, for r: ResourceType) throws(APIStatus) {
        guard let problem = problem(name, for: r) else { return }
        throw APIErrors.invalid(r, name, "metadata.name", "Invalid value: \(GoQuote.quote(name)): \(problem)")
    }

    /// A lowercase RFC 1123 subdomain (`LabelKey.isSubdomain`).
    static func isSubdomain(_ s: String) -> Bool { LabelKey.isSubdomain(Substring(s)) }

    /// A lowercase RFC 1123 label (`LabelKey.isDNSLabel`).
    static func isLabel(_ s: String) -> Bool { LabelKey.isDNSLabel(Substring(s)) }

    static func isLower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }
}
