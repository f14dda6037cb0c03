import Console
import Foundation
import Glibc

/// `kubectl get rollouts -A -w` against the same server, for comparison: each line of its
/// output stamped with the time it arrived.
final class KubectlWatch: @unchecked Sendable {
    let process: Process
    let startTime: UInt64
    private let lock = NSLock()
    private var lines: [(time: UInt64, text: Substring)] = []

    init(kubectl: String, kubeconfig: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl)
        process.arguments = ["--kubeconfig", kubeconfig, "get", "rollouts", "-A", "-w"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        startTime = MonotonicClock.nanoseconds
        try process.run()
        let descriptor = output.fileHandleForReading.fileDescriptor
        Thread { [self] in read(descriptor) }.start()
    }

    private func read(_ descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var partial: [UInt8] = []
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            guard count > 0 else { return }
            let now = MonotonicClock.nanoseconds
            partial += buffer[0..<count]
            guard let last = partial.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            let text = String(decoding: partial[...last], as: UTF8.self)
            partial.removeSubrange(...last)
            lock.withLock { lines += text.split(separator: "\n").map { (now, $0) } }
        }
    }

    /// When the `count`th line arrived, waiting at most `timeout` seconds.
    func timeOfLine(_ count: Int, timeout: Double) -> UInt64? {
        wait(timeout) { lines in lines.count >= count ? lines[count - 1].time : nil }
    }

    /// When the first line at or after `time` holding `text` arrived, waiting at most `timeout` seconds.
    func firstLine(after time: UInt64, containing text: String, timeout: Double = 10) -> UInt64? {
        wait(timeout) { lines in lines.first { $0.time >= time && $0.text.contains(text) }.map(\.time) }
    }

    private func wait(_ timeout: Double, _ found: ([(time: UInt64, text: Substring)]) -> UInt64?) -> UInt64? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let time = lock.withLock({ found(lines) }) { return time }
            usleep(2_000)
        } while Date() < deadline
        return nil
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
