/// The revision diff as `rollscope diff -o json|yaml` writes it (`RevisionDiffView`): the two
/// sides, whether they are the same, and the hunks with their lines as `diff -u` writes them.
public struct RevisionDiffView: Codable, Hashable, Sendable {
    /// One hunk: its header's numbers and its lines (` `, `-` or `+`, then the text).
    public struct Hunk: Codable, Hashable, Sendable {
        public var header: String
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var lines: [String]
    }

    public var old: RevisionDiff.Side
    public var new: RevisionDiff.Side
    public var identical: Bool
    public var hunks: [Hunk]

    public init(_ diff: RevisionDiff) {
        old = diff.old
        new = diff.new
        identical = diff.diff.isEmpty
        hunks = diff.diff.hunks.map {
            Hunk(header: $0.header, oldStart: $0.oldStart, oldCount: $0.oldCount, newStart: $0.newStart, newCount: $0.newCount,
                 lines: $0.lines.map(\.rendered))
        }
    }
}
