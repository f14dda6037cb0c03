import Foundation
import Testing
@testable import Console

/// The reducer never calls view code: nothing that the state machine reads (Sources/Console/
/// Reducer, Model, Keys) names a type declared in Sources/Console/Views or a member that a
/// view file adds to a model type. Layout, the detail's line count and the help's sections are
/// model-side; the views only draw.
@Suite struct LayeringTests {
    static let console = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Console")

    static func sources(_ folder: String) throws -> [(name: String, text: String)] {
        let url = console.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".swift") }.sorted().map {
            ("\(folder)/\($0)", try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Type names the view files declare, and the members they add to other types in extensions.
    static func viewNames() throws -> (types: Set<String>, members: Set<String>) {
        var types: Set<String> = [], members: Set<String> = []
        for file in try sources("Views") {
            types.formUnion(matches(#"^(?:public |internal |fileprivate |private )?(?:struct|enum|class|protocol|actor) (\w+)"#, in: file.text))
            guard file.text.contains("\nextension ") || file.text.hasPrefix("extension ") else { continue }
            members.formUnion(matches(#"^    (?:public |internal )?(?:static )?(?:func|var) (\w+)"#, in: file.text))
        }
        return (types, members)
    }

    @Test func theStateMachineNamesNoViewCode() throws {
        let (types, members) = try Self.viewNames()
        #expect(types.contains("ConsoleView") && types.contains("FooterHints"), "the scan finds the views: \(types)")
        for file in try Self.sources("Reducer") + Self.sources("Model") + Self.sources("Keys") {
            // Code only: a comment may name the view that draws what a model type holds.
            let code = file.text.split(separator: "\n").map { $0.components(separatedBy: "//")[0] }.joined(separator: "\n")
            let words = Set(Self.matches(#"(\w+)"#, in: code))
            let used = Self.matches(#"\.(\w+)\b"#, in: code)
            #expect(words.isDisjoint(with: types), "\(file.name) names view types: \(words.intersection(types).sorted())")
            #expect(Set(used).isDisjoint(with: members), "\(file.name) calls view members: \(Set(used).intersection(members).sorted())")
        }
    }
}

/// What the reducer reads instead of calling views: the layout kept in the state and the
/// detail's line count.
@Suite struct LayoutStateTests {
    @Test func theLayoutFollowsTheSizeTheScreenAndTheFocus() {
        var state = Fixtures.state()
        _ = Reducer.reduce(&state, .resize(width: 80, height: 24))
        #expect(state.layout?.namespaces == nil && state.layout?.deliveries != nil, "narrow: the list alone")
        #expect(state.deliveryRows == (state.layout?.deliveries?.height ?? 0) - 1)
        Fixtures.press(&state, "tab")
        #expect(state.layout?.namespaces != nil && state.layout?.deliveries == nil, "narrow: the focused namespaces pane instead")
        _ = Reducer.reduce(&state, .resize(width: 120, height: 40))
        #expect(state.layout?.namespaces != nil && state.layout?.deliveries != nil, "wide: both")
        Fixtures.press(&state, "tab", "enter")
        #expect(state.layout?.detail != nil && state.layout?.deliveries == nil, "the detail screen")
        _ = Reducer.reduce(&state, .resize(width: 20, height: 5))
        #expect(state.layout == nil && state.deliveryRows == 1 && state.namespaceRows == 1, "too small: nothing, one row")
    }

    @Test func theDetailIsCountedWithoutBuildingItsLines() {
        var state = Fixtures.selecting(Fixtures.checkoutRef)
        Fixtures.press(&state, "enter")
        var counted: [Int] = []
        func check(_ what: String) {
            #expect(DetailDocument.lineCount(state) == DetailDocument.lines(state).count, "\(what)")
            counted.append(DetailDocument.lineCount(state))
        }
        check("loading")
        _ = Reducer.reduce(&state, .detail(Fixtures.checkoutDetail(pauseDeadline: Fixtures.now.addingTimeInterval(90))))
        check("with a countdown, steps, analysis and events")
        var bare = Fixtures.checkoutDetail()
        bare.events = []
        bare.analysisRuns = []
        bare.blueGreen = BlueGreenServices(active: "checkout-active", activeRevision: "2", preview: "checkout-preview", previewRevision: "3")
        _ = Reducer.reduce(&state, .detail(bare))
        check("blue/green, no events")
        _ = Reducer.reduce(&state, .rows(upserted: [], removed: [Fixtures.checkoutRef]))
        check("deleted")
        #expect(Set(counted).count > 2, "the cases differ: \(counted)")
    }
}
