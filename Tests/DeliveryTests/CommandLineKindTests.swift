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

    /// A kind whose `get` finds nothing and whose list prints its names, watching as told.
    static func kind(_ resource: ResourceType, watching: CommandLineKind.ListWatching = .once) -> CommandLineKind {
        CommandLineKind(resource: resource, summary: "A \(resource.singular).",
                        get: .init(reads: [resource], notFoundName: "\(resource.plural).\(resource.group)",
                                   find: { (_: ObjectSet, _: String) -> (info: String, done: Int32?)? in nil },
                                   text: { info, _, _ in info }, document: { ViewDocument(kind: "WidgetView", item: $0) }),
                        list: .init(reads: { _ in [resource] }, render: { _, _, _ in "" }, watching: watching))
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
