import ArgumentParser
import Chain
import Deploy
import Foundation
import OSVMSettings

/// `osvm nodes exporter` and `osvm nodes prometheus`: Prometheus as the fleet's monitoring
/// engine (README, "Monitoring a fleet with Prometheus").
extension NodesCommand {
    struct Exporter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exporter",
            abstract: "Serve a node's Solana figures as Prometheus metrics (GET /metrics).",
            discussion: """
                Probes the node's RPC on every scrape: solana_node_up, solana_node_healthy, \
                solana_node_slot, solana_cluster_slot and solana_node_slots_behind (with --reference), \
                solana_node_version_info, solana_vote_delinquent (with --vote-account). Machine figures \
                come from Debian's prometheus-node-exporter beside it. Bind --listen to the address \
                Prometheus scrapes from.
                """)
        @Option(help: "The node's RPC URL.") var rpc = "http://127.0.0.1:8899"
        @Option(help: "A cluster RPC to compare slots with (e.g. a public endpoint of the same network).") var reference: String?
        @Option(help: "The node's vote account (adds solana_vote_delinquent).") var voteAccount: String?
        @Option(help: "ADDRESS:PORT to listen on (port 0: any free port).") var listen = "127.0.0.1:9720"
        @Option(help: "Seconds per RPC probe.") var timeout: Double = 5

        func run() async throws {
            try await deployRun {
                guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
                    throw DeployError.local("--listen: expected ADDRESS:PORT, e.g. 127.0.0.1:9720")
                }
                let host = String(listen[..<colon])
                let rpc = try Cluster.resolve(self.rpc)
                let reference = try self.reference.map { try Cluster.resolve($0) }
                let (vote, timeout) = (voteAccount, self.timeout)
                let server = try MetricsServer(host: host, port: port, render: {
                    Self.blocking { await NodeMetrics.collect(rpc: rpc, reference: reference, voteAccount: vote, timeout: timeout) }.exposition()
                }, index: {
                    let m = Self.blocking { await NodeMetrics.collect(rpc: rpc, reference: reference, voteAccount: vote, timeout: timeout) }
                    return "osvm node exporter for \(Redact.url(rpc)) — metrics at /metrics\n"
                        + (m.errors.isEmpty ? "last probe: ok\n" : "last probe: " + m.errors.map { TerminalText.line($0) }.joined(separator: "; ") + "\n")
                })
                deployOut("serving metrics for \(Redact.url(rpc)) on http://\(host):\(server.port)/metrics")
                let t = Thread { server.serve() }
                t.start()
                // Until SIGINT/SIGTERM.
                for sig in [SIGINT, SIGTERM] { signal(sig, SIG_IGN) }
                let stop = DispatchSemaphore(value: 0)
                let sources = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
                    let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                    s.setEventHandler { stop.signal() }
                    s.resume()
                    return s
                }
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    Thread { stop.wait(); c.resume() }.start()
                }
                sources.forEach { $0.cancel() }
                server.stop()
            }
        }

        /// Runs async work from the server's connection thread.
        static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
            let box = ResultBox<T>()
            let done = DispatchSemaphore(value: 0)
            Task { box.value = await body(); done.signal() }
            done.wait()
            return box.value!
        }
    }

    struct Prometheus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prometheus",
            abstract: "Write Prometheus scrape configuration, targets and alert rules for the registered nodes.",
            discussion: """
                Writes prometheus.yml (file-based discovery), osvm-nodes.json and osvm-machines.json \
                (targets from the node registry; rewritten every time) and osvm-alerts.yml (node down, \
                unhealthy, slots behind, disk over 90 %, delinquent vote account). An existing \
                prometheus.yml or osvm-alerts.yml is kept unless --force.
                """)
        @Option(help: "Directory to write into.") var dir = "./prometheus"
        @Option(help: "Port of `osvm nodes exporter` on each node.") var exporterPort = 9720
        @Option(help: "Port of prometheus-node-exporter on each node.") var machinePort = 9100
        @Option(help: "Alert when a node is this many slots behind.") var slotsBehind = 150
        @Option(name: .customLong("for"), help: "How long a condition must hold before its alert fires (Prometheus duration).") var holdFor = "2m"
        @Option(help: "Scrape and rule evaluation interval (Prometheus duration).") var scrapeInterval = "15s"
        @Flag(help: "Overwrite an existing prometheus.yml and osvm-alerts.yml.") var force = false

        func validate() throws {
            let duration = #"^[0-9]+(ms|s|m|h|d)$"#
            for (name, v) in [("--for", holdFor), ("--scrape-interval", scrapeInterval)] where v.range(of: duration, options: .regularExpression) == nil {
                throw ValidationError("\(name): '\(v)' is not a Prometheus duration (e.g. 30s, 2m)")
            }
            if !(1...65535).contains(exporterPort) || !(1...65535).contains(machinePort) { throw ValidationError("ports must be 1–65535") }
        }

        func run() async throws {
            try await deployRun {
                let reg = try NodeRegistry.load()
                var setup = PrometheusSetup()
                setup.exporterPort = exporterPort
                setup.machinePort = machinePort
                setup.slotsBehindThreshold = slotsBehind
                setup.alertFor = holdFor
                setup.scrapeInterval = scrapeInterval
                let written = try setup.write(to: (dir as NSString).expandingTildeInPath, nodes: reg.nodes, force: force)
                for p in written { deployOut("wrote \(p)") }
                deployOut("\(reg.nodes.count) node(s); run: prometheus --config.file=\(dir)/\(PrometheusSetup.configFile)")
                deployOut("then: osvm nodes status --prometheus http://127.0.0.1:9090")
            }
        }
    }
}

private final class ResultBox<T>: @unchecked Sendable { var value: T? }
