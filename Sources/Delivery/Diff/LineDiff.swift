/// The shortest edit script between two line lists (Myers' O(ND) greedy algorithm, "An O(ND)
/// Difference Algorithm and Its Variations", 1986): which lines both keep, which the old one
/// loses and which the new one gains, in order.
///
/// The trace it keeps to walk back grows as D² (step d keeps its `2·d+1` diagonals), so two
/// texts that share almost nothing would cost O((N+M)²) memory: past `maxDifferences` the
/// script is every old line removed and every new line added, a correct diff that is simply
/// not the shortest.
public enum LineDiff {
    /// One line of the edit script.
    public enum Edit: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Beyond this many differing lines the diff is the whole old text against the whole new.
    public static let maxDifferences = 1000

    public static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        let n = old.count, m = new.count
        let limit = min(n + m, maxDifferences)
        let offset = limit + 1
        // v[k + offset]: the furthest x reached on diagonal k (k = x - y).
        var v = [Int](repeating: 0, count: 2 * offset + 1)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) ? v[k + 1 + offset] : v[k - 1 + offset] + 1
                var y = x - k
                while x < n, y < m, old[x] == new[y] { x += 1; y += 1 }
                v[k + offset] = x
                if x >= n, y >= m { found = true; break search }
            }
        }
        guard found else { return old.map(Edit.removed) + new.map(Edit.added) }
        // Walk back from (n, m), one difference per recorded step.
        var script: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            // Step d's diagonals -d...d, at index k + d.
            let v = trace[d]
            let k = x - y
            let previousK = k == -d || (k != d && v[k - 1 + d] < v[k + 1 + d]) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[previousK + d]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1; y -= 1
                script.append(.same(old[x]))
            }
            if d > 0 {
                if x == previousX { y -= 1; script.append(.added(new[y])) } else { x -= 1; script.append(.removed(old[x])) }
            }
        }
        return script.reversed()
    }
}
