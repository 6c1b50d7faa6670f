import Foundation
import Testing
@testable import Deploy

/// The built `osvm` binary (`.build/debug/osvm`; `OSVM_BINARY` overrides), run with HOME set
/// to the fixture's temp dir. scripts/test.sh builds it before `swift test`.
let osvmBinary: String = ProcessInfo.processInfo.environment["OSVM_BINARY"] ?? (repoRoot + "/.build/debug/osvm")
/// The binary exists and knows the flags these tests use (an older build is skipped, not failed).
let haveOSVM = FileManager.default.isExecutableFile(atPath: osvmBinary)
    && sh("\(osvmBinary) nodes deploy --help").1.contains("--supervisor-config")
let cliSkipNote = "skipped: needs a current CLI at \(osvmBinary) (run `swift build` first; OSVM_BINARY overrides) "
    + "plus /usr/sbin/sshd and supervisord"

/// What one `osvm` run left behind.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var all: String { stdout + stderr }
}

/// Runs `osvm args…` with HOME=`home` (output through temp files, stdin /dev/null); kills it after `timeout` s.
func osvm(_ args: [String], home: String, timeout: Double = 60) throws -> CLIResult {
    let base = NSTemporaryDirectory() + "osvm-cli-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
    _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
    defer { unlink(base + ".out"); unlink(base + ".err") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: osvmBinary)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = home
    env["NO_COLOR"] = "1"
    p.environment = env
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle(forWritingAtPath: base + ".out")
    p.standardError = FileHandle(forWritingAtPath: base + ".err")
    let t0 = Date()
    defer { if ProcessInfo.processInfo.environment["CLI_TIMING"] != nil { print(String(format: "%.2f s  ", Date().timeIntervalSince(t0)) + args.prefix(3).joined(separator: " ")) } }
    try p.run()
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(20_000) }
    if p.isRunning { p.terminate(); p.waitUntilExit(); Issue.record("osvm \(args.joined(separator: " ")) timed out") }
    p.waitUntilExit()
    let read = { (s: String) in (try? String(contentsOfFile: base + s, encoding: .utf8)) ?? "" }
    return CLIResult(status: p.terminationStatus, stdout: read(".out"), stderr: read(".err"))
}

/// Runs `osvm args…` until `done` holds for its result or `timeout` seconds pass; returns
/// the last result. For states that arrive later (supervisord reports a program STARTING
/// until it has run `startsecs`, longer on a loaded machine): await them, never assume them.
func osvm(_ args: [String], home: String, until done: (CLIResult) -> Bool, timeout: Double = 30) throws -> CLIResult {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let r = try osvm(args, home: home)
        if done(r) || Date() >= deadline { return r }
        usleep(100_000)
    }
}

@Suite(.serialized) struct CLITests {
    /// `osvm nodes deploy` flags for a localnet "validator" (tools/localnet/localnet.py) on the fixture's sshd.
    static func deployArgs(_ fx: SSHDFixture, rpcPort: Int, version: String = "1.0.0") -> [String] {
        let python = repoRoot + "/tools/localnet/.venv/bin/python"
        return ["nodes", "deploy", "root@127.0.0.1:\(fx.port)", "--svm", "sonic", "--node-type", "validator", "--network", "devnet",
                "-i", fx.userKey, "--known-hosts", fx.knownHosts, "--connect-timeout", "5",
                "--binary", repoRoot + "/tools/localnet/localnet.py", "--version", version, "--prefix", fx.dir + "/node",
                "--rpc-port", "\(rpcPort)", "--service-user", "root", "--name", "n1", "--health-timeout", "20",
                "--launch", "\(python) {bin}/localnet.py --port {rpc_port}",
                "--supervisor-config", fx.supervisorConf, "--supervisor-include", fx.includeDir]
    }

    @Test(.enabled(if: haveOSVM && haveSSHD, Comment(rawValue: cliSkipNote)))
    func deployDryRunThenDeployAndManageNodes() throws {
        let fx = try SSHDFixture()
        defer { fx.stop() }
        let home = fx.home
        let args = Self.deployArgs(fx, rpcPort: freePort())
        // Bad input: one line on stderr, exit 2, nothing connects.
        let bad = try osvm(["nodes", "deploy", "root@", "--svm", "solana"], home: home)
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1 && bad.stderr.hasPrefix("error:"), "\(bad)")
        let badSVM = try osvm(Array(args.prefix(3)) + ["--svm", "nosuch"], home: home)
        #expect(badSVM.status == 2 && badSVM.stderr.contains("nosuch"), "\(badSVM)")
        // Dry run: the plan with a verdict per step, nothing changed.
        let dry = try osvm(args + ["--dry-run"], home: home)
        #expect(dry.status == 0, "\(dry.all)")
        #expect(dry.stdout.contains("steps) for root@127.0.0.1:\(fx.port)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("[read-only] System information"), "\(dry.stdout)")
        #expect(dry.stdout.contains("[would change] Directories under \(fx.dir)/node"), "\(dry.stdout)")
        #expect(!FileManager.default.fileExists(atPath: fx.dir + "/node"))
        #expect(!FileManager.default.fileExists(atPath: home + "/.config/osvm/nodes.json"))
        // Without --yes and without a terminal it refuses.
        let noYes = try osvm(args, home: home)
        #expect(noYes.status == 1 && noYes.stderr.contains("--yes"), "\(noYes.all)")
        // The real deployment, registered as n1.
        let run = try osvm(args + ["--yes"], home: home, timeout: 90)
        #expect(run.status == 0, "\(run.all)")
        #expect(run.stdout.contains("deployment completed"), "\(run.stdout)")
        #expect(run.stdout.contains("registered node 'n1'"), "\(run.stdout)")
        let list = try osvm(["nodes", "list"], home: home)
        #expect(list.status == 0 && list.stdout.hasPrefix("n1  root@127.0.0.1:\(fx.port)  sonic validator devnet  v1.0.0"), "\(list.all)")
        // Healthy RPC comes first; supervisord says RUNNING once the program outlived startsecs.
        let status = try osvm(["nodes", "status", "n1"], home: home) { $0.stdout.hasPrefix("n1  RUNNING") }
        #expect(status.status == 0 && status.stdout.hasPrefix("n1  RUNNING  health=ok slot="), "\(status.all)")
        let mon = try osvm(["nodes", "monitor", "--count", "1", "--interval", "0.2"], home: home) {
            $0.stdout.contains(" n1  RUNNING  health=ok")
        }
        let monLines = mon.stdout.split(separator: "\n")
        #expect(mon.status == 0 && monLines.count == 1 && monLines.first?.contains(" n1  RUNNING  health=ok") == true, "\(mon.all)")
        // stop / start through the supervisor.
        let stop = try osvm(["nodes", "stop", "n1"], home: home)
        #expect(stop.status == 0 && stop.stdout == "n1: stop ok\n", "\(stop.all)")
        let stopped = try osvm(["nodes", "status", "n1"], home: home) { $0.stdout.hasPrefix("n1  STOPPED") }
        #expect(stopped.stdout.hasPrefix("n1  STOPPED"), "\(stopped.all)")
        let start = try osvm(["nodes", "start", "n1"], home: home)
        #expect(start.status == 0 && start.stdout == "n1: start ok\n", "\(start.all)")
        let started = try osvm(["nodes", "status", "n1"], home: home) { $0.stdout.hasPrefix("n1  RUNNING  health=ok") }
        #expect(started.stdout.hasPrefix("n1  RUNNING  health=ok"), "\(started.all)")
        let unknown = try osvm(["nodes", "status", "nope"], home: home)
        #expect(unknown.status == 1 && unknown.stderr.contains("no node named 'nope'"), "\(unknown.all)")
        // --upgrade: hot-swap to 1.1.0 beside 1.0.0, health-checked; journal and registry follow.
        var up = args
        up[up.firstIndex(of: "--version")! + 1] = "ignored"
        let upgraded = try osvm(up + ["--upgrade", "1.1.0"], home: home, timeout: 60)
        #expect(upgraded.status == 0, "\(upgraded.all)")
        #expect(upgraded.stdout.contains("installing 1.1.0 beside releases/1.0.0"), "\(upgraded.stdout)")
        #expect(upgraded.stdout.contains("upgraded to 1.1.0; node healthy"), "\(upgraded.stdout)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: fx.dir + "/node/current")) == "releases/1.1.0")
        #expect(try osvm(["nodes", "list"], home: home).stdout.contains("  v1.1.0  "))
        let afterUpgrade = try osvm(["nodes", "status", "n1"], home: home) { $0.stdout.hasPrefix("n1  RUNNING  health=ok") }
        #expect(afterUpgrade.stdout.hasPrefix("n1  RUNNING  health=ok"), "\(afterUpgrade.all)")
        let again = try osvm(up + ["--upgrade", "1.1.0"], home: home)
        #expect(again.status == 0 && again.stdout == "already at 1.1.0; nothing to do\n", "\(again.all)")
    }

    /// `--upgrade` needs a completed deployment of the same target: a clear error before connecting.
    @Test(.enabled(if: haveOSVM, Comment(rawValue: cliSkipNote)))
    func upgradeWithoutDeploymentIsAClearError() throws {
        let home = NSTemporaryDirectory() + "osvm-cli-home-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let r = try osvm(["deploy", "root@127.0.0.1:1", "--svm", "sonic", "--binary", repoRoot + "/tools/localnet/localnet.py",
                          "--upgrade", "2.0.0"], home: home)
        #expect(r.status == 1 && r.stderr.contains("no completed deployment") && r.stderr.contains("deploy it first"), "\(r.all)")
        // `osvm deploy user@host` (its old place) still reaches node deployment, and says where it moved.
        #expect(r.stderr.hasPrefix("note: node deployment moved to `osvm nodes deploy root@127.0.0.1:1 …`"), "\(r.all)")
    }
}

@Suite(.serialized) struct FleetCLITests {
    /// `osvm nodes deploy --inventory hosts.yml --parallel 2`: a real sshd host and one that
    /// refuses SSH. The broken host fails alone, the summary says so, the exit status is 1,
    /// and the healthy host is deployed and registered under its inventory name.
    @Test(.enabled(if: haveOSVM && haveSSHD, Comment(rawValue: cliSkipNote)))
    func inventoryDeploymentIsolatesTheBrokenHost() throws {
        let fx = try SSHDFixture()
        defer { fx.stop() }
        let dead = freePort()
        let inventory = fx.dir + "/hosts.yml"
        try """
            defaults: {user: root, key: \(fx.userKey)}
            groups:
              validators:
                labels: {role: test}
                hosts:
                  - {host: 127.0.0.1, port: \(fx.port), name: good}
                  - {host: 127.0.0.1, port: \(dead), name: dead}
            """.write(toFile: inventory, atomically: true, encoding: .utf8)
        var args = CLITests.deployArgs(fx, rpcPort: freePort())
        args.replaceSubrange(2...2, with: ["--inventory", inventory, "--parallel", "2"])
        if let i = args.firstIndex(of: "--name") { args.removeSubrange(i...(i + 1)) }
        let run = try osvm(args + ["--yes"], home: fx.home, timeout: 120)
        #expect(run.status == 1, "\(run.all)")
        #expect(run.stdout.contains("fleet: 2 hosts"), "\(run.stdout)")
        #expect(run.stdout.range(of: #"good\s+ok .* registered as 'good'"#, options: .regularExpression) != nil, "\(run.stdout)")
        #expect(run.stdout.range(of: #"dead\s+FAILED .*refused"#, options: .regularExpression) != nil, "\(run.stdout)")
        #expect(run.stderr.contains("1 of 2 hosts failed"), "\(run.stderr)")
        let list = try osvm(["nodes", "list"], home: fx.home)
        #expect(list.stdout.hasPrefix("good  root@127.0.0.1:\(fx.port)"), "\(list.all)")
        // Selecting only the good host: everything already done, exit 0.
        let again = try osvm(args + ["--yes", "--limit", "good"], home: fx.home, timeout: 120)
        #expect(again.status == 0, "\(again.all)")
        // Bad selections are usage errors before anything connects.
        let badGroup = try osvm(args + ["--yes", "--group", "nosuch"], home: fx.home)
        #expect(badGroup.status != 0 && badGroup.stderr.contains("no group 'nosuch'"), "\(badGroup.all)")
    }
}
