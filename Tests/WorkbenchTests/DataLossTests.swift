import Foundation
import Testing
@testable import OSVMTUI

/// Paths that used to lose work: `:open` over a modified buffer, a shared recovery file,
/// a discarded buffer coming back, `:open` of a new file, undo and the saved state.
@Suite struct DataLossTests {
    func modified(_ text: String = "(unsaved)") -> AppState {
        var s = Fixture.state()
        s.focus = .editor
        s.editor.load(text: "", path: "/tmp/a.ovsm")
        Fixture.type(&s, text)
        return s
    }

    func palette(_ s: inout AppState, _ line: String) -> [Effect] {
        Fixture.keys(&s, [.ctrl("p")])
        Fixture.type(&s, line)
        return Fixture.keys(&s, [.enter])
    }

    @Test func openOverAModifiedBufferAsksFirst() {
        var s = modified()
        #expect(palette(&s, "open /tmp/b.ovsm") == [])
        #expect(s.pendingOpen == "/tmp/b.ovsm")
        #expect(s.message?.contains("s save, d discard, c cancel") == true)
        #expect(Fixture.keys(&s, [.char("c")]) == [])          // cancel: the buffer stays
        #expect(s.editor.buffer.text == "(unsaved)" && s.editor.modified && s.pendingOpen == nil)

        _ = palette(&s, "open /tmp/b.ovsm")
        #expect(Fixture.keys(&s, [.char("d")]) == [.readFile("/tmp/b.ovsm")])
        #expect(Update.reduce(&s, .fileOpened(path: "/tmp/b.ovsm", text: "(b)")) == [.clearRecovery])
        #expect(s.editor.buffer.text == "(b)" && !s.editor.modified)

        var t = modified()
        _ = palette(&t, "open /tmp/b.ovsm")
        #expect(Fixture.keys(&t, [.char("s")]) == [.writeFile(path: "/tmp/a.ovsm", text: "(unsaved)")])
        #expect(Update.reduce(&t, .fileSaved(path: "/tmp/a.ovsm")) == [.clearRecovery, .readFile("/tmp/b.ovsm")])
    }

    @Test func openOfAMissingFileStartsAnEmptyBufferForIt() {
        var s = Fixture.state()
        let path = NSTemporaryDirectory() + "osvm-new-\(UUID().uuidString).ovsm"
        #expect(FileProblem.isMissing(path))
        _ = Update.reduce(&s, .newFileOpened(path: path))
        #expect(s.editor.path == path && s.editor.buffer.text == "" && !s.editor.modified)
        #expect(s.message?.contains("Ctrl-S creates it") == true)
        #expect(FileProblem.describe(CocoaError(.fileReadNoSuchFile), path: path) == "no such file")
        #expect(FileProblem.describe(CocoaError(.fileWriteUnknown), path: "/nonexistent-dir/x.ovsm", writing: true)
                == "no such directory /nonexistent-dir")
    }

    @Test func quitDiscardingRemovesTheRecovery() {
        var s = modified()
        #expect(Fixture.keys(&s, [.ctrl("q")]) == [])
        #expect(s.confirmQuit)
        #expect(Fixture.keys(&s, [.char("y")]) == [.clearRecovery, .quit])
        #expect(s.discardOnQuit && s.quitting)
    }

    @Test func undoGroupsWordsAndTracksTheSavedTextExactly() {
        var s = modified("(abc")
        #expect(Fixture.keys(&s, [.ctrl("s")]) == [.writeFile(path: "/tmp/a.ovsm", text: "(abc")])
        Fixture.type(&s, " def")                     // typed while the save is in flight
        _ = Update.reduce(&s, .fileSaved(path: "/tmp/a.ovsm"))
        #expect(s.editor.modified)                   // the saved version is "(abc", not this
        #expect(Fixture.keys(&s, [.ctrl("z")]) == [.clearRecovery])
        #expect(s.editor.buffer.text == "(abc" && !s.editor.modified)
        Fixture.keys(&s, [.ctrl("z")])
        #expect(s.editor.buffer.text == "" && s.editor.modified)
        Fixture.keys(&s, [.ctrl("y")])
        #expect(!s.editor.modified)
    }

    @Test func evaluationWritesTheRecoveryFirst() {
        var s = modified()
        #expect(Fixture.keys(&s, [.function(5)]) == [.saveRecovery(immediate: true), .evaluate("(unsaved)", .editor), .startTicking])
    }

    @Test func recoveryOffersRestoreOrDiscard() {
        var s = Fixture.state()
        let a = RecoveryOrphan(file: "/h/recovery-1.ovsm", path: "/w/a.ovsm", text: "(a)")
        let b = RecoveryOrphan(file: "/h/recovery-2.ovsm", path: nil, text: "(b)\n(c)")
        _ = Update.reduce(&s, .recoveryOffered([a, b]))
        #expect(s.message?.contains("a.ovsm, 1 line") == true)
        #expect(Fixture.keys(&s, [.char("x")]) == [])            // other keys wait for the answer
        #expect(Fixture.keys(&s, [.char("d")]) == [.discardRecovery(a)])
        #expect(s.message?.contains("an untitled buffer, 2 lines") == true)
        #expect(Fixture.keys(&s, [.char("r")]) == [.adoptRecovery(b)])
        #expect(s.editor.buffer.text == "(b)\n(c)" && s.editor.modified && s.recoveryOffers.isEmpty)
        Fixture.keys(&s, [.ctrl("z")])
        #expect(s.editor.modified)                                // a recovered buffer matches no saved file
    }

    @Test func eachInstanceHasItsOwnRecoveryAndOrphansAreFound() throws {
        let home = NSTemporaryDirectory() + "osvm-rec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let one = RecoveryStore(home: home, pid: 111)
        let two = RecoveryStore(home: home, pid: 222)
        one.write(path: "/w/one.ovsm", text: "(one)")
        two.write(path: nil, text: "(two)")
        #expect(one.file != two.file)
        #expect(one.current()?.text == "(one)" && two.current()?.text == "(two)")
        #expect(one.orphans().isEmpty && two.orphans().isEmpty)      // both running
        one.release()                                                // process 111 is gone
        let three = RecoveryStore(home: home, pid: 333)
        let orphans = three.orphans()
        #expect(orphans.map(\.text) == ["(one)"])
        three.adopt(orphans[0])
        #expect(three.current()?.text == "(one)" && three.current()?.path == "/w/one.ovsm")
        #expect(three.orphans().isEmpty)
        two.discard(RecoveryOrphan(file: two.file, path: nil, text: ""))
        #expect(two.current() == nil)
    }

    /// Background writes (typing) and the synchronous write/clear keep their order: a
    /// stale write never lands after a later clear (a discarded buffer stays discarded)
    /// or after the write before an evaluation.
    @Test func backgroundRecoveryWritesKeepTheirOrder() throws {
        let home = NSTemporaryDirectory() + "osvm-rec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let r = RecoveryStore(home: home, pid: 444)
        let gate = DispatchSemaphore(value: 0)
        r.writeLater(path: "/w/a.ovsm") { gate.wait(); return "(old)" }   // held until released
        r.clearLater()
        gate.signal()
        r.drain()
        #expect(r.current() == nil)
        r.writeLater(path: nil) { "(typing)" }
        r.write(path: nil, text: "(before evaluation)")
        #expect(r.current()?.text == "(before evaluation)")
        r.writeLater(path: nil) { "(more typing)" }
        r.clear()
        #expect(r.current() == nil)
        r.release()
    }

    @Test func largeBuffersAreAnalysedAroundTheViewport() {
        var e = EditorState()
        let line = "(define x \"some text\") ; comment"
        e.load(text: Array(repeating: line, count: 20_000).joined(separator: "\n"), path: nil)
        #expect(e.roles.count <= EditorState.window)
        #expect(e.role(row: 0, col: 1) == .keyword)
        e.buffer.row = 15_000
        e.scroll(height: 40)
        #expect(e.role(row: 15_000, col: 10) == .string)
        #expect(e.role(row: 15_000, col: 24) == .comment)
        #expect(e.partners[.init(row: 15_000, col: 0)] == .init(row: 15_000, col: 21))
        _ = e.apply(.char("("))
        #expect(e.version == 1 && e.modified)
        e.undo()
        #expect(!e.modified && e.buffer.lines[15_000] == Array(line))
    }
}
