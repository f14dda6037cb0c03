/// Several kubeconfig files merged by kubectl's rules: named clusters, users and contexts merge by
/// name and the first file defining a name wins the whole entry (no field merge); `current-context`
/// comes from the first file that sets one. Each entry remembers its file, for relative paths and errors.
public struct MergedKubeconfig: Sendable, Equatable {
    /// A value and the file that defined it.
    public struct Sourced<Value: Sendable & Equatable>: Sendable, Equatable {
        public var value: Value
        public var file: String
    }

    public var currentContext: Sourced<String>?
    public var clusters: [String: Sourced<KubeconfigFile.Cluster>] = [:]
    public var users: [String: Sourced<KubeconfigFile.User>] = [:]
    public var contexts: [String: Sourced<KubeconfigFile.Context>] = [:]
    /// The files merged, in order.
    public var files: [String] = []

    /// Merges files in precedence order (first wins).
    public init(_ files: [(path: String, file: KubeconfigFile)]) {
        for (path, file) in files {
            self.files.append(path)
            if currentContext == nil, let name = file.currentContext { currentContext = Sourced(value: name, file: path) }
            for entry in file.clusters where clusters[entry.name] == nil {
                clusters[entry.name] = Sourced(value: entry.cluster, file: path)
            }
            for entry in file.users where users[entry.name] == nil {
                users[entry.name] = Sourced(value: entry.user, file: path)
            }
            for entry in file.contexts where contexts[entry.name] == nil {
                contexts[entry.name] = Sourced(value: entry.context, file: path)
            }
        }
    }

    /// The file to name in an error that concerns the merged whole.
    public var displayName: String { files.count == 1 ? files[0] : files.joined(separator: ":") }
}
