import Foundation
import KubeModel

/// A pod's container log (`GET …/pods/NAME/log`), read as kubectl reads it: raw text, streamed.
extension KubeClient {
    /// The request for one container's log.
    public static func logRequest(namespace: String, pod: String, _ options: PodLogOptions) -> APIRequest {
        APIRequest(method: .get, path: ResourceType.pods.path(namespace: namespace, name: pod, subresource: "log"), query: options.query)
    }

    /// The log's lines as they arrive (with `follow`, until the container stops, the server closes
    /// the stream or the consumer stops reading), each decoded as UTF-8 (a character split across
    /// chunks is whole: lines are cut on bytes first; invalid bytes become U+FFFD) and made
    /// terminal-safe (`TerminalSafe.text`: escapes, controls and bidi overrides shown, not obeyed).
    /// A refusal (403 on `pods/log`, 400 for a container waiting to start) throws its `KubeError`.
    public func logLines(namespace: String, pod: String, _ options: PodLogOptions,
                         onOpen: (@Sendable () -> Void)? = nil) -> AsyncThrowingStream<String, any Error> {
        let raw = lines(Self.logRequest(namespace: namespace, pod: pod, options), text: true, onOpen: onOpen)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await line in raw { continuation.yield(Self.logText(line)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One log line's bytes as text fit for a terminal.
    static func logText(_ line: Data) -> String {
        TerminalSafe.text(String(decoding: line, as: UTF8.self))
    }
}
