import Foundation
import JSONValue

/// One fuzzed entry point: it must never crash, whatever the bytes; it may reject them.
struct FuzzTarget: Sendable {
    var name: String
    var run: @Sendable (Data) -> Void
}

/// Every fuzz target, by name.
enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "json", run: fuzzJSON),
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The target ROLLSCOPE_FUZZ_TARGET names (read once); a bad name stops the run at once.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ROLLSCOPE_FUZZ_TARGET"] ?? ""
        guard let target = named(name) else {
            FileHandle.standardError.write(Data("ROLLSCOPE_FUZZ_TARGET must be one of: \(all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The JSON parser the embedded server reads request bodies with: a parsed value must
    /// serialize to text that parses back to the same value.
    static func fuzzJSON(_ data: Data) {
        guard let value = try? JSON(parsing: data) else { return }
        guard let again = try? JSON(parsing: value.serialized()), again == value else {
            fatalError("JSON round trip changed the value of \(String(decoding: data, as: UTF8.self))")
        }
        _ = value.applyingMergePatch(value)
        _ = try? value.applyingJSONPatch(value)
        _ = value.applyingStrategicMergePatch(value)
    }
}
