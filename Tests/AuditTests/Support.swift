import Foundation
@testable import Audit

/// The Rust parser for tests: $OSVM_AUDIT_PYTHON (scripts/test.sh sets it), else the repo's
/// .build/audit-venv, else the `osvm audit --setup` venv.
let testParser: RustParser? = {
    let env = ProcessInfo.processInfo.environment
    var candidates = [env["OSVM_AUDIT_PYTHON"] ?? ""]
    candidates.append(repoRoot + "/.build/audit-venv/bin/python")
    candidates.append(RustParser.defaultVenv() + "/bin/python")
    for c in candidates where !c.isEmpty && RustParser.hasPackages(c) { return RustParser(python: c) }
    return nil
}()

let repoRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
let fixtures = repoRoot + "/Tests/AuditTests/Fixtures"

struct NoParser: Error, CustomStringConvertible {
    var description: String { "no Python with tree-sitter-rust: run scripts/test.sh's setup or `osvm audit --setup`" }
}

func audit(_ path: String) throws -> AuditReport {
    guard let parser = testParser else { throw NoParser() }
    return try Auditor.audit(try Workspace.discover(path), parser: parser)
}
