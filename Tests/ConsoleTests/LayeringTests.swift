import Foundation
import Testing

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
            let words = Set(Self.matches(#"(\w+)"#, in: file.text))
            let used = Self.matches(#"\.(\w+)\b"#, in: file.text)
            #expect(words.isDisjoint(with: types), "\(file.name) names view types: \(words.intersection(types).sorted())")
            #expect(Set(used).isDisjoint(with: members), "\(file.name) calls view members: \(Set(used).intersection(members).sorted())")
        }
    }
}
