import APIServer
import ArgumentParser
import Benchmarks
import Console
import DemoCluster
import Foundation
import Glibc
import JSONValue
import TerminalUI

/// `rollscope bench console`: the console binary on a pseudo-terminal against the demo's scale
/// scenario, beside `kubectl get rollouts -A -w` on the same server when kubectl is installed.
/// Prints the time to the first complete frame, event-to-screen latency (from the server's
/// write to the traced frame that shows it), idle CPU, resident memory and terminal bytes per
/// second while a canary runs on screen.
struct ConsoleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The console at scale on a pseudo-terminal, beside kubectl: first frame, event-to-screen, idle CPU, memory, bytes/s.")

    @OptionGroup var scale: ScaleOptions
    @Option(help: "Rollouts created and deleted to time event-to-screen (each is two events).")
    var samples: Int = 50
    @Option(name: .customLong("idle-seconds"), help: "Seconds of the idle CPU measurement.")
    var idleSeconds: Int = 30
    @Option(name: .customLong("canary-seconds"), help: "Seconds of terminal traffic measured in each view while a canary runs.")
    var canarySeconds: Int = 20
    @Option(help: "The kubectl to compare with (default: the one on PATH; \"none\" to skip).")
    var kubectl: String?
    @Option(help: "The rollscope binary run as the console (default: this one; another build, to compare before and after).")
    var rollscope: String?
    @Option(help: "Demo clusters, each with the scale scenario (1-\(DemoFleet.maxClusters)): the console shows them all (--context with each cluster's name); events are timed in the first.")
    var clusters: Int = 1
    @Flag(name: .customLong("in-process-only"), help: "Print only the console's in-process figures (CPU time of its hot paths at both scales) and stop: no demo, no pty, no kubectl.")
    var inProcessOnly = false

    func validate() throws {
        guard samples > 0, idleSeconds > 0, canarySeconds > 0 else {
            throw ValidationError("--samples, --idle-seconds and --canary-seconds must be above 0")
        }
        guard (1...DemoFleet.maxClusters).contains(clusters) else {
            throw ValidationError("--clusters must be between 1 and \(DemoFleet.maxClusters), not \(clusters)")
        }
    }

    func run() throws {
        let total = scale.rollouts, podsPerRollout = scale.counts.podsPerRollout
        print("rollscope bench console: \(clusters == 1 ? "" : "\(clusters) clusters of ")\(scale.counts.namespaces) namespaces, \(total) rollouts, "
              + "\(scale.pods) pods, 120x40 pty (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        // The console's own share, in this process: state, reducer and rendering to a grid, at
        // both of the issue's scales whichever runs on the pty.
        for preset in ScaleOptions.Preset.allCases {
            let counts = preset.counts
            print(ConsoleBenchmarks.run(rows: counts.namespaces * counts.rolloutsPerNamespace, namespaces: counts.namespaces))
        }
        if inProcessOnly { return }
        let demo = try RunningDemo.start(DemoOptions(scenario: scale.scenario, seed: 1, speed: 20), clusters: clusters)
        defer { demo.stop() }
        let store = demo.server.store
        let seeded = Date()
        for member in demo.fleet.members {
            guard ScaleOptions.waitUntilQuiet(member.server.store, pods: total * podsPerRollout, timeout: 900) else {
                throw ValidationError("the scale scenario did not settle within 15 minutes")
            }
        }
        print(String(format: "scenario settled in %.1f s (%d objects written)", Date().timeIntervalSince(seeded), store.resourceVersion))

        let kubectlPath = kubectl == "none" ? nil : kubectl ?? Self.onPath("kubectl")
        var watch: KubectlWatch?
        if let kubectlPath {
            let started = try KubectlWatch(kubectl: kubectlPath, kubeconfig: demo.kubeconfigPath)
            watch = started
            // The header line, then one line per rollout.
            if let listed = started.timeOfLine(total + 1, timeout: 120) {
                print(String(format: "kubectl: first complete listing after %.0f ms", Self.ms(listed - started.startTime)))
            } else {
                print("kubectl: no complete listing within 120 s")
            }
        } else {
            print("kubectl: not found, no comparison")
        }
        defer { watch?.stop() }
        // kubectl listed from a server at rest; so does the console: the server hands its heap
        // back a second after its last large response (`HeapTrim`, `MemoryTrim`), and that trim,
        // after kubectl's pages, held malloc's locks in the middle of the console's first load.
        if watch != nil { Thread.sleep(forTimeInterval: 2) }

        let console = try ConsoleOnPty(
            executable: rollscope ?? Self.ownExecutable, arguments: ["--kubeconfig", demo.kubeconfigPath, "-A"]
                + (clusters > 1 ? ["--context", demo.fleet.members.map(\.name).joined(separator: ",")] : []),
            size: Size(width: 120, height: 40),
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory(),
                          "XDG_CONFIG_HOME": NSTemporaryDirectory() + "rollscope-bench-none", "PATH": "/usr/bin:/bin"])
        let stats = ProcessStats(pid: console.pid)
        // The header sums every cluster's rows: complete once all of them are counted.
        let counted = "\(total * clusters) Healthy"
        guard let first = console.firstFrame(after: console.startTime, timeout: 60, where: { _ in true }),
              let complete = console.firstFrame(after: console.startTime, timeout: 120, where: { $0.rows.count > 1 && $0.rows[1].contains(counted) }) else {
            _ = console.quit()
            throw ValidationError("the console drew no complete frame (all \(total * clusters) rollouts counted) within 2 minutes")
        }
        print(String(format: "rollscope: first frame after %.0f ms, first complete frame (\"%@\") after %.0f ms (aim 1500)",
                     Self.ms(first.time - console.startTime), counted, Self.ms(complete.time - console.startTime)))
        printStart(console.framesDrawn(from: console.startTime, to: complete.time), from: console.startTime)
        if let memory = stats.residentMB { print(String(format: "rollscope: %.0f MB resident after the first complete frame", memory.now)) }

        // Events are timed from when the console's watches (rollouts, canaries) are open.
        let watches = (watch == nil ? 0 : 1) + 2
        for _ in 0..<500 where demo.server.openWatchCount < watches { usleep(10_000) }
        // ...and from a console at rest: a frame drawn just before an event holds the next one back
        // by up to the frame interval (the frame-rate cap coalesces bursts).
        console.waitUntilQuiet(milliseconds: 300)
        measureEventToScreen(store: store, console: console, watch: watch)
        measureIdle(store: store, console: console, watch: watch)
        measureActiveCanary(store: store, console: console)

        if let memory = stats.residentMB {
            print(String(format: "rollscope: %.0f MB resident at the end, peak %.0f MB (aim 150)", memory.now, memory.peak))
        }
        if let watch, let memory = ProcessStats(pid: watch.process.processIdentifier).residentMB {
            print(String(format: "kubectl: %.0f MB resident at the end, peak %.0f MB", memory.now, memory.peak))
        }
        let status = console.quit()
        print("rollscope: quit with status \(status.map(String.init) ?? "none (killed)")")
    }

    /// The way to the first complete frame: each frame whose header (its counts, `loading N of
    /// M`) differs from the last one's, with its time from the start; at most 24, evenly spread
    /// (the first and last always), so a list of 20,000 in pages of 500 still fits.
    private func printStart(_ frames: [ConsoleOnPty.Frame], from start: UInt64) {
        var changes: [(time: UInt64, header: String)] = []
        for frame in frames {
            let header = frame.rows.count > 1 ? frame.rows[1].split(separator: " ").joined(separator: " ") : ""
            if header != changes.last?.header { changes.append((frame.time, header)) }
        }
        guard !changes.isEmpty else { return }
        let shown = changes.count <= 24 ? Array(changes.indices) : (0..<24).map { $0 * (changes.count - 1) / 23 }
        print("  the header on the way (\(frames.count) frames, \(changes.count) headers):")
        for index in shown { print(String(format: "  %7.0f ms  %@", Self.ms(changes[index].time - start), changes[index].header)) }
    }

    /// Creates and deletes rollouts at the top of the list; times each from the server's write to
    /// the first frame (and kubectl line) showing it.
    private func measureEventToScreen(store: ObjectStore, console: ConsoleOnPty, watch: KubectlWatch?) {
        var screen: [Double] = []
        // The additions alone, the events kubectl's figure is taken over (its lines are matched by name).
        var added: [Double] = []
        // Every event timed, with when it was written and drawn.
        var probes: [(ms: Double, what: String, written: UInt64, drawn: UInt64)] = []
        var kubectlTimes: [Double] = []
        var missed = 0
        let namespace = "scale-000"
        for i in 0..<samples {
            let name = String(format: "bench-probe-%03d", i)
            let written = MonotonicClock.nanoseconds
            guard (try? store.create(.rollouts, namespace: namespace, object: Self.probe(name))) != nil else { missed += 1; continue }
            if let frame = console.firstFrame(after: written, timeout: 5, where: { $0.contains(name) }) {
                screen.append(Self.ms(frame.time - written))
                added.append(screen.last!)
                probes.append((screen.last!, "add \(i)", written, frame.time))
            } else { missed += 1 }
            if let watch, let line = watch.firstLine(after: written, containing: name, timeout: 5) {
                kubectlTimes.append(Self.ms(line - written))
            }
            usleep(150_000)
            let deleted = MonotonicClock.nanoseconds
            guard (try? store.delete(.rollouts, namespace: namespace, name: name)) != nil else { missed += 1; continue }
            if let frame = console.firstFrame(after: deleted, timeout: 5, where: { !$0.contains(name) }) {
                screen.append(Self.ms(frame.time - deleted))
                probes.append((screen.last!, "delete \(i)", deleted, frame.time))
            } else { missed += 1 }
            usleep(useconds_t(150_000 + (i * 37 % 100) * 1000))
        }
        print("rollscope: event-to-screen over \(screen.count) events (\(samples) rollouts added, then deleted): "
              + Self.percentiles(screen) + " (aim p99 30 ms)" + (missed > 0 ? ", \(missed) not seen within 5 s" : ""))
        print("rollscope: event-to-screen over the \(added.count) additions alone: " + Self.percentiles(added))
        // Where an addition's time goes as a rule: each stage's median over the additions whose
        // frame has it stamped after the write, in the stages' order.
        var reached: [String: [Double]] = [:]
        for probe in probes where probe.what.hasPrefix("add") {
            for stage in console.stages(ofFrameAt: probe.drawn) where stage.time >= probe.written {
                reached[String(stage.stage), default: []].append(Self.ms(stage.time - probe.written))
            }
        }
        let medians = EventStamps.Stage.allCases.compactMap { stage in
            reached[stage.rawValue].map { String(format: "%@ %.2f", stage.rawValue, Self.median($0)) }
        }
        print("  the additions' median time to each stage (ms after the write): "
              + (medians + (added.isEmpty ? [] : [String(format: "drawn %.2f", Self.median(added))])).joined(separator: ", "))
        // Where each of the slowest lost its time: when its frame's stamps were reached, in ms since the write.
        print("  slowest, with when each stage was reached (ms after the write):")
        for probe in probes.sorted(by: { $0.ms > $1.ms }).prefix(5) {
            // A stage reached before the write was reached by something else since the frame before
            // (another watch's event, the clock): said so, not given as a negative time.
            let stages = console.stages(ofFrameAt: probe.drawn).map { stage in
                stage.time < probe.written ? "\(stage.stage) before the write"
                    : String(format: "%@ %.2f", String(stage.stage), Self.ms(stage.time - probe.written))
            }
            print(String(format: "    %.1f ms (%@): ", probe.ms, probe.what) + (stages + ["drawn \(String(format: "%.2f", probe.ms))"]).joined(separator: ", "))
        }
        if watch != nil {
            print("kubectl: event-to-line over \(kubectlTimes.count) additions: " + Self.percentiles(kubectlTimes))
        }
    }

    /// CPU used while nothing changes on the server.
    private func measureIdle(store: ObjectStore, console: ConsoleOnPty, watch: KubectlWatch?) {
        _ = ScaleOptions.waitUntilQuiet(store, pods: nil, timeout: 60)
        let processes = [("rollscope", console.pid)] + (watch.map { [("kubectl", $0.process.processIdentifier)] } ?? [])
        let before = processes.map { ProcessStats(pid: $0.1).cpu }
        let version = store.resourceVersion
        let from = MonotonicClock.nanoseconds
        sleep(UInt32(idleSeconds))
        let to = MonotonicClock.nanoseconds
        let writes = store.resourceVersion - version
        for (index, (name, pid)) in processes.enumerated() {
            let used = before[index].flatMap { then in ProcessStats(pid: pid).cpu?.seconds(since: then) } ?? 0
            var line = String(format: "%@: idle CPU %.3f%% over %d s (%.4f s of CPU)", name, used / Double(idleSeconds) * 100, idleSeconds, used)
            if name == "rollscope" {
                line += String(format: ", %d frames, %d bytes to the terminal (aim 0.1%%)",
                               console.frameCount(from: from, to: to), console.bytes(from: from, to: to))
            }
            print(line)
        }
        if writes > 0 { print("  (the server wrote \(writes) changes during the idle window)") }
    }

    /// Starts a release of the first rollout on screen and counts the terminal's bytes, first on
    /// the list, then on that rollout's detail (revision tree, steps, pause countdown).
    private func measureActiveCanary(store: ObjectStore, console: ConsoleOnPty) {
        let namespace = "scale-000", name = "svc-0000"
        let patch: JSON = [["op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "argoproj/rollouts-demo:bench"]]
        guard (try? store.patch(.rollouts, namespace: namespace, name: name, type: .json, patch: patch)) != nil else {
            print("rollscope: could not start a release of \(namespace)/\(name)")
            return
        }
        let start = MonotonicClock.nanoseconds
        sleep(UInt32(canarySeconds))
        let middle = MonotonicClock.nanoseconds
        console.send("g")
        usleep(200_000)
        console.send("\r")
        let opened = console.firstFrame(after: middle, timeout: 5) { $0.contains("Name:") && $0.contains(name) } != nil
        let detailStart = MonotonicClock.nanoseconds
        sleep(UInt32(canarySeconds))
        let end = MonotonicClock.nanoseconds
        let progress = (try? store.get(.rollouts, namespace: namespace, name: name).json)
            .map { "step \($0[path: ["status", "currentStepIndex"]]?.intValue.map(String.init) ?? "?"), \($0[path: ["status", "phase"]]?.stringValue ?? "?")" } ?? "?"
        for (view, from, to) in [("list", start, middle), ("detail", detailStart, end)] where view == "list" || opened {
            let seconds = Double(to - from) / 1e9
            print(String(format: "rollscope: %@ view during a canary release: %.0f bytes/s to the terminal, %.1f frames/s (aim 2048 bytes/s)",
                         view, Double(console.bytes(from: from, to: to)) / seconds, Double(console.frameCount(from: from, to: to)) / seconds))
        }
        if !opened { print("rollscope: the detail view did not open") }
        print("  (\(namespace)/\(name) at the end: \(progress))")
    }

    /// A one-step canary Rollout with no replicas: an event on the list, little work for the controllers.
    private static func probe(_ name: String) -> JSON {
        ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
         "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
         "spec": ["replicas": 0, "selector": ["matchLabels": ["app": .string(name)]],
                  "template": ["metadata": ["labels": ["app": .string(name)]],
                               "spec": ["containers": [["name": "app", "image": "argoproj/rollouts-demo:blue"]]]],
                  "strategy": ["canary": ["steps": [["setWeight": 50]]]]]]
    }

    /// The middle value (the upper of the two middle ones); `values` must not be empty.
    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    private static func percentiles(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "none" }
        let sorted = values.sorted()
        func at(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return String(format: "median %.1f ms, p99 %.1f ms, max %.1f ms", at(0.5), at(0.99), sorted.last!)
    }

    private static func ms(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }

    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func onPath(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
