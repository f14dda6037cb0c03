import Foundation

/// glibc malloc's own account of its heap, to tell the memory a process holds apart from the
/// free memory malloc keeps in its arenas: the resident size shows both (`MemoryTrim`).
public struct MallocStatistics: Sendable {
    /// Bytes malloc has from the system: its arenas' heaps and its mmapped chunks.
    public var system: Int
    /// Of those, bytes in free chunks (fast bins, the other bins, each arena's top).
    public var free: Int
    /// Arenas (a thread that finds its arena locked gets another, up to eight per core).
    public var arenas: Int

    /// Bytes in chunks handed out and not freed.
    public var inUse: Int { system - free }

    /// The statistics now; nil with a C library other than glibc. `malloc_info` is looked up at
    /// run time (it is declared in malloc.h, which Swift's Glibc module does not include; its
    /// `mallinfo2` returns a struct, which a `@convention(c)` type cannot) and writes XML to a
    /// `FILE`, here a memory stream; the totals over all arenas come last.
    public static func now() -> MallocStatistics? {
        guard let symbol = dlsym(nil, "malloc_info") else { return nil }
        let mallocInfo = unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32).self)
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = mallocInfo(0, stream)
        fclose(stream)
        defer { Foundation.free(buffer) }
        guard status == 0, let buffer else { return nil }
        return parse(String(cString: buffer))
    }

    /// Reads `malloc_info`'s XML: each arena's `<heap>` first, then the totals.
    static func parse(_ xml: String) -> MallocStatistics? {
        var last: [String: Int] = [:]
        var arenas = 0
        for line in xml.split(separator: "\n") {
            if line.hasPrefix("<heap ") { arenas += 1 }
            guard line.hasPrefix("<total ") || line.hasPrefix("<system "),
                  let type = attribute("type", line), let size = attribute("size", line).flatMap({ Int($0) }) else { continue }
            last[(line.hasPrefix("<total ") ? "total." : "system.") + type] = size
        }
        guard let current = last["system.current"], let fast = last["total.fast"], let rest = last["total.rest"] else { return nil }
        return MallocStatistics(system: current + (last["total.mmap"] ?? 0), free: fast + rest, arenas: arenas)
    }

    private static func attribute(_ name: String, _ line: Substring) -> Substring? {
        guard let start = line.range(of: " \(name)=\"") else { return nil }
        let rest = line[start.upperBound...]
        return rest.firstIndex(of: "\"").map { rest[..<$0] }
    }
}
