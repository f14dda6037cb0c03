import KubeModel

/// Why a kubeconfig (or the in-cluster configuration) cannot be used. Its `description` is one
/// line naming the file, the context and the field at fault, and never holds a credential.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Cause: Sendable, Equatable {
        /// A file named by `--kubeconfig` does not exist.
        case fileMissing
        /// A file could not be read or is not a kubeconfig (YAML error, wrong shape).
        case unparsable(String)
        /// No file, no in-cluster environment: nothing to connect to.
        case noConfiguration
        /// No current context and none asked for.
        case noCurrentContext
        /// A context, cluster or user that is named but not defined.
        case undefined(kind: String, name: String)
        /// A required field is absent or empty.
        case missing
        /// A file a field names cannot be read.
        case unreadable(path: String, reason: String)
        /// A `*-data` field is not valid base64.
        case badBase64
        /// A certificate or key field does not hold PEM.
        case notPEM
        /// Two fields that exclude each other are both set.
        case conflicting(String)
        /// A field holds a value that is not allowed.
        case invalid(String)
        /// A legacy `auth-provider` entry: the provider plugins were removed from client-go.
        case authProviderUnsupported(String)
    }

    public var cause: Cause
    /// The kubeconfig file at fault, when one is.
    public var file: String?
    /// The context being resolved, when one is.
    public var context: String?
    /// The field at fault, as a path (`users[alice].client-key`).
    public var field: String?

    public init(_ cause: Cause, file: String? = nil, context: String? = nil, field: String? = nil) {
        self.cause = cause
        self.file = file
        self.context = context
        self.field = field
    }

    public var description: String {
        var whereParts: [String] = []
        if let file { whereParts.append("kubeconfig \(file)") }
        if let context { whereParts.append("context \"\(context)\"") }
        if let field { whereParts.append("field \(field)") }
        let at = whereParts.isEmpty ? "" : whereParts.joined(separator: ", ") + ": "
        let what: String
        switch cause {
        case .fileMissing: what = "file not found"
        case .unparsable(let detail): what = "not a valid kubeconfig: \(detail)"
        case .noConfiguration:
            what = "invalid configuration: no configuration has been provided (no kubeconfig file and not running in a cluster)"
        case .noCurrentContext: what = "no current-context is set; pass --context"
        case .undefined(let kind, let name): what = "\(kind) \"\(name)\" is not defined"
        case .missing: what = "is required but missing"
        case .unreadable(let path, let reason): what = "cannot read \(path): \(reason)"
        case .badBase64: what = "is not valid base64"
        case .notPEM: what = "does not hold PEM data"
        case .conflicting(let other): what = "cannot be set together with \(other)"
        case .invalid(let detail): what = detail
        case .authProviderUnsupported(let name):
            what = "auth-provider \"\(name)\" is not supported (legacy provider plugins were removed); "
                + "use an exec credential plugin instead (for gcp: gke-gcloud-auth-plugin, for azure: kubelogin)"
        }
        return TerminalSafe.text((at + what).replacingOccurrences(of: "\n", with: " "))
    }
}
