import Foundation
import KubeModel

/// One kind as the command line reads and shows it (`rollscope get KIND NAME`, `rollscope list
/// KIND`): the names kubectl would resolve it by, what `get` reads and prints (text, `--watch`,
/// `-o json|yaml`) and what `list` reads and prints (table, `-A`, `-o wide|json|yaml`, `--watch`).
/// Each delivery adapter has one; the CLI-only kinds (Experiments) sit beside them in the same
/// table, so `get` and `list` have no command per kind. Pure: the commands bring the objects.
public struct CommandLineKind: Sendable {
    /// Its names (singular, plural, short names, `plural.group`) and its kind.
    public var resource: ResourceType
    /// What `get` shows of one, for `get --help`.
    public var summary: String
    public var get: Get
    public var list: List

    public init(resource: ResourceType, summary: String, get: Get, list: List) {
        self.resource = resource
        self.summary = summary
        self.get = get
        self.list = list
    }

    /// `get KIND NAME`: what its tree reads and how one object is shown.
    public struct Get: Sendable {
        /// The kind's own objects and everything the tree shows.
        public var reads: Set<ResourceType>
        /// As the not-found error names it (`rollout.argoproj.io`, `deployments.apps`).
        public var notFoundName: String
        /// The object of that name, shown; nil when the set has none.
        public var show: @Sendable (ObjectSet, _ name: String) -> Shown?

        /// `get` of one kind whose object is viewed as `Info`: `find` gives the view and whether a
        /// watch with `--until-done` is over (0 done well, 1 done badly), `text` the plugin's text,
        /// `document` the `-o` document.
        public init<Info: Codable & Hashable & Sendable>(reads: Set<ResourceType>, notFoundName: String,
                                                         find: @escaping @Sendable (ObjectSet, String) -> (info: Info, done: Int32?)?,
                                                         text: @escaping @Sendable (Info, Date, TextStyle) -> String,
                                                         document: @escaping @Sendable (Info) -> ViewDocument<Info>) {
            self.reads = reads
            self.notFoundName = notFoundName
            show = { set, name in
                find(set, name).map { info, done in
                    Shown(text: { text(info, $0, $1) }, document: { try $0.render(document(info)) }, done: done)
                }
            }
        }
    }

    /// One object found by `get`, ready to print.
    public struct Shown {
        /// The plugin's text at a time, in a style.
        public var text: (Date, TextStyle) -> String
        /// The `-o json|yaml` document.
        public var document: (OutputFormat) throws -> String
        /// With `--until-done`: 0 once done well, 1 once done badly, nil while under way.
        public var done: Int32?
    }

    /// `list KIND`: what the table or document reads, how it is printed, and how `--watch` goes on.
    public struct List: Sendable {
        public var reads: @Sendable (ListRequest) -> Set<ResourceType>
        /// The table of a snapshot (no rows when it has none of the kind).
        public var table: @Sendable (ObjectSet, ListRequest, Date) -> TextTable
        /// The `-o json|yaml` document of one snapshot.
        private var document: @Sendable (ObjectSet, OutputFormat) throws -> String
        /// The `-o json|yaml` document of several clusters' snapshots: one list whose items carry their `cluster`.
        private var clustersDocument: @Sendable ([ClusterObjects], OutputFormat) throws -> String
        public var watching: ListWatching

        /// A list whose document is `document`'s `ViewList` of `Item`s.
        public init<Item: Codable & Hashable & Sendable>(reads: @escaping @Sendable (ListRequest) -> Set<ResourceType>,
                                                         table: @escaping @Sendable (ObjectSet, ListRequest, Date) -> TextTable,
                                                         document: @escaping @Sendable (ObjectSet) -> ViewList<Item>, watching: ListWatching) {
            self.reads = reads
            self.table = table
            self.document = { set, format in try format.render(document(set)) }
            clustersDocument = { clusters, format in
                let items = clusters.flatMap { cluster in document(cluster.objects).items.map { ClusterItem(cluster: cluster.cluster, item: $0) } }
                return try format.render(ViewList(kind: document(ObjectSet()).kind, items: items))
            }
            self.watching = watching
        }

        /// The table (empty when there are no rows) or the `-o json|yaml` document of one snapshot.
        public func render(_ set: ObjectSet, _ request: ListRequest, _ now: Date) throws -> String {
            if let format = request.format { return try document(set, format) }
            return table(set, request, now).text
        }

        /// Several clusters' snapshots as one table, CLUSTER first and the rows in the clusters'
        /// order, or as one document whose items each carry their `cluster`.
        public func render(clusters: [ClusterObjects], _ request: ListRequest, _ now: Date) throws -> String {
            if let format = request.format { return try clustersDocument(clusters, format) }
            return TextTable.byCluster(clusters.map { ($0.cluster, table($0.objects, request, now)) }).text
        }
    }

    /// The flags of one `list`.
    public struct ListRequest: Sendable, Hashable {
        /// `-o json|yaml`.
        public var format: OutputFormat?
        /// `-o wide`.
        public var wide: Bool
        public var watch: Bool
        public var timestamps: Bool
        public var allNamespaces: Bool

        public init(format: OutputFormat? = nil, wide: Bool = false, watch: Bool = false, timestamps: Bool = false, allNamespaces: Bool = false) {
            self.format = format
            self.wide = wide
            self.watch = watch
            self.timestamps = timestamps
            self.allNamespaces = allNamespaces
        }
    }

    /// How `list --watch` goes on after the first snapshot.
    public enum ListWatching: Sendable {
        /// It does not: `--watch` prints the one snapshot.
        case once
        /// Every change repaints the whole table or document in place.
        case repaint
        /// The table is printed once, then a line per row that changed (the plugin's `list
        /// rollouts -w`), made by the watcher `start` returns for the first snapshot; a document is
        /// printed once.
        case appendLines(start: @Sendable (ObjectSet, ListRequest) -> (ObjectSet) -> [String])
    }

    /// Whether `list` goes on watching for `request`.
    public func watches(_ request: ListRequest) -> Bool {
        switch list.watching {
        case .once: false
        case .repaint: request.watch
        case .appendLines: request.watch && request.format == nil
        }
    }

    /// Whether an empty table is said on standard error ("No resources found."): when nothing
    /// more will come.
    public func saysNoResources(_ text: String, _ request: ListRequest) -> Bool {
        text.isEmpty && request.format == nil && !watches(request)
    }

    /// The names kubectl resolves to this kind: singular, plural, short names and the kind, each
    /// alone, as `NAME.group` and as `plural.version.group`, lower-case.
    public var names: Set<String> {
        let r = resource
        let bare = [r.singular, r.plural, r.kind.lowercased()] + r.shortNames
        let qualified = [r.singular, r.plural, r.kind.lowercased()].map { "\($0).\(r.group)" } + ["\(r.plural).\(r.version).\(r.group)"]
        return Set(bare + (r.group.isEmpty ? [] : qualified))
    }

    /// How `get --help` names it: `rollout (rollouts, ro, rollouts.argoproj.io)`.
    public var helpLine: String {
        let r = resource
        let aliases = [r.plural] + r.shortNames.filter { $0 != r.singular } + (r.group.isEmpty ? [] : ["\(r.plural).\(r.group)"])
        return "\(r.singular) (\(aliases.joined(separator: ", ")))"
    }
}

/// A `get` or `list` KIND that names no kind: kubectl's words for it.
public struct UnknownKind: Error, CustomStringConvertible, Equatable {
    public var name: String
    public init(name: String) { self.name = name }
    public var description: String { "error: the server doesn't have a resource type \"\(name)\"" }
}

extension Array where Element == CommandLineKind {
    /// The kind `name` names, as kubectl resolves a resource type (case-insensitively).
    public func resolve(_ name: String) throws(UnknownKind) -> CommandLineKind {
        let lower = name.lowercased()
        guard let kind = first(where: { $0.names.contains(lower) }) else { throw UnknownKind(name: name) }
        return kind
    }

    /// Every name a completion offers: each kind's singular and plural, and its short names.
    public var completionNames: [String] {
        flatMap { [$0.resource.singular, $0.resource.plural] + $0.resource.shortNames }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
