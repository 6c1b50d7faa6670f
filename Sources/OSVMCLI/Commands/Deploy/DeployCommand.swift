import ArgumentParser
import Deploy
import Foundation

/// `osvm deploy user@host[:port] --svm NAME --node-type validator|rpc --network …` (also `osvm user@host …`).
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Deploy an SVM node over SSH (resumable, rolls back on failure).",
        discussion: "Journal: ~/.config/osvm/deployments/<id>.json. Kernel settings change only with --tune-system.")

    @Argument(help: "user@host[:port] (IPv6: user@[addr]:port).") var target: String
    @Option(help: "SVM: solana, sonic, eclipse, soon (see `osvm svm list`).") var svm: String
    @Option(name: .customLong("node-type"), help: "validator or rpc.") var nodeType: String = "validator"
    @Option(help: "mainnet, testnet or devnet.") var network: String = "devnet"
    @Flag(name: .customLong("dry-run"), help: "Print the plan and what each step would change; change nothing.") var dryRun = false
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(name: .customLong("tune-system"), help: "Consent to sysctl and open-file limit changes.") var tuneSystem = false
    @Flag(help: "Roll back the completed steps of this deployment (from its journal).") var rollback = false
    @Option(help: "Install prefix on the host.") var prefix: String?
    @Option(help: "Release version to install.") var version: String?
    @Option(help: "Local node binary to upload (checksum-verified on the host).") var binary: String?
    @Option(name: .customLong("release-url"), help: "Release archive URL ({version} is replaced).") var releaseURL: String?
    @Option(help: "Expected SHA-256 of the release archive.") var sha256: String?
    @Option(name: .customLong("rpc-port"), help: "The node's RPC port.") var rpcPort: Int = 8899
    @Option(name: .customLong("service-user"), help: "User the service runs as.") var serviceUser: String = "solana"
    @Option(help: "Gossip entrypoint HOST:PORT (repeatable; overrides the catalog).") var entrypoint: [String] = []
    @Option(help: "Name in the node registry (default: svm-type-network@host).") var name: String?
    @OptionGroup var ssh: SSHFlags

    func run() async throws {
        try await deployRun {
            var req = DeployRequest(target: target, svm: svm, nodeType: nodeType, network: network)
            req.prefix = prefix; req.version = version; req.binaryPath = binary; req.releaseURL = releaseURL
            req.sha256 = sha256; req.rpcPort = rpcPort; req.serviceUser = serviceUser; req.entrypoints = entrypoint
            req.systemTuning = tuneSystem
            var spec = try req.spec()                       // every input error surfaces here, before connecting
            let client = SSHClient(target: spec.target, options: ssh.options())
            let store = JournalStore.standard()
            if rollback {
                guard let j = try store.load(spec.deploymentID) else { throw DeployError.journal("no journal for \(spec.deploymentID)") }
                try await Deployer(shell: client, store: store, onEvent: DeployPrinter.print).rollback(j)
                return
            }
            do {
                spec.serviceManager = try await HostFacts.probe(client, path: spec.prefix).resolve(spec.serviceManager)
            } catch where dryRun {
                deployOut("host not checked (\(error)); showing the plan for systemd")
                spec.serviceManager = .systemd
            }
            let plan = PlanBuilder.plan(for: spec)
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
            var reg = try NodeRegistry.load()
            let nodeName = name ?? "\(spec.svm)-\(spec.nodeType.rawValue)-\(spec.network)@\(spec.target.host)"
            reg.upsert(NodeRecord(name: nodeName, target: spec.target, ssh: ssh.options(), spec: spec))
            try reg.save()
            deployOut("registered node '\(nodeName)' (osvm nodes status \(nodeName))")
        }
    }
}

/// Prints deploy events as plain lines.
enum DeployPrinter {
    @Sendable static func print(_ e: DeployEvent) {
        switch e {
        case .started(let id, let steps, let from):
            deployOut("deployment \(id): \(steps.count) steps" + (from.map { ", resuming at step \($0 + 1)" } ?? ""))
        case .stepStarted(let i, let title): deployOut("[\(i + 1)] \(title) …")
        case .output(_, let line): deployOut("      " + line.text)
        case .stepFinished(let i, let title, let state, let elapsed, let message):
            deployOut(String(format: "[%d] %@: %@ (%.1f s)", i + 1, title, state.rawValue, elapsed) + (message.map { " — \($0)" } ?? ""))
        case .rollbackStarted(let reason): deployOut("rolling back: \(reason)")
        case .undone(_, let title, let ok, let message): deployOut("  undo \(title): \(ok ? "ok" : "FAILED") \(message ?? "")")
        case .finished(let status, let changed): deployOut("deployment \(status.rawValue); \(changed) steps changed the host")
        }
    }
}
