import ArgumentParser
import Chain
import Deploy
import Foundation
import OSVMSettings

/// `osvm nodes list|status|logs|start|stop|restart|remove|monitor` over `~/.config/osvm/nodes.json`.
struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes", abstract: "Deploy (over SSH), manage and monitor nodes.",
        subcommands: [DeployCommand.self, List.self, Status.self, Logs.self, Start.self, Stop.self, Restart.self, Remove.self, Monitor.self,
                      Exporter.self, Prometheus.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered nodes.")
        func run() async throws {
            try await deployRun {
                let reg = try NodeRegistry.load()
                if reg.nodes.isEmpty { deployOut("no nodes (deploy one with `osvm nodes deploy user@host --svm solana …`)"); return }
                for n in reg.nodes {
                    deployOut("\(n.name)  \(n.target)  \(n.spec.svm) \(n.spec.nodeType.rawValue) \(n.spec.network)  v\(n.spec.version)  \(n.spec.prefix)")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "One monitor reading per node.")
        @Argument(help: "Node name (default: all).") var name: String?
        @Option(help: "Read through this Prometheus (its HTTP API) instead of probing each node over SSH (env OSVM_PROMETHEUS_URL, config prometheus_url).")
        var prometheus: String?
        func run() async throws {
            try await deployRun {
                if let url = try NodesCommand.prometheusURL(prometheus) {
                    let snaps = try await PrometheusStatus.snapshots(try PromQLClient(url: url))
                    let shown = name.map { n in snaps.filter { $0.node == n } } ?? snaps
                    deployErr("source: Prometheus \(Redact.url(url))")   // stderr: stdout stays one line per node
                    if shown.isEmpty { deployOut(name.map { "Prometheus knows no node named '\($0)'" } ?? "Prometheus knows no osvm nodes yet (see `osvm nodes prometheus`)") }
                    for s in shown { deployOut(s.line) }
                    return
                }
                let reg = try NodeRegistry.load()
                let nodes = try name.map { [try reg.get($0)] } ?? reg.nodes
                deployErr("source: SSH probes")
                for n in nodes { deployOut(await n.monitor().poll().line) }
            }
        }
    }

    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show a node's log (-f to follow).")
        @Argument var name: String
        @Flag(name: .shortAndLong, help: "Follow.") var follow = false
        @Option(name: .shortAndLong, help: "Lines.") var lines: Int = 100
        func run() async throws {
            try await deployRun {
                let n = try NodeRegistry.load().get(name)
                let r = try await n.client.run("tail -n \(lines) \(follow ? "-F " : "")\(Shell.quote(n.spec.logFile))", timeout: nil) { deployOut($0.text) }
                if r.status != 0 { throw ExitCode(r.status) }
            }
        }
    }

    /// start/stop/restart share this body.
    static func control(_ verb: ServiceControl.Verb, _ name: String) async throws {
        try await deployRun {
            let n = try NodeRegistry.load().get(name)
            try await n.client.check("\(verb.rawValue) \(name)", n.service.script(verb), timeout: 120)
            deployOut("\(name): \(verb.rawValue) ok")
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a node's service.")
        @Argument var name: String
        func run() async throws { try await NodesCommand.control(.start, name) }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a node's service.")
        @Argument var name: String
        func run() async throws { try await NodesCommand.control(.stop, name) }
    }

    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart a node's service.")
        @Argument var name: String
        func run() async throws { try await NodesCommand.control(.restart, name) }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Forget a node (--purge: also roll back its deployment).")
        @Argument var name: String
        @Flag(help: "Stop the service and undo the deployment's changes on the host.") var purge = false
        func run() async throws {
            try await deployRun {
                var reg = try NodeRegistry.load()
                let n = try reg.get(name)
                if purge {
                    let store = JournalStore.standard()
                    guard let j = try store.load(n.spec.deploymentID) else { throw DeployError.journal("no journal for \(n.spec.deploymentID)") }
                    try await Deployer(shell: n.client, store: store, onEvent: DeployPrinter.print).rollback(j)
                }
                try reg.remove(name)
                try reg.save()
                deployOut("removed \(name)")
            }
        }
    }

    /// The fleet's Prometheus: `--prometheus` > OSVM_PROMETHEUS_URL > config `prometheus_url`.
    static func prometheusURL(_ flag: String?) throws -> String? {
        try CLISettings.load().prometheusURL(flag: flag)?.value
    }

    struct Monitor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "monitor", abstract: "Print live readings and alerts.",
            discussion: """
            Reads through Prometheus when one is configured (--prometheus, OSVM_PROMETHEUS_URL or             prometheus_url in config.yml), else probes each node over SSH; the source is said on stderr.

              osvm nodes monitor --count 3
              osvm nodes monitor --prometheus http://127.0.0.1:9090 --interval 10
            """)
        @Argument(help: "Node name (default: all).") var name: String?
        @Option(help: "Seconds between readings.") var interval: Double = 5
        @Option(help: "Stop after N readings per node (default: run until Ctrl-C).") var count: Int?
        @Option(help: "Read through this Prometheus (its HTTP API) instead of SSH probes.") var prometheus: String?
        func run() async throws {
            try await deployRun {
                guard interval > 0 else { throw DeployError.local("--interval must be above 0") }
                if let url = try NodesCommand.prometheusURL(prometheus) {
                    var seen: [String: Int] = [:]
                    for await reading in FleetReadings.prometheus(try PromQLClient(url: url), every: interval, historyWindow: 0) {
                        switch reading {
                        case .source(let s): deployErr("source: \(s)")
                        case .problem(let p): deployErr("warning: \(p)")
                        case .history: break
                        case .snapshot(let s):
                            guard name == nil || s.node == name else { continue }
                            deployOut(ISO8601DateFormatter().string(from: s.time) + " " + s.line)
                            seen[s.node, default: 0] += 1
                        }
                        if let count, !seen.isEmpty, seen.values.allSatisfy({ $0 >= count }) { break }
                    }
                    return
                }
                deployErr("source: SSH probes")
                let reg = try NodeRegistry.load()
                let nodes = try name.map { [try reg.get($0)] } ?? reg.nodes
                await withTaskGroup(of: Void.self) { group in
                    for n in nodes {
                        let limit = count
                        group.addTask {
                            var seen = 0
                            for await s in n.monitor().snapshots(every: interval) {
                                deployOut(ISO8601DateFormatter().string(from: s.time) + " " + s.line)
                                seen += 1
                                if let limit, seen >= limit { break }
                            }
                        }
                    }
                }
            }
        }
    }
}
