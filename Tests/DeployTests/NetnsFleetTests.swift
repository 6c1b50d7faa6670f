import Foundation
import Testing
@testable import Deploy

/// Fleets on network-namespace hosts (NetnsFixture.swift): five hosts, each its own network
/// stack, sshd and supervisord, reached through ssh's ProxyCommand.
@Suite(.serialized) struct NetnsFleetTests {
    static let metricsPort = 9720
    static let machinePort = 9100
    static let haveNodeExporter = FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus-node-exporter")
    /// The "Prometheus server" address allowed to scrape; 127.0.0.1 stands for everyone else.
    static let scraper = "127.0.0.2"

    /// Five hosts deployed at once, the last one with a key its sshd does not accept: four
    /// complete with their exporter firewalled to the scraper, the broken one fails alone
    /// with an authentication error, the summary and exit status say so.
    @Test(.enabled(if: netnsAvailable && haveOSVM, Comment(rawValue: netnsSkipNote + "; " + cliSkipNote)))
    func fiveNamespaceHostsOneBrokenWithFirewalledExporters() async throws {
        let fleet = try NetnsFleet(count: 5, wrongKey: [4])
        defer { fleet.stop() }
        // Machine metrics too when Debian's prometheus-node-exporter is on this machine (the
        // namespaces share its filesystem; they have no network for apt).
        let machine = Self.haveNodeExporter ? Self.machinePort : nil
        let metrics = try MetricsEndpoint.make(port: Self.metricsPort, listen: "0.0.0.0", allow: [Self.scraper], exporterBinary: osvmBinary,
                                               machinePort: machine)
        let hosts = try (0..<5).map { i in
            FleetDeployer.Host(name: fleet.hosts[i].namespace, plan: PlanBuilder.plan(for: try fleet.localnetSpec(i, metrics: metrics)),
                               shell: fleet.client(i))
        }
        let store = JournalStore(directory: fleet.home + "/journals")
        let progress = FleetProgress(hosts: hosts.map(\.name))
        let results = await FleetDeployer(store: store, parallel: 5).run(hosts) { progress.apply($0, $1) }

        #expect(results.map(\.host) == hosts.map(\.name))
        for r in results.prefix(4) { #expect(r.outcome.succeeded, "\(r.host): \(r.outcome)") }
        guard case .failed(let why) = results[4].outcome else { Issue.record("the host with the wrong key succeeded"); return }
        #expect(why.contains(fleet.hosts[4].namespace) && why.contains("authentication failed"), "\(why)")
        let lines = results.map { FleetSummary.line($0, width: 20) }
        #expect(lines.prefix(4).allSatisfy { $0.contains(" ok ") }, "\(lines)")
        #expect(lines[4].contains("FAILED") && lines[4].contains("authentication failed"), "\(lines[4])")
        #expect(FleetSummary.footer(results)?.hasPrefix("1 of 5 hosts failed") == true)
        #expect(FleetSummary.exitStatus(results) == 1)
        #expect(progress.snapshot.filter { $0.state == "completed" }.count == 4, "\(progress.table())")

        for i in 0..<4 {
            let h = fleet.hosts[i]
            // The node answers getHealth on its own namespace's 127.0.0.1:8899 …
            let health = fleet.inside(i, "curl -s --max-time 5 -H 'Content-Type: application/json' "
                + "-d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHealth\"}' http://127.0.0.1:\(NetnsFleet.rpcPort)", until: { $0.1.contains("\"ok\"") })
            #expect(health.1.contains("\"ok\""), "\(h.namespace): \(health.1)")
            // … and runs in that namespace (its supervisor's child, identified by the kernel).
            let pid = sh("supervisorctl -c \(h.supervisorConf) pid osvm-localnet-\(i + 1)").1.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(sh("ip netns identify \(pid)").1.trimmingCharacters(in: .whitespacesAndNewlines) == h.namespace, "pid \(pid)")
            // The exporter serves the scraper and resets anyone else.
            let up = #"(?m)^solana_node_up(\{[^}]*\})? 1$"#
            let allowed = fleet.inside(i, "curl -s --max-time 10 --interface \(Self.scraper) http://127.0.0.1:\(Self.metricsPort)/metrics",
                                       until: { $0.1.range(of: up, options: .regularExpression) != nil })
            #expect(allowed.0 == 0 && allowed.1.range(of: up, options: .regularExpression) != nil, "\(h.namespace): \(allowed)")
            let other = fleet.inside(i, "curl -s --max-time 5 --interface 127.0.0.1 http://127.0.0.1:\(Self.metricsPort)/metrics; echo rc=$?")
            #expect(other.1.contains("rc=7"), "\(h.namespace): not refused: \(other.1)")
            if let mp = machine {
                let m = fleet.inside(i, "curl -s --max-time 10 --interface \(Self.scraper) http://127.0.0.1:\(mp)/metrics",
                                     until: { $0.1.contains("node_memory_MemTotal_bytes") })
                #expect(m.1.contains("node_memory_MemTotal_bytes"), "\(h.namespace): machine metrics: \(m.1.prefix(300))")
                let no = fleet.inside(i, "curl -s --max-time 5 --interface 127.0.0.1 http://127.0.0.1:\(mp)/metrics; echo rc=$?")
                #expect(no.1.contains("rc=7"), "\(h.namespace): machine port not refused: \(no.1.suffix(200))")
            }
        }
        // The broken host got nothing.
        #expect(!FileManager.default.fileExists(atPath: fleet.hosts[4].dir + "/node"))

        try await prometheusScrapesTheFleetAndFiresWhenANodeStops(fleet)

        // Deploying again changes nothing: one rule set, not two.
        let again = await FleetDeployer(store: store, parallel: 1).run([hosts[1]])
        #expect(again[0].outcome.succeeded, "\(again[0].outcome)")
        let rules = fleet.inside(1, "nft list table inet osvm_metrics").1
        #expect(rules.components(separatedBy: " accept comment").count - 1 == 1, "\(rules)")

        // Rollback undoes the firewall with the rest: the table is gone, the port closed.
        guard case .completed(let journal) = results[0].outcome else { return }
        let rolled = try await Deployer(shell: fleet.client(0), store: store).rollback(journal)
        #expect(rolled.status == .rolledBack)
        #expect(fleet.inside(0, "nft list table inet osvm_metrics").0 != 0, "osvm_metrics still there")
        let gone = fleet.inside(0, "curl -s --max-time 5 --interface \(Self.scraper) http://127.0.0.1:\(Self.metricsPort)/metrics; echo rc=$?")
        #expect(gone.1.contains("rc=7"), "exporter still answers after rollback: \(gone.1)")
    }

    /// Debian's Prometheus scrapes the four deployed exporters (each through a forwarder that
    /// connects from the allowed scraper address inside its namespace, as a real Prometheus
    /// host is the one address the firewall lets in), the fleet reads back through PromQL,
    /// and stopping one node's validator fires that node's alert and no other.
    func prometheusScrapesTheFleetAndFiresWhenANodeStops(_ fleet: NetnsFleet) async throws {
        guard havePrometheus else { return }
        let dir = fleet.home + "/prometheus"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let nodes = (0..<4).map { "node-\($0 + 1)" }
        var targets: [String] = []
        for i in 0..<4 { targets.append("127.0.0.1:\(try fleet.forward(i, to: Self.metricsPort, from: Self.scraper, name: "metrics"))") }
        var setup = PrometheusSetup()
        setup.scrapeInterval = "1s"
        setup.alertFor = "2s"
        try setup.config().write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)
        try setup.rules().write(toFile: dir + "/" + PrometheusSetup.rulesFile, atomically: true, encoding: .utf8)
        // The file-SD lists `osvm nodes prometheus` writes, one target per node with its labels.
        let list = zip(nodes, targets).map { #"{"targets":["\#($1)"],"labels":{"node":"\#($0)","network":"devnet","node_type":"validator"}}"# }
        try ("[" + list.joined(separator: ",") + "]").write(toFile: dir + "/" + PrometheusSetup.nodeTargetsFile, atomically: true, encoding: .utf8)
        try "[]".write(toFile: dir + "/" + PrometheusSetup.machineTargetsFile, atomically: true, encoding: .utf8)
        let promPort = freePort()
        let prom = try Child(prometheusPath, ["--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/data",
                                              "--web.listen-address=127.0.0.1:\(promPort)", "--log.level=error"])
        defer { prom.stop() }
        let client = try PromQLClient(url: "http://127.0.0.1:\(promPort)")
        let upCount = await eventually(90) { () async throws -> Int? in
            let up = try await client.query(#"solana_node_up == 1"#).count
            return up == 4 ? up : nil
        }
        #expect(upCount == 4, "Prometheus did not scrape all four exporters")
        let snaps = try await PrometheusStatus.snapshots(client)
        #expect(Set(snaps.map(\.node)).isSuperset(of: nodes), "\(snaps.map(\.line))")
        for s in snaps where nodes.contains(s.node) { #expect(s.health == "ok" && s.slot != nil, "\(s.line)") }

        // Node 2's validator stops: its exporter reports it down, the alert fires for it alone.
        sh("supervisorctl -c \(fleet.hosts[1].supervisorConf) stop osvm-localnet-2")
        let firing = await eventually(90) { () async throws -> [String]? in
            let a = try await client.query(#"ALERTS{alertname="OsvmNodeDown",alertstate="firing"}"#)
            return a.isEmpty ? nil : a.compactMap { $0.labels["node"] }
        }
        #expect(firing == ["node-2"], "OsvmNodeDown firing for \(String(describing: firing))")
        sh("supervisorctl -c \(fleet.hosts[1].supervisorConf) start osvm-localnet-2")
    }

    /// The CLI reaches namespace hosts through an inventory's `proxy_command` (as a real
    /// fleet reaches hosts behind a bastion): a dry run probes each host over SSH; the host
    /// whose sshd rejects the key says so, the other shows its plan with the metrics steps.
    @Test(.enabled(if: netnsAvailable && haveOSVM, Comment(rawValue: netnsSkipNote + "; " + cliSkipNote)))
    func inventoryProxyCommandReachesNamespaceHostsFromTheCLI() throws {
        let fleet = try NetnsFleet(count: 2, wrongKey: [1])
        defer { fleet.stop() }
        let (good, bad) = (fleet.hosts[0].namespace, fleet.hosts[1].namespace)
        let inventory = fleet.dir + "/hosts.yml"
        try """
            defaults:
              user: root
              key: \(fleet.userKey)
              proxy_command: "\(NetnsFleet.proxyCommand)"
            groups:
              netns:
                hosts: [\(good), \(bad)]
            """.write(toFile: inventory, atomically: true, encoding: .utf8)
        let r = try osvm(["nodes", "deploy", "--inventory", inventory, "--svm", "sonic", "--binary", repoRoot + "/tools/localnet/localnet.py",
                          "--version", "1.0.0", "--prefix", fleet.hosts[0].dir + "/node", "--rpc-port", "8899", "--service-user", "root",
                          "--launch", "sh {bin}/localnet.py", "--supervisor-config", fleet.hosts[0].supervisorConf,
                          "--known-hosts", fleet.knownHosts, "--connect-timeout", "5", "--dry-run",
                          "--metrics-port", "\(Self.metricsPort)", "--metrics-listen", "0.0.0.0", "--metrics-allow", Self.scraper,
                          "--exporter-binary", osvmBinary], home: fleet.home, timeout: 120)
        #expect(r.status == 0, "\(r.all)")
        let sections = r.stdout.components(separatedBy: "== ")
        guard let g = sections.first(where: { $0.hasPrefix(good) }), let b = sections.first(where: { $0.hasPrefix(bad) }) else {
            Issue.record("no section per host: \(r.all)"); return
        }
        #expect(!g.contains("host not checked") && g.contains("Firewall metrics port \(Self.metricsPort) to \(Self.scraper)"), "\(g)")
        #expect(b.contains("authentication failed"), "\(b)")
    }

    /// Metrics flags are checked before anything connects.
    @Test func metricsEndpointFlagsAreValidated() throws {
        let bin = repoRoot + "/tools/localnet/localnet.py"
        #expect(throws: DeployError.self) { _ = try MetricsEndpoint.make(port: 0, listen: "0.0.0.0", allow: ["10.0.0.2"], exporterBinary: bin) }
        #expect(throws: DeployError.self) { _ = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: [], exporterBinary: bin) }
        #expect(throws: DeployError.self) { _ = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: ["not-an-ip"], exporterBinary: bin) }
        #expect(throws: DeployError.self) { _ = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: ["any", "10.0.0.2"], exporterBinary: bin) }
        #expect(throws: DeployError.self) { _ = try MetricsEndpoint.make(port: 9720, listen: "127.0.0.1", allow: [], exporterBinary: "/nonexistent") }
        #expect(throws: DeployError.self) { _ = try MetricsEndpoint.make(port: 9720, listen: "127.0.0.1", allow: [], exporterBinary: bin, machinePort: 9720) }
        let open = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: ["any"], exporterBinary: bin)
        #expect(!open.firewalled && open.warning?.contains("UNFIREWALLED") == true)
        let local = try MetricsEndpoint.make(port: 9720, listen: "127.0.0.1", allow: [], exporterBinary: bin)
        #expect(!local.firewalled && local.warning == nil)
        let fw = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: ["10.0.0.2", "fd00::/8"], exporterBinary: bin)
        var spec = try Self.bareSpec()
        spec.metrics = fw
        let plan = PlanBuilder.plan(for: spec)
        let ids = plan.steps.map(\.id)
        // The firewall goes up before the exporter starts.
        #expect(ids.suffix(5) == ["exporter-binary", "metrics-firewall", "exporter-service", "exporter-start", "exporter-check"], "\(ids)")
        guard case .shell(let nft) = plan.steps.first(where: { $0.id == "metrics-firewall" })!.action else { Issue.record("no shell"); return }
        let both = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: ["10.0.0.2"], exporterBinary: bin, machinePort: 9100)
        spec.metrics = both
        let ids2 = PlanBuilder.plan(for: spec).steps.map(\.id)
        #expect(ids2.suffix(4) == ["machine-exporter-install", "machine-exporter-service", "machine-exporter-start", "machine-exporter-check"], "\(ids2)")
        #expect(nft.contains("tcp dport { 9720 } ip saddr { 10.0.0.2 } accept") && nft.contains("ip6 saddr { fd00::/8 } accept") && nft.contains("reject with tcp reset"), "\(nft)")
    }

    static func bareSpec() throws -> DeploymentSpec {
        let binary = repoRoot + "/tools/localnet/localnet.py"
        return DeploymentSpec(
            svm: "localnet", nodeType: .validator, network: "devnet", target: SSHTarget(user: "root", host: "h1"), prefix: "/opt/x",
            serviceName: "osvm-x", serviceUser: "root", rpcPort: 8899, version: "1.0.0",
            binary: .upload(localPath: binary, sha256: try Checksum.sha256(file: binary)), binaryName: "localnet.py",
            launch: "x", commands: [], aptPackages: [], requirements: nil, ports: [], sysctl: [:], nofileLimit: nil,
            systemTuning: false, serviceManager: .systemd, rpcURL: "http://h1:8899", referenceRPC: nil, healthTimeout: 5)
    }

    /// Set OSVM_BENCH_FLEET=1 (scripts/bench_fleet.sh) to time five netns hosts deployed with
    /// --parallel 5 against --parallel 1. Not part of the normal run.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OSVM_BENCH_FLEET"] != nil && netnsAvailable,
                   Comment(rawValue: "benchmark: set OSVM_BENCH_FLEET=1 (scripts/bench_fleet.sh); " + netnsSkipNote)))
    func benchmarkParallelFiveVersusOne() async throws {
        var lines: [String] = []
        for parallel in [1, 5] {
            let fleet = try NetnsFleet(count: 5)
            defer { fleet.stop() }
            let hosts = try (0..<5).map { i in
                FleetDeployer.Host(name: fleet.hosts[i].namespace, plan: PlanBuilder.plan(for: try fleet.localnetSpec(i)), shell: fleet.client(i))
            }
            let t0 = Date()
            let results = await FleetDeployer(store: JournalStore(directory: fleet.home + "/journals"), parallel: parallel).run(hosts)
            let total = Date().timeIntervalSince(t0)
            let allOK = results.allSatisfy { $0.outcome.succeeded }
            #expect(allOK, "\(results.map(\.outcome))")
            let per = results.map(\.seconds)
            lines.append(String(format: "--parallel %d: 5 hosts in %.1f s (per host %.1f–%.1f s)", parallel, total, per.min() ?? 0, per.max() ?? 0))
        }
        let report = lines.joined(separator: "\n")
        print("FLEET BENCH\n" + report)
        if let out = ProcessInfo.processInfo.environment["OSVM_BENCH_OUT"] { try report.write(toFile: out, atomically: true, encoding: .utf8) }
    }
}
