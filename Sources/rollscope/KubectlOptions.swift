import ArgumentParser
import Console
import Foundation
import Kube
import KubeModel

/// kubectl's global flags about how requests are sent and logged (`--request-timeout`, `--as`,
/// `--as-group`, `-v`, `--log-file`), shared by every command that talks to a cluster.
struct KubectlOptions: ParsableArguments {
    @Option(name: .customLong("request-timeout"),
            help: "The longest a single request may take (30s, 1m, or seconds); 0 means no limit. Watches are not cut.")
    var requestTimeout = "0"

    @Option(name: .customLong("as"), help: "The user to impersonate for every request.")
    var impersonateUser: String?

    @Option(name: .customLong("as-group"), help: "A group to impersonate (repeatable).")
    var impersonateGroups: [String] = []

    @Option(name: .customShort("v"),
            help: "Log each request as kubectl -v does: 6 the method, URL, status and latency; 7 the request headers; 8 the response headers and bodies (cut at 1024 characters); 10 the whole bodies. Credentials are masked.")
    var verbosity = 0

    @Option(name: .customLong("log-file"), help: "Write the -v log to this file (the console's log goes only there, never to its screen).")
    var logFile: String?

    func validate() throws {
        if impersonateUser == nil, !impersonateGroups.isEmpty {
            throw ValidationError("--as-group needs --as: a group is impersonated together with a user, as kubectl requires")
        }
        guard let seconds = GoDuration.seconds(requestTimeout), seconds >= 0 else {
            throw ValidationError("invalid --request-timeout \"\(requestTimeout)\": give a duration such as 30s or 1m, or 0 for none")
        }
    }

    /// The client's options: `base` with these flags applied. The log goes to `--log-file`, else to
    /// standard error when `toStandardError` (the CLI; never the console, whose screen it is).
    func clientOptions(_ base: KubeClientOptions = KubeClientOptions(), toStandardError: Bool) throws -> KubeClientOptions {
        var options = base
        options.requestTimeout = GoDuration.seconds(requestTimeout).flatMap { $0 > 0 ? $0 : nil }
        options.impersonation = impersonateUser.map { ClientConfig.Impersonation(user: $0, groups: impersonateGroups) }
        if verbosity >= 6 {
            if let logFile {
                // Appended to, as klog appends: a second run does not erase the first one's log.
                let descriptor = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else {
                    throw CommandFailure("error: cannot open the log file \(logFile): \(String(cString: strerror(errno)))")
                }
                options.requestLog = RequestLog(level: verbosity, handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
            } else if toStandardError {
                options.requestLog = RequestLog(level: verbosity, handle: .standardError)
            }
        }
        return options
    }
}
