import Foundation
import Testing
@testable import OSVMTUI

/// The workbench's history and recovery files can hold keys typed or pasted by hand.
@Suite struct PrivateFilesTests {
    func mode(_ p: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: p))?[.posixPermissions] as? Int) ?? -1 }

    @Test func historyAndRecoveryAre0600() throws {
        let home = NSTemporaryDirectory() + "osvm-wb-files-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let files = WorkbenchFiles(home: home)
        files.appendHistory("(define key \"sk-typed\")")
        files.appendHistory("(+ 1 2)")
        #expect(mode(files.history) == 0o600)
        #expect(mode(files.dir) == 0o700)
        #expect(files.loadHistory() == ["(define key \"sk-typed\")", "(+ 1 2)"])
        let recovery = RecoveryStore(home: home, pid: 4242)
        recovery.write(path: nil, text: "(unsaved)")
        #expect(mode(recovery.file) == 0o600)
        #expect(mode(recovery.dir) == 0o700)
        #expect(recovery.current()?.text == "(unsaved)")
        // A history file left 0644 by an older version is narrowed on the next append.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: files.history)
        files.appendHistory("(+ 3 4)")
        #expect(mode(files.history) == 0o600)
    }
}
