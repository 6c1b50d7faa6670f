import Foundation
import Testing
@testable import Audit

@Suite struct WorkspaceTests {
    /// An Anchor workspace: programs/*, a target/ directory and Rust tests that must be skipped.
    static func anchorWorkspace() throws -> TempDir {
        let dir = TempDir()
        try dir.write("Anchor.toml", "[programs.localnet]\nvault = \"Fg6PaFpoGXkYsidMpWTK6W2BeZ7FEfcYkg476zPFsLnS\"\n")
        try dir.write("Cargo.toml", "[workspace]\nmembers = [\"programs/*\"]\n\n[profile.release]\nlto = true\n")
        try dir.write("programs/vault/Cargo.toml", "[package]\nname = \"vault\"\nversion = \"0.1.0\"\n")
        try dir.write("programs/vault/src/lib.rs", vulnerableHandler)
        try dir.write("programs/clean/Cargo.toml", "[package]\nname = \"clean\"\nversion = \"0.1.0\"\n")
        try dir.write("programs/clean/src/lib.rs", "pub fn add(a: u64, b: u64) -> Option<u64> { a.checked_add(b) }\n")
        try dir.write("target/debug/build/gen.rs", vulnerableHandler)
        try dir.write("programs/vault/tests/it.rs", vulnerableHandler)
        return dir
    }

    @Test func discoversCratesAndSkipsBuildOutputAndTests() throws {
        let dir = try Self.anchorWorkspace()
        let ws = try Workspace.discover(dir.path)
        #expect(ws.crates == ["programs/clean", "programs/vault"])
        #expect(ws.files.map { ws.relative($0) } == ["programs/clean/src/lib.rs", "programs/vault/src/lib.rs"])
        let report = try audit(dir.path)
        #expect(report.findings.map { "\($0.file):\($0.line)" } == ["programs/vault/src/lib.rs:7"])
    }

    @Test func overflowChecksLowerArithmeticToLow() throws {
        let dir = try Self.anchorWorkspace()
        try dir.write("Cargo.toml", "[workspace]\nmembers = [\"programs/*\"]\n\n[profile.release]\noverflow-checks = true\n")
        let report = try audit(dir.path)
        #expect(report.findings.map(\.severity) == [.low])
    }

    @Test func badInputIsAClearError() throws {
        #expect(throws: AuditError.input("no such file or directory: /nonexistent/x")) { try Workspace.discover("/nonexistent/x") }
        let dir = TempDir()
        let txt = try dir.write("notes.txt", "hi")
        #expect(throws: AuditError.input("not a Rust file or directory: \(txt)")) { try Workspace.discover(txt) }
    }

    @Test func theEmbeddedFrontEndIsToolsParseRust() throws {
        let file = try String(contentsOfFile: repoRoot + "/tools/audit/parse_rust.py", encoding: .utf8)
        #expect(ParserScript.source + "\n" == file, "run tools/audit/embed.sh")
    }
}
