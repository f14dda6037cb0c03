extension JSON {
    /// Applies a JSON merge patch (RFC 7386): objects merge member by member, `null` removes,
    /// anything else (arrays included) replaces.
    public func applyingMergePatch(_ patch: JSON) -> JSON {
        guard case .object(let patchObject) = patch else { return patch }
        var result: JSONObject
        if case .object(let o) = self { result = o } else { result = JSONObject() }
        for m in patchObject {
            if case .null = m.value {
                result[m.key] = nil
            } else {
                result[m.key] = (result[m.key] ?? .null).applyingMergePatch(m.value)
            }
        }
        return .object(result)
    }
}
