import Foundation
import Delivery

/// Reads `-f` arguments for offline inspection: YAML or JSON files, directories of them (in
/// file-name order, not recursive, only `.yaml`, `.yml` and `.json`), or `-` for standard input.
enum ManifestFiles {
    /// A file that cannot be read at all (missing, unreadable); parse errors are `ManifestError`s.
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ paths: [String]) throws -> ObjectSet {
        try loadDump(paths).objects
    }

    /// The objects, and when the dump was taken (`DumpTime`: its newest timestamp, else the
    /// newest file's modification time).
    static func loadDump(_ paths: [String], now: Date = Date()) throws -> (objects: ObjectSet, time: DumpTime) {
        var set = ObjectSet()
        var files: [(text: String, modified: Date?)] = []
        for path in paths {
            for file in try expand(path) {
                let data: Data
                var modified: Date?
                if file == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    do {
                        data = try Data(contentsOf: URL(fileURLWithPath: file))
                        modified = try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
                    } catch {
                        throw ReadError(description: "\(file): cannot read: \((error as NSError).localizedDescription)")
                    }
                }
                set.append(try ManifestReader.read(data, file: file))
                files.append((String(decoding: data, as: UTF8.self), modified))
            }
        }
        return (set, DumpTime.of(files, now: now))
    }

    /// The files a path stands for.
    static func expand(_ path: String) throws -> [String] {
        if path == "-" { return ["-"] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(description: "\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted()
        return names.map { (path as NSString).appendingPathComponent($0) }
    }
}
