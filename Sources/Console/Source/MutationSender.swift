import Foundation
import Kube
import KubeModel
import Delivery

/// Sends one mutation's requests in order, each exactly once, through `ActionPlan.run` (which
/// owns the plugin's fallback: a 404 on the first request switches to `onNotFound`, for CRDs
/// without a status subresource); any other error stops and is reported with the API's own
/// message. Nothing is ever retried: a conflict or a lost answer goes back to the operator.
public enum MutationSender {
    public static func run(_ mutation: Mutation, send: (APIRequest) async throws -> Void) async -> MutationOutcome {
        let plan = ActionPlan(requests: mutation.requests, onNotFound: mutation.onNotFound, message: mutation.label)
        // The outcome of the last request sent; a request that never got an answer stops the plan.
        var last: MutationOutcome = .succeeded
        _ = await plan.run { request in
            do {
                try await send(request)
                last = .succeeded
                return 200
            } catch let error as KubeError {
                guard let code = error.httpStatus else {
                    last = .unreachable(error.message)
                    return 599
                }
                last = .failed(APIStatus(code: code, reason: reason(error), message: error.message))
                return code
            } catch {
                last = .unreachable("\(error)")
                return 599
            }
        }
        return last
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
        case let .server(_, reason, _): reason
        case .transport, .decoding, .credentials, .cancelled: "Unknown"
        }
    }
}
