import TerminalUI

/// The `:ctx` list over the screen: every context of the kubeconfig, whether its cluster is
/// shown, and the state of each shown one (live, reconnecting since T, ...).
enum ContextListView {
    static func draw(_ state: ConsoleState, _ picker: ContextPicker, into grid: inout Grid, glyphs: Glyphs) {
        let width = (picker.names.map(\.displayWidth).max() ?? 0) + 2
        let lines = picker.names.enumerated().map { index, name -> String in
            let marker = index == picker.cursor ? glyphs.pointer : " "
            guard let cluster = state.orderedClusters.first(where: { $0.identity.context == name }) else {
                return "\(marker) [ ] \(name.padded(toWidth: width))not shown"
            }
            let (text, _) = ClustersPaneView.connectionText(cluster, state: state, width: 40)
            return "\(marker) [x] \(name.padded(toWidth: width))\(text)"
        }
        guard !lines.isEmpty else {
            Dialog(title: "Contexts", message: ["the kubeconfig lists no contexts"], buttons: []).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
            return
        }
        // The keys are in the footer (from the key table, so a remapped key reads right). The
        // dialog sizes the box; the lines are put in it as they are (wrapping would fold the columns).
        let box = Dialog(title: "Contexts", message: lines, buttons: []).draw(into: &grid, in: grid.bounds, glyphs: glyphs)
        for (index, line) in lines.enumerated() where index < box.height - 4 {
            let row = Rect(x: box.x + 2, y: box.y + 1 + index, width: box.width - 4, height: 1)
            let role: Role = index == picker.cursor ? .selected : .dialog
            grid.fill(row, role: role)
            grid.put(line, at: row.x, row.y, role: role, maxWidth: row.width)
        }
    }
}
