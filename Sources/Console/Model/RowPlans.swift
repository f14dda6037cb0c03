/// The mutation plans of one row, made when asked: one closure over what the row was built from
/// (the object as last watched, what its relations found, the time it was built), so a row keeps
/// the inputs to its plans, not nine plans with their requests' paths and bodies. Asked again
/// (the dialog at confirm, the footer at each frame), it plans again from the same inputs, so
/// the answer is the one eager planning gave; a new watch event builds a new row with new inputs.
public struct RowPlans: Sendable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    private var planner: @Sendable (MutationKind) -> MutationPlan?
    /// Made anew with every planner: two values sharing it are copies of one, which plan alike.
    private var identity = Identity()

    private final class Identity: Sendable {}

    /// Plans made by `planner` when asked; nil for an action it does not plan.
    public init(_ planner: @escaping @Sendable (MutationKind) -> MutationPlan?) {
        self.planner = planner
    }

    /// Plans given whole (tests, sources without objects).
    public init(dictionaryLiteral elements: (MutationKind, MutationPlan)...) {
        let plans = Dictionary(elements, uniquingKeysWith: { _, last in last })
        planner = { plans[$0] }
    }

    /// The plan of `kind`, made now; setting one replaces that kind's alone.
    public subscript(kind: MutationKind) -> MutationPlan? {
        get { planner(kind) }
        set {
            let others = planner
            planner = { $0 == kind ? newValue : others($0) }
            identity = Identity()
        }
    }

    /// Whether `other` is a copy of these plans (so plans alike), told without planning; false
    /// for plans made apart, even alike (`==` plans every kind to tell).
    public func isCopy(of other: RowPlans) -> Bool { identity === other.identity }

    /// Every planned kind's plan, made now.
    public var all: [MutationKind: MutationPlan] {
        Dictionary(uniqueKeysWithValues: MutationKind.allCases.compactMap { kind in planner(kind).map { (kind, $0) } })
    }

    public var description: String { all.description }
}

extension RowPlans: Hashable {
    /// Equal when every kind plans alike.
    public static func == (a: RowPlans, b: RowPlans) -> Bool { a.all == b.all }

    /// Nothing: planning every kind to hash a row would cost what planning on demand saves, and
    /// rows that plan alike still hash alike.
    public func hash(into hasher: inout Hasher) {}
}
