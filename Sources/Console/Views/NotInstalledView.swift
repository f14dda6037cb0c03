import TerminalUI

/// What the list's place shows on a cluster that serves neither tool's CRDs: that, and how to
/// check it with kubectl (the console keeps asking, and shows the list once either appears).
enum NotInstalledView {
    static let lines = [
        "Neither Argo Rollouts nor Flagger is installed on this cluster:",
        "the API server serves neither argoproj.io (Rollouts) nor flagger.app (Canaries).",
        "",
        "Check with:  kubectl api-resources --api-group=argoproj.io",
        "             kubectl api-resources --api-group=flagger.app",
        "",
        "rollscope looks again every 30 seconds and shows the list once either is installed.",
    ]

    static func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        grid.fill(rect)
        for (i, line) in lines.enumerated() where i + 1 < rect.height {
            grid.put(line.truncated(toWidth: rect.width - 2, ellipsis: glyphs.ellipsis), at: rect.x + 1, rect.y + 1 + i,
                     role: i == 0 ? .title : .normal)
        }
    }
}
