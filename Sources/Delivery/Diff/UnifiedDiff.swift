/// A unified diff (`diff -u`): the edit script cut into hunks, each with `context` unchanged
/// lines around its changes, headed `@@ -oldStart,oldCount +newStart,newCount @@`.
public struct UnifiedDiff: Sendable, Hashable {
    /// One line of a hunk.
    public struct Line: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case context, removed, added }
        public var kind: Kind
        public var text: String
        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }

        /// The line as `diff -u` writes it: a space, `-` or `+`, then the text.
        public var rendered: String {
            switch kind {
            case .context: " \(text)"
            case .removed: "-\(text)"
            case .added: "+\(text)"
            }
        }
    }

    /// A run of changes with their context.
    public struct Hunk: Sendable, Hashable {
        /// 1-based first line in each text (the line before, 0 for none, when the count is 0, as `diff -u`).
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var lines: [Line]

        /// `@@ -1,7 +1,7 @@` (a count of 1 is left out, as `diff -u` does).
        public var header: String {
            func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
            return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
        }
    }

    public var hunks: [Hunk]

    public var isEmpty: Bool { hunks.isEmpty }

    public init(old: [String], new: [String], context: Int = 3) {
        hunks = Self.hunks(LineDiff.edits(old, new), context: max(0, context))
    }

    /// The hunks of an edit script: changes closer than `2·context` lines share a hunk.
    static func hunks(_ edits: [LineDiff.Edit], context: Int) -> [Hunk] {
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        guard !changed.isEmpty else { return [] }
        // Each group: the edit indices it covers, context included.
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let lower = max(0, index - context), upper = min(edits.count - 1, index + context)
            if let last = groups.last, lower <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...upper
            } else {
                groups.append(lower...upper)
            }
        }
        // The line numbers where each edit starts, in the old and the new text.
        var oldLine = [Int](), newLine = [Int]()
        var o = 1, n = 1
        for edit in edits {
            oldLine.append(o)
            newLine.append(n)
            switch edit {
            case .same: o += 1; n += 1
            case .removed: o += 1
            case .added: n += 1
            }
        }
        return groups.map { group in
            let lines = edits[group].map { edit -> Line in
                switch edit {
                case let .same(text): Line(.context, text)
                case let .removed(text): Line(.removed, text)
                case let .added(text): Line(.added, text)
                }
            }
            let oldCount = lines.filter { $0.kind != .added }.count
            let newCount = lines.filter { $0.kind != .removed }.count
            let oldStart = oldLine[group.lowerBound], newStart = newLine[group.lowerBound]
            return Hunk(oldStart: oldCount == 0 ? oldStart - 1 : oldStart, oldCount: oldCount,
                        newStart: newCount == 0 ? newStart - 1 : newStart, newCount: newCount, lines: lines)
        }
    }

    /// The diff as `diff -u` prints it, headed `--- old` / `+++ new`; empty when nothing differs.
    public func text(old: String, new: String) -> String {
        guard !isEmpty else { return "" }
        var out = "--- \(old)\n+++ \(new)\n"
        for hunk in hunks {
            out += hunk.header + "\n"
            for line in hunk.lines { out += line.rendered + "\n" }
        }
        return out
    }
}
