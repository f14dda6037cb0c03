import DemoCluster
import Foundation

/// `demo --serve --stdin-commands`: one line of standard input per command, `stop CLUSTER` (take
/// that cluster's API server down) or `start CLUSTER` (bring it back on its port, objects kept),
/// each answered with one line on standard output. For reconnection tests and trying it by hand.
enum DemoStdinCommands {
    /// Reads standard input on a thread of its own until it ends.
    static func start(_ fleet: DemoFleet) {
        Thread.detachNewThread {
            while let line = readLine() {
                print(perform(line, on: fleet))
                fflush(nil) // all streams: Swift 6 rejects the C global `stdout` as shared mutable state
            }
        }
    }

    /// Runs one command line; returns what to answer.
    static func perform(_ line: String, on fleet: DemoFleet) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 2, ["stop", "start"].contains(words[0]) else {
            return "error: expected `stop CLUSTER` or `start CLUSTER`, not \(line.debugDescription)"
        }
        let name = words[1]
        do {
            if words[0] == "stop" {
                try fleet.stopServer(of: name)
                return "\(name): server stopped"
            }
            try fleet.restartServer(of: name)
            return "\(name): serving again at \(try fleet.member(named: name).server.url)"
        } catch {
            return "error: \(name): \(error)"
        }
    }
}
