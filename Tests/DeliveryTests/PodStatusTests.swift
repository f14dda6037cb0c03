import KubeModel
import Testing
@testable import Delivery

/// kubectl's pod status column, case by case.
@Suite struct PodStatusTests {
    typealias CS = ContainerStatus

    func pod(phase: String = "Running", containers: Int = 1, statuses: [CS] = [], inits: [CS] = [], initSpecs: [Container] = []) -> Pod {
        Pod(metadata: ObjectMeta(name: "p"),
            spec: PodSpec(containers: (0..<containers).map { Container(name: "c\($0)") }, initContainers: initSpecs),
            status: .init(phase: phase, initContainerStatuses: inits, containerStatuses: statuses))
    }

    @Test func runningAndReady() {
        let s = PodStatus(pod(containers: 2, statuses: [CS(name: "c0", ready: true, restartCount: 2, state: .init(running: .init())),
                                                          CS(name: "c1", ready: false, restartCount: 1, state: .init(running: .init()))]))
        #expect(s.status == "Running")
        #expect(s.readyText == "1/2")
        #expect(s.restarts == 3)
    }

    @Test func waitingReasonWins() {
        let s = PodStatus(pod(phase: "Pending", statuses: [CS(state: .init(waiting: .init(reason: "ImagePullBackOff")))]))
        #expect(s.status == "ImagePullBackOff")
        #expect(StatusIcon.pod(s.status) == .warning)
    }

    @Test func terminatedWithoutReason() {
        #expect(PodStatus(pod(statuses: [CS(state: .init(terminated: .init(exitCode: 2)))])).status == "ExitCode:2")
        #expect(PodStatus(pod(statuses: [CS(state: .init(terminated: .init(exitCode: 0, signal: 9)))])).status == "Signal:9")
    }

    @Test func completedWithARunningContainerIsRunning() {
        let s = PodStatus(pod(containers: 2, statuses: [CS(ready: true, state: .init(running: .init())),
                                                          CS(state: .init(terminated: .init(exitCode: 0, reason: "Completed")))]))
        #expect(s.status == "Running")
    }

    @Test func initContainers() {
        let specs = [Container(name: "i0"), Container(name: "i1")]
        #expect(PodStatus(pod(phase: "Pending", inits: [CS(name: "i0", state: .init(terminated: .init(exitCode: 0))),
                                                         CS(name: "i1", state: .init(running: .init()))], initSpecs: specs)).status == "Init:1/2")
        #expect(PodStatus(pod(phase: "Pending", inits: [CS(name: "i0", state: .init(waiting: .init(reason: "CrashLoopBackOff")))],
                              initSpecs: specs)).status == "Init:CrashLoopBackOff")
        #expect(PodStatus(pod(phase: "Pending", inits: [CS(name: "i0", state: .init(terminated: .init(exitCode: 3)))],
                              initSpecs: specs)).status == "Init:ExitCode:3")
        let sidecar = [Container(name: "i0", restartPolicy: "Always")]
        #expect(PodStatus(pod(inits: [CS(name: "i0", ready: true, started: true, state: .init(running: .init()))], initSpecs: sidecar)).status == "Running")
    }

    @Test func deletion() {
        var p = pod()
        p.metadata.deletionTimestamp = KubeTime(Fixtures.now)
        #expect(PodStatus(p).status == "Terminating")
        p.status.reason = "NodeLost"
        #expect(PodStatus(p).status == "Unknown")
    }

    @Test func iconOrder() {
        #expect(StatusIcon.pod("Init:0/1") == .progressing)
        #expect(StatusIcon.pod("ErrImagePull") == .warning)
        #expect(StatusIcon.pod("CreateContainerConfigError") == .warning)
        #expect(StatusIcon.pod("CrashLoopBackOff") == .bad)
        #expect(StatusIcon.pod("Completed") == .ok)
        #expect(StatusIcon.pod("Whatever") == .none)
    }
}
