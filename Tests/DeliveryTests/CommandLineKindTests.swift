import Foundation
import KubeModel
import Testing
import Delivery

/// How `get KIND` and `list KIND` resolve KIND (as kubectl resolves resource types) and when a
/// list watches or says "No resources found.", on a made-up kind: nothing here needs a command
/// type per kind.
@Suite struct CommandLineKindTests {
    static let widgets = ResourceType(group: "example.com", version: "v1", plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wg"])
    static let gadgets = ResourceType(group: "", version: "v1", plural: "gadgets", singular: "gadget", kind: "Gadget")

    /// One item of the made-up kind's list document.
    struct Widget: Codable, Hashable, Sendable { var name: String }

    /// A kind whose `get` finds nothing and whose list prints the names of a snapshot's rollouts,
    /// watching as told.
    static func kind(_ resource: ResourceType, watching: CommandLineKind.ListWatching = .once) -> CommandLineKind {
        CommandLineKind(resource: resource, summary: "A \(resource.singular).",
                        get: .init(reads: [resource], notFoundName: "\(resource.plural).\(resource.group)",
                                   find: { (_: ObjectSet, _: String) -> (info: String, done: Int32?)? in nil },
                                   text: { info, _, _ in info }, document: { ViewDocument(kind: "WidgetView", item: $0) }),
                        list: .init(reads: { _ in [resource] }, table: { set, _, _ in TextTable(header: ["NAME"], rows: set.rollouts.map { [$0.metadata.name] }) },
                                    document: { set in ViewList(kind: "WidgetViewList", items: set.rollouts.map { Widget(name: $0.metadata.name) }) },
                                    watching: watching))
    }

    /// A snapshot of rollouts with these names.
    static func rollouts(_ names: String...) -> ObjectSet {
        ObjectSet(rollouts: names.map { Rollout(metadata: ObjectMeta(name: $0, namespace: "shop")) })
    }

    /// One cluster prints as before; several print as one table, CLUSTER first, cluster by
    /// cluster, or as one document whose items carry their cluster.
    @Test func severalClustersPrintAsOneTableOrDocument() throws {
        let kind = Self.kind(Self.widgets)
        let eu = Self.rollouts("a", "b"), us = Self.rollouts("c")
        #expect(try kind.list.render(eu, .init(), Date()) == "NAME\na\nb\n")
        let clusters = [ClusterObjects(cluster: "prod-eu", objects: eu), ClusterObjects(cluster: "prod-us", objects: us)]
        #expect(try kind.list.render(clusters: clusters, .init(), Date()) == "CLUSTER  NAME\nprod-eu  a\nprod-eu  b\nprod-us  c\n")
        #expect(try kind.list.render(clusters: [ClusterObjects(cluster: "prod-eu", objects: ObjectSet())], .init(), Date()) == "")
        let json = try kind.list.render(clusters: clusters, .init(format: .json), Date())
        let document = try OutputFormat.json.parse(ViewList<ClusterItem<Widget>>.self, from: json)
        #expect(document.kind == "WidgetViewList")
        #expect(document.items == [ClusterItem(cluster: "prod-eu", item: Widget(name: "a")), ClusterItem(cluster: "prod-eu", item: Widget(name: "b")),
                                   ClusterItem(cluster: "prod-us", item: Widget(name: "c"))])
        #expect(!(try kind.list.render(eu, .init(format: .json), Date())).contains("cluster"), "one cluster: the document as before")
        let yaml = try kind.list.render(clusters: clusters, .init(format: .yaml), Date())
        #expect(try OutputFormat.yaml.parse(ViewList<ClusterItem<Widget>>.self, from: yaml) == document)
    }

    static let table = [kind(widgets), kind(gadgets)]

    @Test func namesShortNamesKindsAndGroupsResolve() throws {
        for name in ["widget", "widgets", "wg", "Widget", "WIDGETS", "widgets.example.com", "widget.example.com", "widgets.v1.example.com"] {
            #expect(try Self.table.resolve(name).resource == Self.widgets, "\(name)")
        }
        #expect(try Self.table.resolve("gadgets").resource == Self.gadgets)
        // A core kind has no group to qualify it with.
        #expect(!Self.kind(Self.gadgets).names.contains("gadgets."))
    }

    @Test func anUnknownKindFailsAsKubectlDoes() {
        #expect(throws: UnknownKind(name: "foo")) { try Self.table.resolve("foo") }
        #expect(throws: UnknownKind(name: "widgets.example.org")) { try Self.table.resolve("widgets.example.org") }
        #expect(UnknownKind(name: "foo").description == "error: the server doesn't have a resource type \"foo\"")
    }

    @Test func helpAndCompletionsNameEveryKind() {
        #expect(Self.kind(Self.widgets).helpLine == "widget (widgets, wg, widgets.example.com)")
        #expect(Self.kind(Self.gadgets).helpLine == "gadget (gadgets)")
        #expect(Self.table.completionNames == ["widget", "widgets", "wg", "gadget", "gadgets"])
    }

    @Test func watchingAndNoResourcesFollowTheKind() {
        let watch = CommandLineKind.ListRequest(watch: true), json = CommandLineKind.ListRequest(format: .json, watch: true)
        let once = Self.kind(Self.widgets), repaint = Self.kind(Self.widgets, watching: .repaint)
        let lines = Self.kind(Self.widgets, watching: .appendLines(start: { _, _ in { _ in [] } }))
        #expect(!once.watches(watch) && repaint.watches(watch) && lines.watches(watch))
        #expect(repaint.watches(json) && !lines.watches(json), "a document is printed once")
        #expect(once.saysNoResources("", watch), "--watch on a kind that does not watch prints one snapshot")
        #expect(!repaint.saysNoResources("", watch) && !lines.saysNoResources("", watch))
        #expect(repaint.saysNoResources("", .init()) && !repaint.saysNoResources("x\n", .init()))
        #expect(!once.saysNoResources("", .init(format: .yaml)))
    }
}
