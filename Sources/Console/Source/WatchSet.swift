import Foundation
import Kube
import KubeModel
import Delivery

/// The informers the console runs, one per `WatchSpec`: started and stopped as the reducer's
/// watches change, each object decoded as the type `ObjectSetKind` gives its resource, with its
/// text beside it (`Verbatim`: the store keeps the list's objects as their texts), and every
/// delta, state change and unreadable object handed to `deliver` type-erased (on the informer's
/// threads: a watch's events on the transport's, as they are decoded). Keeps no objects: the store
/// does; for a watch whose objects the store keeps as text (`ObjectStore.keepsText`), each object's
/// record is packed for it (`KeptTexts.pack`: the compression) on the thread that decoded it, so the
/// main thread only copies it.
final class WatchSet {
    /// What an informer reports, erased for the store.
    enum Report: Sendable {
        case objects(StoreEvent)
        case state(ConnectionState)
        case unreadable(UnreadableObject)
        /// A page of the watch's first list and how far the list has come, in one report so
        /// the frame that shows its rows says the same count.
        case page(StoreEvent, ListProgress)
    }

    private struct Running {
        var stop: () -> Void
        var keepingText: Bool
    }

    private let client: KubeClient
    private let options: InformerOptions
    private let deliver: @Sendable (WatchSpec, Report) -> Void
    private var running: [WatchSpec: Running] = [:]

    init(client: KubeClient, options: InformerOptions, deliver: @escaping @Sendable (WatchSpec, Report) -> Void) {
        self.client = client
        // The store keeps the objects: the informers keep only their keys.
        var options = options
        options.keepsObjects = false
        self.options = options
        self.deliver = deliver
    }

    /// The watches running now.
    var specs: Set<WatchSpec> { Set(running.keys) }

    func isRunning(_ spec: WatchSpec) -> Bool { running[spec] != nil }

    /// Starts `spec` unless it runs; `keepingText`: the store keeps its objects as text.
    func start(_ spec: WatchSpec, keepingText: Bool) {
        guard running[spec] == nil else { return }
        running[spec] = informer(spec, reportingAs: spec, keepingText: keepingText)
    }

    /// Stops `spec`.
    func stop(_ spec: WatchSpec) {
        running.removeValue(forKey: spec)?.stop()
    }

    /// Runs `replacement` in place of `spec`, still reporting as `spec` (so closing `spec` closes it).
    func replace(_ spec: WatchSpec, with replacement: WatchSpec) {
        guard let old = running[spec] else { return }
        old.stop()
        running[spec] = informer(replacement, reportingAs: spec, keepingText: old.keepingText)
    }

    func stopAll() {
        for informer in running.values { informer.stop() }
        running = [:]
    }

    private func informer(_ spec: WatchSpec, reportingAs key: WatchSpec, keepingText: Bool) -> Running? {
        guard let type = ObjectSetKind.served(by: spec.resource)?.type else { return nil }
        let scope = ListScope(namespace: spec.namespace, labelSelector: spec.labelSelector, fieldSelector: spec.fieldSelector)
        let deliver = self.deliver
        func run<T: KubeObject>(_ type: T.Type) -> Running {
            let informer = Informer<Verbatim<T>>(client: client, resource: spec.resource, scope: scope, options: options) { event in
                switch event {
                case let .state(state): deliver(key, .state(state)); return
                case let .unreadable(object): deliver(key, .unreadable(object))
                default: break
                }
                guard let erased = StoreEvent(event) else { return }
                let change = keepingText ? erased.packingTexts(in: .shared) : erased
                if case let .page(_, progress) = event { deliver(key, .page(change, progress)) } else { deliver(key, .objects(change)) }
            }
            informer.start()
            return Running(stop: { informer.stop() }, keepingText: keepingText)
        }
        return run(type)
    }
}
