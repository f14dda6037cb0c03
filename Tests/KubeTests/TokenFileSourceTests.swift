import Foundation
import Testing
@testable import Kube

@Suite struct TokenFileSourceTests {
    @Test func theFileIsReadAgainWhenItChanges() throws {
        let dir = TempDir()
        let path = dir.write("token", "first\n")
        let source = TokenFileSource(path: path, fallback: nil)
        #expect(try source.token() == "first")
        dir.write("token", "second-rotated\n")
        #expect(try source.token() == "second-rotated")
    }

    @Test func anUnreadableFileFallsBackToTheInlineToken() throws {
        let source = TokenFileSource(path: "/nowhere/token", fallback: "inline")
        #expect(try source.token() == "inline")
        let bare = TokenFileSource(path: "/nowhere/token", fallback: nil)
        #expect(throws: KubeError.credentials("cannot read tokenFile /nowhere/token")) { try bare.token() }
    }
}
