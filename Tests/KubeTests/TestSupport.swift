import Foundation
import KubeModel

/// A temporary directory for one test, removed when the value is dropped.
final class TempDir: @unchecked Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kubetests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (sub-directories created) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // O_CLOEXEC: tests run in parallel and spawn plugins; a script's write descriptor inherited by
        // another test's child would make executing the script fail with ETXTBSY.
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0o755 : 0o644)
        precondition(fd >= 0, "cannot write \(file)")
        let bytes = Array(text.utf8)
        precondition(Foundation.write(fd, bytes, bytes.count) == bytes.count)
        close(fd)
        if executable { chmod(file, 0o755) }
        return file
    }
}

/// A test-only pod: only what the tests read.
struct TestPod: KubeObject, Equatable {
    var metadata: ObjectMeta
    var status: Status?

    struct Status: Codable, Sendable, Equatable {
        var phase: String?
    }
}

/// A small PEM block (the loader checks the armour, not the contents).
let fakePEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
