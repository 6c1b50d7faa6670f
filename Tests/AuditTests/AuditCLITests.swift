import Foundation
import Testing
@testable import Audit

/// The built `osvm` next to the test bundle (`OSVM_BINARY` overrides).
let osvmBinary: String = {
    if let b = ProcessInfo.processInfo.environment["OSVM_BINARY"] { return b }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("osvm").path) {
        dir.deleteLastPathComponent()
    }
    return dir.appendingPathComponent("osvm").path
}()

struct Run { var status: Int32; var stdout: String; var stderr: String }

/// Runs a program with HOME a temp dir; output through files (no pipe deadlock); a deadline.
func run(_ exe: String, _ args: [String], env extra: [String: String] = [:], cwd: String? = nil, timeout: Double = 120) throws -> Run {
    let home = TempDir()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    var env = ["HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
    for (k, v) in extra { env[k] = v }
    p.environment = env
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = home.path + "/.out", err = home.path + "/.err"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    p.standardOutput = FileHandle(forWritingAtPath: out)
    p.standardError = FileHandle(forWritingAtPath: err)
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(20_000) }
    if p.isRunning { p.terminate(); p.waitUntilExit(); throw NoParser() }
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
               stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
}

func auditCLI(_ args: [String], cwd: String? = nil) throws -> Run {
    guard let parser = testParser else { throw NoParser() }
    return try run(osvmBinary, ["audit"] + args, env: ["OSVM_AUDIT_PYTHON": parser.python], cwd: cwd)
}

@Suite(.serialized) struct AuditCLITests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: osvmBinary), "build osvm first: \(osvmBinary)")
    }

    @Test func exitCodesFollowFailOn() throws {
        let vulnerable = fixtures + "/missing-signer/vulnerable.rs"
        let r = try auditCLI([vulnerable])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("[missing-signer]"))
        #expect(try auditCLI([fixtures + "/missing-signer/fixed.rs"]).status == 0)
        // A medium finding only: fails with --fail-on medium, passes with the default (high).
        let medium = fixtures + "/duplicate-mutable-accounts/vulnerable.rs"
        #expect(try auditCLI([medium]).status == 0)
        #expect(try auditCLI([medium, "--fail-on", "medium"]).status == 1)
        #expect(try auditCLI([vulnerable, "--fail-on=critical"]).status == 1)
        #expect(try auditCLI([fixtures + "/account-data-matching/vulnerable.rs", "--fail-on", "critical"]).status == 0)
    }

    @Test func usageErrorsExit2() throws {
        for args in [["--bogus"], ["--format", "xml"], ["--fail-on", "note"], ["--min-severity"], ["/nonexistent/dir"], ["a", "b"]] {
            let r = try auditCLI(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("osvm audit: "), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func minSeverityFiltersTheReportButNotTheExitCode() throws {
        let r = try auditCLI([fixtures + "/unwrap-in-handler/vulnerable.rs", "--format", "json", "--min-severity", "medium", "--fail-on", "low"])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect((object["findings"] as! [Any]).isEmpty)
    }

    @Test func outputFileAndFormats() throws {
        let dir = TempDir()
        for format in ReportFormat.allCases {
            let out = dir.path + "/report.\(format.rawValue)"
            let r = try auditCLI([fixtures + "/pda-sharing/vulnerable.rs", "--format", format.rawValue, "--output", out, "--no-ai"])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.contains("pda-sharing"), "\(format)")
        }
        let r = try auditCLI([fixtures, "--output", "/nonexistent-dir/x.json"])
        #expect(r.status == 2)
    }

    @Test func aGitURLIsClonedAndAudited() throws {
        let dir = TempDir()
        let work = dir.path + "/work"
        let workspace = try WorkspaceTests.anchorWorkspace()
        _ = try run("/usr/bin/env", ["cp", "-R", workspace.path, work])
        let git = { (args: [String], cwd: String) throws -> Run in
            try run("/usr/bin/env", ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"] + args, cwd: cwd)
        }
        #expect(try git(["init", "-q"], work).status == 0)
        #expect(try git(["add", "-A"], work).status == 0)
        #expect(try git(["commit", "-qm", "programs"], work).status == 0)
        #expect(try git(["clone", "-q", "--bare", work, dir.path + "/remote.git"], dir.path).status == 0)
        let r = try auditCLI(["file://\(dir.path)/remote.git", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")   // the workspace's only finding is medium
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let files = (object["findings"] as! [[String: Any]]).map { $0["file"] as! String }
        #expect(files == ["programs/vault/src/lib.rs"])
        let bad = try auditCLI(["file://\(dir.path)/missing.git"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("git clone"))
    }

    @Test func withoutTheParserTheCLIExplainsTheSetup() throws {
        let r = try run(osvmBinary, ["audit", fixtures], env: ["PATH": "/nonexistent"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("osvm audit --setup"))
    }
}
