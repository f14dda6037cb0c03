import Foundation

/// Appends lines to the file named by `TUI_SAMPLE_LOG`, flushed at once, for the tests.
struct SampleLog {
    let path: String?

    func write(_ line: String) {
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        var bytes = Array((line + "\n").utf8)
        _ = Foundation.write(fd, &bytes, bytes.count)
        close(fd)
    }
}
