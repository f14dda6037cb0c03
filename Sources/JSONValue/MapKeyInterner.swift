import Foundation

/// One shared copy of each label and annotation key. Every pod of a cluster repeats the same few
/// keys (`app`, `pod-template-hash`, `kubectl.kubernetes.io/restartedAt`, ...), and a Swift string
/// over 15 bytes is a heap allocation of its own; handing out one instance per key saves that
/// allocation in every cached object. Bounded, so a cluster with unusual keys cannot grow it forever.
final class MapKeyInterner: @unchecked Sendable {
    static let shared = MapKeyInterner(limit: 4_096)

    private let lock = NSLock()
    private var keys: Set<String> = []
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The shared instance equal to `key` (small keys are stored inline and returned as they are).
    func intern(_ key: String) -> String {
        guard key.utf8.count > 15 else { return key }
        lock.lock()
        defer { lock.unlock() }
        if let existing = keys.firstIndex(of: key) { return keys[existing] }
        if keys.count < limit { keys.insert(key) }
        return key
    }
}
