/// A node of a tree shown by `TreeView`: a row of column texts and its children.
///
/// The first column holds the node's label (put the kind icon in it, as the plugin does:
/// `⟳ canary-demo`, `# revision:3`); guide lines are prefixed to it when drawn.
public struct TreeNode: Hashable, Sendable {
    /// Identifies the node across frames (for selection and expansion).
    public var id: String
    public var row: ListRow
    public var children: [TreeNode]
    /// Whether the children are shown.
    public var isExpanded: Bool

    public init(id: String, row: ListRow, children: [TreeNode] = [], isExpanded: Bool = true) {
        self.id = id
        self.row = row
        self.children = children
        self.isExpanded = isExpanded
    }
}

/// One visible row of a flattened tree.
public struct TreeLine: Hashable, Sendable {
    public var id: String
    public var depth: Int
    public var hasChildren: Bool
    public var isExpanded: Bool
    /// The row with guide lines prefixed to its first column.
    public var row: ListRow
}

/// A tree drawn as a list with the plugin's guide lines (`├──`, `└──`, `│  `).
///
/// Roots have no guide; each child gets its ancestors' continuations (`│  ` under a
/// node with later siblings, spaces under a last child) and then `├──` or `└──`. A
/// collapsed node with children shows the glyph set's `collapsed` marker after its guide.
public struct TreeView: Sendable {
    public var columns: [ListColumn]
    public var roots: [TreeNode]
    public var state: ListState
    public var showsHeader: Bool
    public var isFocused: Bool

    public init(columns: [ListColumn], roots: [TreeNode], state: ListState = ListState(),
                showsHeader: Bool = true, isFocused: Bool = true) {
        self.columns = columns
        self.roots = roots
        self.state = state
        self.showsHeader = showsHeader
        self.isFocused = isFocused
    }

    /// The visible rows, in order, with guide lines: what selection indices refer to.
    public static func flatten(_ roots: [TreeNode], glyphs: Glyphs) -> [TreeLine] {
        var lines: [TreeLine] = []
        func visit(_ node: TreeNode, depth: Int, continuation: String, isLast: Bool) {
            var row = node.row
            let guide = depth == 0 ? "" : continuation + (isLast ? glyphs.treeLast : glyphs.treeBranch)
            let marker = (!node.children.isEmpty && !node.isExpanded) ? glyphs.collapsed + " " : ""
            if row.cells.isEmpty { row.cells = [""] }
            row.cells[0] = guide + marker + row.cells[0]
            lines.append(TreeLine(id: node.id, depth: depth, hasChildren: !node.children.isEmpty,
                                  isExpanded: node.isExpanded, row: row))
            guard node.isExpanded else { return }
            let childContinuation = depth == 0 ? "" : continuation + (isLast ? glyphs.treeSpace : glyphs.treePipe)
            for (index, child) in node.children.enumerated() {
                visit(child, depth: depth + 1, continuation: childContinuation, isLast: index == node.children.count - 1)
            }
        }
        for root in roots { visit(root, depth: 0, continuation: "", isLast: true) }
        return lines
    }

    /// Draws the visible part of the tree in `rect`.
    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        let lines = TreeView.flatten(roots, glyphs: glyphs)
        ListView(columns: columns, rows: lines.map(\.row), state: state, showsHeader: showsHeader,
                 isFocused: isFocused, emptyText: "")
            .draw(into: &grid, in: rect, glyphs: glyphs)
    }
}
