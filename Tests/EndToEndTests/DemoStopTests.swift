import Foundation
import Testing

/// `rollscope demo --serve` stops on Ctrl-C even when the signal comes while the cluster is still
/// starting, and when it was started as a shell's background job (which starts with SIGINT
/// ignored, as CI's runs do): it once kept serving forever, and a test waiting for it hung.
@Suite struct DemoStopTests {
    @Test func anInterruptWhileStartingStopsItOnceStarted() throws {
        let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-stop-\(UUID().uuidString).kubeconfig").path
        defer { try? FileManager.default.removeItem(atPath: kubeconfig) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // `trap "" INT` ignores SIGINT, and exec keeps that for rollscope, as a background job's.
        process.arguments = ["-c", "trap '' INT; exec '\(rollscopeBinary)' demo --serve --kubeconfig-out '\(kubeconfig)'"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Before the kubeconfig is written: the cluster is still starting.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(!FileManager.default.fileExists(atPath: kubeconfig))
        process.interrupt()
        #expect(eventually(60) { !process.isRunning }, "demo --serve kept running after SIGINT")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
