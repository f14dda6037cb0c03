import Foundation
import Delivery
import Testing
import TerminalUI
@testable import Console

/// The real terminal backend on a pseudo-terminal: the console draws the seed objects, takes
/// keys, quits on `q`, and leaves the terminal's modes as it found them.
@Suite(.serialized) struct TerminalRunTests {
    final class Box<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    @Test func startsShowsRowsQuitsAndRestoresTheTerminal() throws {
        let pty = try PseudoTerminal(size: Size(width: 100, height: 30))
        let before = pty.modes()
        let source = SnapshotSource(objects: try SourceBuilderTests.objects(), name: "seed", now: Fixtures.now)
        let status = Box<Int32?>(nil)
        // The program's end of the pty, as plain descriptors (the pty object stays on this thread).
        let slave = pty.slave
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            var options = TerminalOptions()
            options.inputDescriptor = slave
            options.outputDescriptor = slave
            options.terminalType = "xterm-256color"
            guard let session = try? TerminalSession.start(options, environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"]) else { return }
            let state = ConsoleState(identity: source.identity, scope: .all, watchAllNamespaces: true, readOnly: true, now: Fixtures.now)
            let loop = ConsoleLoop(state: state, terminal: session, source: source,
                                   runner: EffectRunner(source: source, readOnly: true, audit: nil), frameRate: 60)
            status.value = loop.run()
            session.stop()
        }
        thread.start()
        var screen = ""
        for _ in 0..<100 where !screen.contains("api-gateway") {
            Thread.sleep(forTimeInterval: 0.05)
            screen += String(decoding: pty.readAvailable(), as: UTF8.self)
        }
        #expect(screen.contains("api-gateway"))
        #expect(screen.contains("rollouts-demo"))
        pty.send("q")
        #expect(done.wait(timeout: .now() + 5) == .success, "q quits")
        #expect(status.value == 0)
        let after = pty.modes()
        #expect(after.c_lflag == before.c_lflag, "line discipline restored (echo, canonical mode)")
        #expect(after.c_iflag == before.c_iflag)
        #expect(after.c_oflag == before.c_oflag)
    }
}
