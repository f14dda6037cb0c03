import Foundation
import KubeModel

/// Which custom resource API groups the server serves now, as if their CRDs were installed:
/// `argoproj.io` (Argo Rollouts) and `flagger.app` (Flagger). A group that is not served is
/// missing from discovery and from `/openapi/v3`, and every path under it answers `404 page not found` (plain text), as
/// kube-apiserver answers for a group no CRD defines. Groups can be installed or removed while the
/// server runs (tests, `rollscope demo --crds`). Deliberate difference: removing a group hides its
/// objects instead of deleting them (a real cluster deletes a CRD's objects with it), so
/// installing it again shows them as they are.
public final class ServedGroups: @unchecked Sendable {
    /// The custom groups the server knows; core and `apps` are always served.
    public static let custom = ["argoproj.io", "flagger.app"]

    private let lock = NSLock()
    private var installed: Set<String>
    private var onRemove: @Sendable (String) -> Void = { _ in }

    /// `groups`: the custom groups served at start (default: all of them).
    public init(_ groups: Set<String> = Set(ServedGroups.custom)) {
        installed = groups
    }

    /// Whether paths of `group` are served.
    public func serves(_ group: String) -> Bool {
        guard Self.custom.contains(group) else { return true }
        return lock.withLock { installed.contains(group) }
    }

    public func serves(_ r: ResourceType) -> Bool { serves(r.group) }

    /// The custom groups served now.
    public var groups: Set<String> { lock.withLock { installed } }

    /// Serves `group` from now on (its CRDs were installed).
    public func install(_ group: String) {
        lock.withLock { _ = installed.insert(group) }
    }

    /// Stops serving `group` (its CRDs were removed): open watches on it end.
    public func remove(_ group: String) {
        let (removed, handler) = lock.withLock { (installed.remove(group) != nil, onRemove) }
        if removed { handler(group) }
    }

    func connect(onRemove: @escaping @Sendable (String) -> Void) {
        lock.withLock { self.onRemove = onRemove }
    }
}
