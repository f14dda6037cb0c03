import APIServer
import Foundation
import JSONValue
import KubeModel

/// Plays a scenario's script against the running controllers, driven by the objects it watches
/// (never by polling): one-shot cues ("once `shop/cart` is Healthy, release a new image") fired
/// in order per object, and a periodic release of the next image to one settled workload among
/// those that cycle, so the screen stays alive.
final class ScenarioDirector: @unchecked Sendable {
    /// A one-shot action run the first time its object satisfies `when`.
    struct Cue {
        var when: @Sendable (JSON) -> Bool
        var action: @Sendable (JSON) -> Void
    }

    private let store: ObjectStore
    private let clock: any DemoClock
    private let random: DemoRandom
    private let release: Release
    /// Cues per `kind/namespace/name` (confined to the clock's context).
    private var cues: [String: [Cue]] = [:]
    /// Workloads new releases cycle through, with their image palettes.
    private var cycling: [(resource: ResourceType, key: String, palette: [String])] = []
    private var stopped = false

    init(store: ObjectStore, clock: any DemoClock, random: DemoRandom) {
        self.store = store
        self.clock = clock
        self.random = random
        release = Release(store: store)
    }

    /// Registers cues before `start` (from the thread that builds the scenario).
    func cue(_ resource: ResourceType, _ namespace: String, _ name: String, _ cue: Cue) {
        cues["\(resource.plural)/\(namespace)/\(name)", default: []].append(cue)
    }

    func cycle(_ resource: ResourceType, _ namespace: String, _ name: String, palette: [String]) {
        cycling.append((resource, "\(namespace)/\(name)", palette))
    }

    func start(_ watcher: StoreWatcher, releaseInterval: TimeInterval) throws {
        for r in [ResourceType.rollouts, .canaries, .deployments] {
            try watcher.watch(r, clock: clock) { [weak self] kind, object in
                guard let self, kind != .deleted, !stopped else { return }
                let id = "\(r.plural)/\(object.key)"
                while let first = cues[id]?.first, first.when(object) {
                    cues[id]?.removeFirst()
                    first.action(object)
                }
            }
        }
        if releaseInterval > 0 { scheduleRelease(every: releaseInterval) }
    }

    func stop() { clock.schedule(after: 0) { [weak self] in self?.stopped = true } }

    private func scheduleRelease(every interval: TimeInterval) {
        clock.schedule(after: interval) { [weak self] in
            guard let self, !stopped else { return }
            releaseOne()
            scheduleRelease(every: interval)
        }
    }

    /// Releases the next image of one cycling workload that is at rest (Healthy, Succeeded or Initialized).
    private func releaseOne() {
        let settled = cycling.compactMap { entry -> (JSON, [String])? in
            let (ns, name) = splitKey(entry.key)
            guard let object = (try? store.get(entry.resource, namespace: ns, name: name))?.json else { return nil }
            let phase = object[path: ["status", "phase"]]?.stringValue ?? ""
            let atRest = entry.resource == .rollouts
                ? phase == "Healthy" && object[path: ["status", "stableRS"]] == object[path: ["status", "currentPodHash"]]
                : phase == "Succeeded" || phase == "Initialized"
            return atRest ? (object, entry.palette) : nil
        }
        guard let (object, palette) = random.pick(settled), let image = release.image(of: object) else { return }
        release.apply(to: object, image: Release.next(after: image, palette: palette))
    }
}

/// The cue scenarios use most.
extension ScenarioDirector.Cue {
    /// Once the object's `status.phase` is `phase`.
    static func phase(_ phase: String, _ action: @escaping @Sendable (JSON) -> Void) -> Self {
        Self(when: { $0[path: ["status", "phase"]]?.stringValue == phase }, action: action)
    }
}
