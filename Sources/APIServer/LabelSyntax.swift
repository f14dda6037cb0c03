import KubeModel

/// The syntax kube-apiserver requires of label keys and values in a selector (a qualified name:
/// an optional DNS subdomain prefix and `/`, then at most 63 of `[A-Za-z0-9._-]` starting and ending
/// alphanumeric; values the same or empty), with its messages. A key or value outside it, control
/// characters included, makes the selector a 400.
enum LabelSyntax {
    static func check(_ r: LabelSelector.Requirement) throws(SelectorError) {
        switch r {
        case .equals(let k, let v), .notEquals(let k, let v):
            try key(k)
            try value(v, index: 0, key: k)
        case .isIn(let k, let values), .notIn(let k, let values):
            try key(k)
            for (i, v) in values.sorted().enumerated() { try value(v, index: i, key: k) }
        case .exists(let k), .doesNotExist(let k), .greaterThan(let k, _), .lessThan(let k, _):
            try key(k)
        }
    }

    private static let namePattern = "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'"

    static func key(_ k: String) throws(SelectorError) {
        let parts = k.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts.count == 2 ? parts[1] : parts[0]
        if parts.count == 2 {
            let prefix = String(parts[0])
            if prefix.isEmpty || !DNSNames.isSubdomain(prefix) {
                throw SelectorError("unable to parse requirement: key: Invalid value: \(GoQuote.quote(k)): prefix part \(DNSNames.subdomainMessage)")
            }
        }
        if name.isEmpty {
            throw SelectorError("unable to parse requirement: key: Invalid value: \(GoQuote.quote(k)): name part must be non-empty")
        }
        if name.utf8.count > 63 {
            throw SelectorError("unable to parse requirement: key: Invalid value: \(GoQuote.quote(k)): name part must be no more than 63 characters")
        }
        if !isQualifiedNamePart(name) {
            throw SelectorError("unable to parse requirement: key: Invalid value: \(GoQuote.quote(k)): name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', \(namePattern))")
        }
    }

    static func value(_ v: String, index: Int, key: String) throws(SelectorError) {
        guard !v.isEmpty else { return }
        if v.utf8.count > 63 {
            throw SelectorError("unable to parse requirement: values[\(index)][\(key)]: Invalid value: \(GoQuote.quote(v)): must be no more than 63 characters")
        }
        if !isQualifiedNamePart(Substring(v)) {
            throw SelectorError("unable to parse requirement: values[\(index)][\(key)]: Invalid value: \(GoQuote.quote(v)): a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
        }
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` (`LabelKey.isQualifiedNamePart`).
    static func isQualifiedNamePart(_ s: Substring) -> Bool { LabelKey.isQualifiedNamePart(s) }
}
