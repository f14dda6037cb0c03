import Foundation

/// Appends audit records to `$XDG_STATE_HOME/rollscope/audit.log`, creating the directory
/// (0700) and the file (0600) on first use. Each record is one `write(2)` on an `O_APPEND`
/// descriptor, so concurrent rollscope sessions never interleave lines.
public struct AuditLog: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func append(_ record: AuditRecord) throws(AuditLogError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array((record.line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .cannotWrite(path, String(cString: strerror(errno))) }
    }
}

/// The audit log could not be written. The mutation is then not sent: an unaudited change is
/// what the log exists to prevent.
public enum AuditLogError: Error, Hashable, CustomStringConvertible {
    case cannotOpen(String, String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, why): "audit log \(path): cannot open: \(why)"
        case let .cannotWrite(path, why): "audit log \(path): cannot write: \(why)"
        }
    }
}
