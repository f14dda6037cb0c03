extension Grid {
    /// The grid as plain text for snapshots and screen dumps: a ruled frame of its rows,
    /// then, per row, each run that is not `normal` with its role and the style `theme`
    /// gives it at `capability`, as `row:column+width role: fg=… bg=… attributes`.
    public func dump(theme: Theme = .fallback, capability: ColorCapability) -> String {
        var out = "size \(width)x\(height), colours: \(capability.rawValue)\n"
        let rule = "+" + String(repeating: "-", count: width) + "+"
        out += rule + "\n"
        for y in 0..<height { out += "|" + line(y) + "|\n" }
        out += rule + "\n"
        for y in 0..<height {
            for run in runs(row: y) where run.role != .normal {
                out += "\(y):\(run.x)+\(run.width) \(run.role.rawValue): \(theme.style(for: run.role, capability: capability))\n"
            }
        }
        return out
    }
}
