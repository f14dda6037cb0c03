/// How far a cluster's first list of one kind has come, while the server says how many there
/// are (`metadata.remainingItemCount`): the header says `loading 1,000 of 2,000 rollouts` until
/// the last page is in.
public struct ListLoading: Sendable, Hashable {
    /// The kind's resource, as the header names it (`rollouts`).
    public var plural: String
    public var loaded: Int
    public var total: Int

    public init(plural: String, loaded: Int, total: Int) {
        self.plural = plural
        self.loaded = loaded
        self.total = total
    }
}
