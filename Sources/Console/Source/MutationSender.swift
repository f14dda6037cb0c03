import Foundation
import Kube
import KubeModel

/// Sends one mutation's requests in order, each exactly once. A 404 on the first request
/// switches to the plan's `onNotFound` requests (the plugin's fallback for CRDs without a
/// status subresource); any other error stops and is reported with the API's own message.
/// Nothing is ever retried: a conflict or a lost answer goes back to the operator.
public enum MutationSender {
    public static func run(_ mutation: Mutation, send: (APIRequest) async throws -> Void) async -> MutationOutcome {
        var requests = mutation.requests
        var index = 0
        var fellBack = false
        while index < requests.count {
            do {
                try await send(requests[index])
                index += 1
            } catch let error as KubeError {
                if case .notFound = error, index == 0, !fellBack, let fallback = mutation.onNotFound {
                    requests = fallback
                    fellBack = true
                    continue
                }
                guard let code = error.httpStatus else { return .unreachable(error.message) }
                return .failed(APIStatus(code: code, reason: reason(error), message: error.message))
            } catch {
                return .unreachable("\(error)")
            }
        }
        return .succeeded
    }

    /// The Status `reason` for an error, as the API names it.
    private static func reason(_ error: KubeError) -> String {
        switch error {
        case .notFound: "NotFound"
        case .alreadyExists: "AlreadyExists"
        case .conflict: "Conflict"
        case .forbidden: "Forbidden"
        case .unauthorized: "Unauthorized"
        case .gone: "Gone"
        case let .invalid(_, reason, _): reason
        case .tooManyRequests: "TooManyRequests"
        case .server: "InternalError"
        case .transport, .decoding, .credentials, .cancelled: "Unknown"
        }
    }
}
