import ArgumentParser
import Deploy
import Foundation

/// `osvm nodes deploy user@host[:port] --svm NAME --node-type validator|rpc --network …` (also `osvm user@host …`
/// and `osvm deploy user@host …`, see `deployShorthand`).
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Deploy an SVM node over SSH (resumable, rolls back on failure).",
        discussion: "Journal: ~/.config/osvm/deployments/<id>.json. Kernel settings change only with --tune-system.")

    @Argument(help: "user@host[:port] (IPv6: user@[addr]:port); several deploy a fleet.") var targets: [String] = []
    @Option(help: "A fleet inventory (hosts.yml: groups, per-host user/port/key/labels; see README).") var inventory: String?
    @Option(help: "With --inventory: only this group (repeatable).") var group: [String] = []
    @Option(help: "With --inventory: only these host names (comma-separated).") var limit: String?
    @Option(help: "Fleets: deployments running at once.") var parallel: Int = 4
    @Option(help: "SVM: solana, sonic, eclipse, soon (see `osvm svm list`).") var svm: String
    @Option(name: .customLong("node-type"), help: "validator or rpc.") var nodeType: String = "validator"
    @Option(help: "mainnet, testnet or devnet.") var network: String = "devnet"
    @Flag(name: .customLong("dry-run"), help: "Print the plan and what each step would change; change nothing.") var dryRun = false
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(name: .customLong("tune-system"), help: "Consent to sysctl and open-file limit changes.") var tuneSystem = false
    @Flag(help: "Roll back the completed steps of this deployment (from its journal).") var rollback = false
    @Option(help: "Install prefix on the host.") var prefix: String?
    @Option(help: "Release version to install (default: the pinned release of the SVM and network, see `osvm svm get NAME`).") var version: String?
    @Option(help: "Local node binary to upload (checksum-verified on the host).") var binary: String?
    @Option(name: .customLong("release-url"), help: "Release archive URL ({version} is replaced).") var releaseURL: String?
    @Option(help: "Expected SHA-256 of the release archive.") var sha256: String?
    @Option(name: .customLong("rpc-port"), help: "The node's RPC port.") var rpcPort: Int = 8899
    @Option(name: .customLong("service-user"), help: "User the service runs as.") var serviceUser: String = "solana"
    @Option(help: "Gossip entrypoint HOST:PORT (repeatable; overrides the catalog).") var entrypoint: [String] = []
    @Option(help: "Name in the node registry (default: svm-type-network@host).") var name: String?
    @Option(help: "Hot-swap the deployed node to VERSION (installed beside the old release; switched back when unhealthy).")
    var upgrade: String?
    @Option(help: "Launch command template (overrides the catalog; {bin} {identity} {ledger} {accounts} {logs} {rpc_port} {entrypoints} {genesis} {prefix}).")
    var launch: String?
    @Option(name: .customLong("supervisor-config"), help: "Use supervisord with this supervisord.conf instead of probing the host.")
    var supervisorConfig: String?
    @Option(name: .customLong("supervisor-include"), help: "The [include] directory of --supervisor-config (default: conf.d beside it).")
    var supervisorInclude: String?
    @Option(name: .customLong("health-timeout"), help: "Seconds the health check waits for getHealth = ok.") var healthTimeout: Double = 600
    @Option(name: .customLong("metrics-port"), help: "Install `osvm nodes exporter` on each node, serving /metrics on this port.")
    var metricsPort: Int?
    @Option(name: .customLong("metrics-listen"), help: "Address the exporter binds (a non-loopback one needs --metrics-allow).")
    var metricsListen = "127.0.0.1"
    @Option(name: .customLong("metrics-allow"), help: "Scraping address the metrics port is firewalled to with nftables (repeatable; 'any': no firewall).")
    var metricsAllow: [String] = []
    @Option(name: .customLong("exporter-binary"), help: "osvm binary to install as the exporter (default: this one; same OS/CPU as the hosts).")
    var exporterBinary: String?
    @Option(name: .customLong("machine-metrics-port"), help: "Also run Debian's prometheus-node-exporter (installed with apt) on this port, same address and firewall.")
    var machineMetricsPort: Int?
    @OptionGroup var ssh: SSHFlags

    var target: String { targets.first ?? "" }

    func validate() throws {
        if targets.isEmpty && inventory == nil { throw ValidationError("give user@host[:port] (or several, or --inventory hosts.yml)") }
        if inventory == nil && (!group.isEmpty || limit != nil) { throw ValidationError("--group and --limit select hosts of --inventory") }
        if parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if isFleet && (rollback || upgrade != nil || name != nil) {
            throw ValidationError("--rollback, --upgrade and --name act on one host: give one user@host")
        }
    }

    var isFleet: Bool { inventory != nil || targets.count > 1 }

    /// The request for one host (every option but the target is shared).
    func request(for target: String) -> DeployRequest {
        var req = DeployRequest(target: target, svm: svm, nodeType: nodeType, network: network)
        req.prefix = prefix; req.version = version; req.binaryPath = binary; req.releaseURL = releaseURL
        req.sha256 = sha256; req.rpcPort = rpcPort; req.serviceUser = serviceUser; req.entrypoints = entrypoint
        req.systemTuning = tuneSystem
        req.launch = launch
        req.healthTimeout = healthTimeout
        req.metricsPort = metricsPort; req.metricsListen = metricsListen; req.metricsAllow = metricsAllow
        req.exporterBinary = exporterBinary; req.machineMetricsPort = machineMetricsPort
        if let cfg = supervisorConfig {
            req.serviceManager = .supervisor(config: cfg, includeDir: supervisorInclude
                ?? ((cfg as NSString).deletingLastPathComponent as NSString).appendingPathComponent("conf.d"))
        }
        return req
    }

    func run() async throws {
        if isFleet { return try await deployRun { try await FleetCommand.run(self) } }
        try await deployRun {
            var req = request(for: target)
            if let upgrade { req.version = upgrade }
            let spec = try req.spec()                       // every input error surfaces here, before connecting
            if version == nil, upgrade == nil, binary == nil, releaseURL == nil,
               let pin = PinnedReleases.release(svm: spec.svm, network: spec.network) {
                deployErr("using the pinned \(spec.svm) release \(pin.version) (pinned \(pin.pinnedOn)); --version overrides")
            }
            if let w = spec.metrics?.warning { deployErr(w) }
            let client = SSHClient(target: spec.target, options: ssh.options())
            let store = JournalStore.standard()
            if rollback {
                guard let j = try store.load(spec.deploymentID) else { throw DeployError.journal("no journal for \(spec.deploymentID)") }
                try await Deployer(shell: client, store: store, onEvent: DeployPrinter.print).rollback(j)
                return
            }
            if let upgrade { return try await Self.upgrade(spec, to: upgrade, client: client, store: store) }
            let (plan, _) = try await DeploySession.plan(req, ssh: ssh.options(), dryRun: dryRun) { deployOut($0) }
            let deployer = Deployer(shell: client, store: store, consent: tuneSystem, onEvent: DeployPrinter.print)
            if dryRun {
                deployOut("plan \(plan.id) (\(plan.steps.count) steps) for \(spec.target):")
                for (i, item) in await deployer.dryRun(plan).enumerated() { deployOut(String(format: "%2d. ", i + 1) + item.line) }
                return
            }
            if !yes {
                guard isatty(0) == 1 else { throw DeployError.local("refusing to deploy without a terminal to confirm; pass --yes") }
                deployOut("Deploy \(spec.svm) \(spec.nodeType.rawValue) (\(spec.network)) to \(spec.target) under \(spec.prefix)? [y/N] ")
                guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { throw ExitCode(1) }
            }
            try await deployer.run(plan)
            let nodeName = try DeploySession.register(plan.spec, ssh: ssh.options(), name: name)
            deployOut("registered node '\(nodeName)' (osvm nodes status \(nodeName))")
        }
    }

    /// `--upgrade VERSION`: the completed deployment of this target (its journal) is hot-swapped
    /// to `requested`'s binary; the journal and the registry then name the new version.
    static func upgrade(_ requested: DeploymentSpec, to version: String, client: SSHClient, store: JournalStore) async throws {
        guard var journal = try store.load(requested.deploymentID), journal.status == .completed else {
            throw DeployError.journal("no completed deployment \(requested.deploymentID) to upgrade; deploy it first")
        }
        let old = journal.spec
        guard old.version != version else { deployOut("already at \(version); nothing to do"); return }
        let new = try await Upgrader(shell: client, log: { deployOut($0) }).upgrade(old, to: version, binary: requested.binary)
        journal.spec = new
        try store.save(journal)
        var reg = try NodeRegistry.load()
        for var n in reg.nodes where n.spec.deploymentID == new.deploymentID {
            n.spec = new
            reg.upsert(n)
        }
        try reg.save()
        deployOut("deployment \(new.deploymentID) now runs \(version)")
    }
}

/// Prints deploy events as plain lines.
enum DeployPrinter {
    @Sendable static func print(_ e: DeployEvent) { deployOut(line(e)) }

    /// The line for one event.
    static func line(_ e: DeployEvent) -> String {
        switch e {
        case .started(let id, let steps, let from):
            return "deployment \(id): \(steps.count) steps" + (from.map { ", resuming at step \($0 + 1)" } ?? "")
        case .stepStarted(let i, let title): return "[\(i + 1)] \(title) …"
        case .output(_, let line): return "      " + line.text
        case .stepFinished(let i, let title, let state, let elapsed, let message):
            return String(format: "[%d] %@: %@ (%.1f s)", i + 1, title, state.rawValue, elapsed) + (message.map { " — \($0)" } ?? "")
        case .rollbackStarted(let reason): return "rolling back: \(reason)"
        case .undone(_, let title, let ok, let message): return "  undo \(title): \(ok ? "ok" : "FAILED") \(message ?? "")"
        case .finished(let status, let changed): return "deployment \(status.rawValue); \(changed) steps changed the host"
        }
    }
}
