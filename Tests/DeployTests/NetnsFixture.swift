import Foundation
import Testing
@testable import Deploy

/// `ip netns` works here: root with CAP_NET_ADMIN (CI runs as root), plus socat, sshd, supervisord.
let netnsAvailable: Bool = {
    guard getuid() == 0, haveSSHD, FileManager.default.isExecutableFile(atPath: "/usr/bin/socat") else { return false }
    let probe = "osvm-probe-\(getpid())"
    return sh("ip netns add \(probe) && ip netns del \(probe)").0 == 0
}()
let netnsSkipNote = "skipped: needs root with CAP_NET_ADMIN for `ip netns` (CI runs as root), socat, sshd and supervisord "
    + "(apt-get install -y iproute2 socat openssh-server supervisor)"

/// Several test hosts on one machine: each host is a network namespace with its own
/// loopback, its own sshd (own host key) on 127.0.0.1:22 and its own supervisord, so its
/// validator and exporter live in that namespace too. Nothing but loopback is used.
///
/// How the test reaches a host (the same way a real fleet reaches hosts behind a bastion):
/// the SSH target is `root@<namespace>` and ssh's `ProxyCommand` is
/// `ip netns exec %h socat - TCP:127.0.0.1:%p`, i.e. ssh talks to the namespace's own
/// 127.0.0.1:22 through socat's stdin/stdout. The deployer's health check (which runs on
/// the controller, like against a real host's RPC port) reaches each node's RPC through a
/// forwarder: socat on the root namespace's 127.0.0.1:<free port> executing
/// `ip netns exec <ns> socat - TCP:127.0.0.1:8899` per connection.
///
/// Namespace names are `osvm-<pid>-<random>-<i>`, unique per run; `stop()` kills every
/// process left in them and deletes them; namespaces of test processes that died are
/// removed when the next fixture starts.
final class NetnsFleet: @unchecked Sendable {
    struct Host {
        var namespace: String
        var dir: String
        var rpcForward: Int
        var supervisorConf: String { dir + "/supervisord.conf" }
        var includeDir: String { dir + "/conf.d" }
        var target: SSHTarget { SSHTarget(user: "root", host: namespace, port: 22) }
    }

    static let proxyCommand = "ip netns exec %h socat - TCP:127.0.0.1:%p"
    /// Every node's RPC port: the same in each namespace, since each has its own port space.
    static let rpcPort = 8899

    let dir: String
    private(set) var hosts: [Host] = []
    var userKey: String { dir + "/userkey" }
    var knownHosts: String { dir + "/known_hosts" }
    var home: String { dir + "/home" }
    var options: SSHOptions {
        SSHOptions(identityFile: userKey, knownHostsFile: knownHosts, connectTimeout: 5, extraOptions: ["ProxyCommand=" + Self.proxyCommand])
    }
    func client(_ i: Int) -> SSHClient { SSHClient(target: hosts[i].target, options: options) }

    /// `count` hosts; those in `wrongKey` authorize a different key than the test's (a broken host).
    init(count: Int, wrongKey: Set<Int> = []) throws {
        Self.removeStaleNamespaces()
        let run = "osvm-\(getpid())-" + UUID().uuidString.prefix(4).lowercased()
        dir = NSTemporaryDirectory() + run
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let d = dir
        sh("ssh-keygen -q -t ed25519 -N '' -f \(d)/userkey && ssh-keygen -q -t ed25519 -N '' -f \(d)/otherkey && mkdir -p /run/sshd && : > \(d)/known_hosts")
        do {
            for i in 0..<count {
                let ns = "\(run)-\(i + 1)"
                let hd = "\(d)/\(ns)"
                try FileManager.default.createDirectory(atPath: hd + "/conf.d", withIntermediateDirectories: true)
                // Added before anything can fail, so stop() removes it.
                guard sh("ip netns add \(ns)").0 == 0 else { throw DeployError.local("ip netns add \(ns) failed") }
                hosts.append(Host(namespace: ns, dir: hd, rpcForward: 0))
                try startHost(&hosts[i], authorized: wrongKey.contains(i) ? "\(d)/otherkey.pub" : "\(d)/userkey.pub")
            }
        } catch {
            stop()
            throw error
        }
    }

    private func startHost(_ h: inout Host, authorized: String) throws {
        let (ns, hd) = (h.namespace, h.dir)
        try sshdConfig(dir: hd, port: 22).write(toFile: hd + "/sshd_config", atomically: true, encoding: .utf8)
        let up = sh("""
            set -e
            ip netns exec \(ns) ip link set lo up
            ssh-keygen -q -t ed25519 -N '' -f \(hd)/hostkey
            cp \(authorized) \(hd)/authorized_keys
            ip netns exec \(ns) \(sshdPath) -f \(hd)/sshd_config -E \(hd)/sshd.log
            for i in $(seq 100); do
              ip netns exec \(ns) ssh-keyscan -T 2 -p 22 -t ed25519 127.0.0.1 > \(hd)/scan 2>/dev/null && [ -s \(hd)/scan ] && break
              sleep 0.1
            done
            [ -s \(hd)/scan ]
            sed 's/^127.0.0.1/\(ns)/' \(hd)/scan >> \(dir)/known_hosts
            """)
        guard up.0 == 0 else { throw DeployError.local("sshd in \(ns) did not start: \(up.1) \(sh("cat \(hd)/sshd.log").1)") }
        try supervisordConfig(dir: hd).write(toFile: h.supervisorConf, atomically: true, encoding: .utf8)
        let sup = sh("HOME=\(home) ip netns exec \(ns) supervisord -c \(h.supervisorConf) && for i in $(seq 100); do [ -S \(hd)/supervisor.sock ] && break; sleep 0.1; done; supervisorctl -c \(h.supervisorConf) pid")
        guard sup.0 == 0 else { throw DeployError.local("supervisord in \(ns) did not start: \(sup.1)") }
        // The controller-side forwarder to the namespace's RPC port.
        h.rpcForward = try Self.forward(h, to: Self.rpcPort, from: "127.0.0.1", name: "rpc")
    }

    /// A root-namespace port forwarding every connection to `port` on host `i`'s 127.0.0.1,
    /// connecting from `source` inside the namespace (e.g. the scraper address the metrics
    /// firewall allows). Stopped with the host.
    func forward(_ i: Int, to port: Int, from source: String, name: String) throws -> Int {
        try Self.forward(hosts[i], to: port, from: source, name: name)
    }

    private static func forward(_ h: Host, to port: Int, from source: String, name: String) throws -> Int {
        let fwd = freePort(), hd = h.dir, script = "\(hd)/\(name)-forward.sh"
        try "#!/bin/sh\nexec ip netns exec \(h.namespace) socat - TCP:127.0.0.1:\(port),bind=\(source)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let f = sh("chmod 755 \(script) && setsid socat TCP-LISTEN:\(fwd),bind=127.0.0.1,fork,reuseaddr EXEC:\(script) "
                   + "</dev/null >/dev/null 2>&1 & echo $! >> \(hd)/forward.pids; "
                   + "for i in $(seq 100); do python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", \(fwd)), 1)' 2>/dev/null && exit 0; sleep 0.1; done; exit 1")
        guard f.0 == 0 else { throw DeployError.local("\(name) forwarder for \(h.namespace) did not start: \(f.1)") }
        return fwd
    }

    /// Runs `script` inside host `i`'s namespace.
    @discardableResult
    func inside(_ i: Int, _ script: String) -> (Int32, String) {
        sh("ip netns exec \(hosts[i].namespace) sh -c \(Shell.quote(script))")
    }

    /// Runs `script` in host `i`'s namespace until `done` holds for its result or `timeout`
    /// seconds pass (a loaded machine answers late; never assume, wait with a deadline).
    @discardableResult
    func inside(_ i: Int, _ script: String, until done: ((Int32, String)) -> Bool, timeout: Double = 30) -> (Int32, String) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let r = inside(i, script)
            if done(r) || Date() >= deadline { return r }
            usleep(200_000)
        }
    }

    /// The local validator (tools/localnet) for host `i`, supervised by its supervisord, RPC on
    /// the namespace's 127.0.0.1:8899, health-checked through the forwarder.
    func localnetSpec(_ i: Int, metrics: MetricsEndpoint? = nil) throws -> DeploymentSpec {
        let h = hosts[i]
        let binary = repoRoot + "/tools/localnet/localnet.py"
        var spec = DeploymentSpec(
            svm: "localnet", nodeType: .validator, network: "devnet", target: h.target, prefix: h.dir + "/node",
            serviceName: "osvm-localnet-\(i + 1)", serviceUser: "root", rpcPort: Self.rpcPort, version: "1.0.0",
            binary: .upload(localPath: binary, sha256: try Checksum.sha256(file: binary)), binaryName: "localnet.py",
            launch: "", commands: ["sh", "sha256sum", "openssl"], aptPackages: ["coreutils", "openssl"],
            requirements: Requirements(minCPUs: 1, minRAMGB: 0, minDiskGB: 0), ports: [Self.rpcPort], sysctl: [:],
            nofileLimit: nil, systemTuning: false,
            serviceManager: .supervisor(config: h.supervisorConf, includeDir: h.includeDir),
            rpcURL: "http://127.0.0.1:\(h.rpcForward)", referenceRPC: nil, healthTimeout: 60)
        spec.launch = "\(repoRoot)/tools/localnet/.venv/bin/python \(spec.binDir)/localnet.py --port \(Self.rpcPort)"
        spec.metrics = metrics
        return spec
    }

    /// Stops every host (supervisord and its programs, sshd, the forwarder, anything else
    /// left in the namespace), deletes the namespaces and the temp dir. Safe to call twice.
    func stop() {
        for h in hosts {
            let hd = h.dir
            sh("[ -f \(hd)/supervisord.pid ] && kill $(cat \(hd)/supervisord.pid) 2>/dev/null; "
                + "for i in $(seq 100); do [ -f \(hd)/supervisord.pid ] || break; sleep 0.1; done; "
                + "[ -f \(hd)/sshd.pid ] && kill $(cat \(hd)/sshd.pid) 2>/dev/null; "
                + "[ -f \(hd)/forward.pids ] && kill $(cat \(hd)/forward.pids) 2>/dev/null; true")
            Self.deleteNamespace(h.namespace)
        }
        hosts = []
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func deleteNamespace(_ ns: String) {
        sh("pids=$(ip netns pids \(ns) 2>/dev/null); [ -n \"$pids\" ] && kill -9 $pids 2>/dev/null; "
            + "for i in $(seq 50); do [ -z \"$(ip netns pids \(ns) 2>/dev/null)\" ] && break; sleep 0.1; done; ip netns del \(ns) 2>/dev/null; true")
    }

    /// Namespaces `osvm-<pid>-…` whose test process is gone (a crashed run) are removed.
    static func removeStaleNamespaces() {
        let (_, list) = sh("ip netns list")
        for line in list.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            let parts = name.split(separator: "-")
            guard parts.count == 4, parts[0] == "osvm", let pid = Int32(parts[1]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { deleteNamespace(name) }
        }
    }
}
