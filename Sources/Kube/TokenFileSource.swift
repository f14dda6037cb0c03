import Foundation

/// A bearer token read from a file and read again whenever the file changes (its modification time
/// or size), so rotated bound service-account tokens are picked up without a restart.
final class TokenFileSource: Sendable {
    let path: String
    let fallback: String?
    private let cached = Locked<(stamp: FileStamp, token: String)?>(nil)

    /// The identity of one version of the file.
    struct FileStamp: Equatable {
        var modified: Date
        var size: Int
    }

    init(path: String, fallback: String?) {
        self.path = path
        self.fallback = fallback
    }

    /// The current token: the file's (trimmed) when readable, else the inline fallback.
    func token() throws(KubeError) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let modified = attributes?[.modificationDate] as? Date, let size = attributes?[.size] as? Int else {
            if let fallback { return fallback }
            throw KubeError.credentials("cannot read tokenFile \(path)")
        }
        let stamp = FileStamp(modified: modified, size: size)
        if let hit = cached.withLock({ $0 }), hit.stamp == stamp { return hit.token }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            if let fallback { return fallback }
            throw KubeError.credentials("cannot read tokenFile \(path)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw KubeError.credentials("tokenFile \(path) is empty") }
        cached.withLock { $0 = (stamp, token) }
        return token
    }
}
