import APIServer
import Foundation
import JSONValue
import KubeModel

/// Figures for the embedded server, over real HTTPS on loopback: events per second one watcher
/// receives, list throughput for many realistic pods, and resident memory with them stored.
/// It prints figures and asserts nothing.
public enum ServerBenchmark {
    /// - Parameters:
    ///   - pods: how many pods to store and list.
    ///   - makePod: a realistic pod object (spec and status as a controller writes them) for an index.
    public static func run(pods: Int = 20_000, makePod: (Int) -> JSON, log: (String) -> Void) async throws {
        let server = try EmbeddedAPIServer(options: .init())
        try server.start()
        defer { server.stop() }
        let client = LoopbackClient(server)
        try server.store.create(.namespaces, namespace: nil, object: ["metadata": ["name": "bench"]])
        let rssBefore = residentMegabytes()

        // 1. Events to one watcher: every pod created, then its status written twice.
        let (watch, channel) = try client.start(.GET, "/api/v1/namespaces/bench/pods?watch=true&resourceVersion=\(server.store.resourceVersion)",
                                                credential: .token(server.credentials.adminToken), keepBody: false)
        await watch.wait { $0.status == 200 }
        // Objects are made as they are written (and only their names and statuses kept), so the
        // figures measure the server, not a benchmark-side copy of every pod.
        var made: [(name: String, status: JSON)] = []
        made.reserveCapacity(pods)
        let expected = pods * 3
        let start = Date()
        let (cpuStart, threadStart) = (processCPUSeconds(), threadCPUSeconds())
        // The benchmark's own making of pods (a third of the writing thread's time) is timed apart.
        var making: TimeInterval = 0
        var makingCPU: TimeInterval = 0
        for i in 0..<pods {
            let (t, c) = (Date(), threadCPUSeconds())
            let o = makePod(i)
            making += Date().timeIntervalSince(t)
            makingCPU += threadCPUSeconds() - c
            let stored = try server.store.create(.pods, namespace: "bench", object: o)
            made.append((stored.name, o["status"] ?? [:]))
        }
        for (name, status) in made {
            try server.store.update(.pods, namespace: "bench", name: name, object: ["metadata": ["name": .string(name)], "status": status],
                                    subresource: "status")
        }
        for (name, _) in made {
            try server.store.patch(.pods, namespace: "bench", name: name, type: .merge,
                                   patch: ["status": ["conditions": [["type": "Ready", "status": "True"]]]], subresource: "status")
        }
        made.removeAll()
        let written = Date().timeIntervalSince(start)
        let writingCPU = threadCPUSeconds() - threadStart
        await watch.wait(seconds: 120) { r in r.lock.withLock { r.newlineCount >= expected } }
        let received = Date().timeIntervalSince(start)
        let processCPU = processCPUSeconds() - cpuStart
        let eventBytes = watch.lock.withLock { watch.byteCount }
        let eventCount = watch.lock.withLock { watch.newlineCount }
        channel.close(promise: nil)
        log(String(format: "watch: %d events (%.1f MB) to one watcher over HTTPS in %.2f s: %.0f events/s received (store wrote them in %.2f s: %.0f writes/s)",
                   eventCount, Double(eventBytes) / 1e6, received, Double(eventCount) / received, written, Double(expected) / written))
        log(String(format: "watch, without the %.2f s the benchmark spent making pods: %.0f events/s received, %.0f writes/s",
                   making, Double(eventCount) / (received - making), Double(expected) / (written - making)))
        // CPU time, which the machine's other load changes less than the rates above.
        log(String(format: "watch, CPU time per event: %.1f µs on the writing thread (%.1f µs of it making pods), %.1f µs in the whole process (%.1f µs without the making)",
                   writingCPU / Double(expected) * 1e6, makingCPU / Double(expected) * 1e6,
                   processCPU / Double(expected) * 1e6, (processCPU - makingCPU) / Double(expected) * 1e6))
        let rssStored = residentMegabytes()
        let mallocStored = MallocStatistics.now()

        // 2. Listing every pod, whole and in pages of 500 (as client-go's pager asks).
        for round in 0..<3 {
            let t0 = Date()
            let list = try await client.send(.GET, "/api/v1/pods")
            let dt = Date().timeIntervalSince(t0)
            if round == 2 {
                log(String(format: "list: %d pods, %.1f MB in %.3f s: %.0f objects/s, %.0f MB/s", pods, Double(list.body.count) / 1e6, dt,
                           Double(pods) / dt, Double(list.body.count) / 1e6 / dt))
            }
        }
        let t0 = Date()
        var token: String?
        var pages = 0
        var bytes = 0
        repeat {
            let page = try await client.send(.GET, "/api/v1/pods?limit=500" + (token.map { "&continue=\($0)" } ?? ""))
            bytes += page.body.count
            pages += 1
            token = (try? JSON(parsing: page.body))?[path: ["metadata", "continue"]]?.stringValue
        } while token != nil
        let paged = Date().timeIntervalSince(t0)
        log(String(format: "list in pages of 500: %d pages, %.1f MB in %.3f s: %.0f objects/s", pages, Double(bytes) / 1e6, paged, Double(pods) / paged))

        // 3. Memory, after the lists (the server trims malloc's free memory on a queue of its own once
        // a large response is sent: `MemoryTrim`), then after a trim made here, which waits for none.
        log(String(format: "memory: %.0f MB resident with %d pods stored (%.0f MB before storing them, %.0f MB after, before the lists; the watch history keeps the last %d changes)",
                   residentMegabytes(), pods, rssBefore, rssStored, server.options.historyLimit))
        if let stored = mallocStored, let now = MallocStatistics.now() {
            log(String(format: "memory, as malloc counts it: %.0f MB in use, %.0f MB free in its %d arenas after storing; %.0f MB in use, %.0f MB free after the lists",
                       Double(stored.inUse) / 1e6, Double(stored.free) / 1e6, stored.arenas, Double(now.inUse) / 1e6, Double(now.free) / 1e6))
        }
        if MemoryTrim.trim() {
            log(String(format: "memory after malloc_trim(0): %.0f MB resident", residentMegabytes()))
        }
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// CPU time of the whole process (every thread, user and system), in seconds.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// VmRSS of this process, in MB (Linux /proc).
    public static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
