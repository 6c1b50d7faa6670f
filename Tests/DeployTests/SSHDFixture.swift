import Foundation
import Testing
@testable import Deploy

/// The repository root (Tests/DeployTests/… → ../..).
let repoRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

let sshdPath = "/usr/sbin/sshd"
let haveSSHD = FileManager.default.isExecutableFile(atPath: sshdPath)
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/supervisord")
let skipNote = "skipped: needs /usr/sbin/sshd and supervisord (apt-get install -y openssh-server supervisor)"

/// Runs a local command synchronously (posix_spawn + waitpid; output through a temp file, so
/// daemons the script starts cannot hold a pipe open); returns (status, stdout+stderr).
@discardableResult
func sh(_ script: String) -> (Int32, String) {
    let out = NSTemporaryDirectory() + "osvm-sh-\(UUID().uuidString)"
    defer { unlink(out) }
    let full = "( \(script) ) > \(out) 2>&1 < /dev/null"
    var pid: pid_t = 0
    let args = ["/bin/sh", "-c", full]
    var cargs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
    defer { for a in cargs { free(a) } }
    guard posix_spawn(&pid, "/bin/sh", nil, nil, &cargs, environ) == 0 else { return (127, "spawn failed") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return ((status >> 8) & 0xff, text)
}

/// A free TCP port on 127.0.0.1 (bind to 0, read, close).
func freePort() -> Int {
    let (_, out) = sh("python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'")
    return Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? Int.random(in: 30000...60000)
}

/// A throwaway sshd on 127.0.0.1 (PEERS.md §4) plus a supervisord standing in for systemd.
/// Everything lives in one temp dir, which is also HOME for the code under test.
final class SSHDFixture: @unchecked Sendable {
    let dir: String
    let port: Int
    var home: String { dir + "/home" }
    var userKey: String { dir + "/userkey" }
    var knownHosts: String { dir + "/known_hosts" }
    var supervisorConf: String { dir + "/supervisord.conf" }
    var includeDir: String { dir + "/conf.d" }
    var target: SSHTarget { SSHTarget(user: "root", host: "127.0.0.1", port: port) }
    var options: SSHOptions { SSHOptions(identityFile: userKey, knownHostsFile: knownHosts, connectTimeout: 5) }
    var client: SSHClient { SSHClient(target: target, options: options) }
    var store: JournalStore { JournalStore(directory: home + "/.config/osvm/deployments") }

    init(supervisor: Bool = true) throws {
        dir = NSTemporaryDirectory() + "osvm-deploy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/home", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/conf.d", withIntermediateDirectories: true)
        let d = dir
        sh("ssh-keygen -q -t ed25519 -N '' -f \(d)/hostkey && ssh-keygen -q -t ed25519 -N '' -f \(d)/userkey && cp \(d)/userkey.pub \(d)/authorized_keys && mkdir -p /run/sshd")
        var started = false
        var p = 0
        for _ in 0..<5 where !started {
            p = freePort()
            try sshdConfig(dir: d, port: p).write(toFile: d + "/sshd_config", atomically: true, encoding: .utf8)
            started = sh("\(sshdPath) -t -f \(d)/sshd_config && \(sshdPath) -f \(d)/sshd_config -E \(d)/sshd.log </dev/null >/dev/null 2>&1").0 == 0
            if started {
                // Wait for the pid file and the listening socket.
                for _ in 0..<50 where sh("ssh-keyscan -T 2 -p \(p) -t ed25519 127.0.0.1 > \(d)/scan 2>/dev/null && [ -s \(d)/scan ]").0 != 0 {
                    usleep(100_000)
                }
            }
        }
        port = p
        guard started else { throw DeployError.local("sshd did not start: \(sh("cat \(d)/sshd.log").1)") }
        sh("sed 's/^127.0.0.1/[127.0.0.1]:\(p)/' \(d)/scan > \(d)/known_hosts")
        if supervisor {
            try supervisordConfig(dir: d).write(toFile: supervisorConf, atomically: true, encoding: .utf8)
            let (st, out) = sh("supervisord -c \(supervisorConf) </dev/null >/dev/null 2>&1 && for i in $(seq 50); do [ -S \(d)/supervisor.sock ] && break; sleep 0.1; done; supervisorctl -c \(supervisorConf) pid")
            guard st == 0 else { stop(); throw DeployError.local("supervisord did not start: \(out)") }
        }
    }

    /// Stops supervisord (and its programs) and sshd; removes the temp dir.
    func stop() {
        sh("[ -f \(dir)/supervisord.pid ] && kill $(cat \(dir)/supervisord.pid) 2>/dev/null; "
            + "for i in $(seq 50); do [ -f \(dir)/supervisord.pid ] || break; sleep 0.1; done; "
            + "[ -f \(dir)/sshd.pid ] && kill $(cat \(dir)/sshd.pid) 2>/dev/null; true")
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// A deployment of tools/localnet/localnet.py as the "validator" binary, under a prefix in the temp dir.
    func localnetSpec(prefix: String? = nil, version: String = "1.0.0", rpcPort: Int? = nil) throws -> DeploymentSpec {
        let binary = repoRoot + "/tools/localnet/localnet.py"
        let python = repoRoot + "/tools/localnet/.venv/bin/python"
        let port = rpcPort ?? freePort()
        let pre = prefix ?? (dir + "/node")
        var spec = DeploymentSpec(
            svm: "localnet", nodeType: .validator, network: "devnet", target: target, prefix: pre,
            serviceName: "osvm-test-\(UUID().uuidString.prefix(6))", serviceUser: "root", rpcPort: port, version: version,
            binary: .upload(localPath: binary, sha256: try Checksum.sha256(file: binary)), binaryName: "localnet.py",
            launch: "", commands: ["sh", "sha256sum", "openssl"], aptPackages: ["coreutils", "openssl"],
            requirements: Requirements(minCPUs: 1, minRAMGB: 0, minDiskGB: 0), ports: [port], sysctl: ["vm.max_map_count": "1000000"],
            nofileLimit: 65536, systemTuning: false,
            serviceManager: .supervisor(config: supervisorConf, includeDir: includeDir),
            rpcURL: "http://127.0.0.1:\(port)", referenceRPC: nil, healthTimeout: 20)
        spec.launch = DeploymentSpec.expand("\(python) {bin}/localnet.py --port {rpc_port}", spec: spec, network: nil)
        return spec
    }
}

/// A test supervisord's configuration: socket, log, pid file and programs all under `dir`
/// (programs are `dir/conf.d/*.conf`, written by the deployment under test).
func supervisordConfig(dir d: String) -> String {
    """
    [unix_http_server]
    file=\(d)/supervisor.sock
    [supervisord]
    logfile=\(d)/supervisord.log
    pidfile=\(d)/supervisord.pid
    childlogdir=\(d)
    [rpcinterface:supervisor]
    supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
    [supervisorctl]
    serverurl=unix://\(d)/supervisor.sock
    [include]
    files = \(d)/conf.d/*.conf
    """
}

/// A test sshd's configuration on 127.0.0.1:`port`: host key, pid file and authorized keys
/// under `dir`, key logins only, no PAM (it runs unprivileged-style in a temp dir).
func sshdConfig(dir d: String, port p: Int) -> String {
    """
    Port \(p)
    ListenAddress 127.0.0.1
    HostKey \(d)/hostkey
    PidFile \(d)/sshd.pid
    AuthorizedKeysFile \(d)/authorized_keys
    PasswordAuthentication no
    KbdInteractiveAuthentication no
    PermitRootLogin prohibit-password
    StrictModes no
    UsePAM no
    Subsystem sftp internal-sftp
    """
}
