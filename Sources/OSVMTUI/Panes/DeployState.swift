import Deploy
import Foundation

/// `:deploy TARGET --svm NAME [--node-type T] [--network N] [--dry-run] [--yes] [--version V]
/// [--binary PATH] [--prefix DIR] [--rpc-port N] [--name NAME] [-i KEY] [--known-hosts FILE]`,
/// checked locally (target, SVM, node type, network) before anything connects.
public struct DeployOrder: Sendable, Equatable {
    public var target: String
    public var svm: String
    public var nodeType = "validator"
    public var network = "devnet"
    public var dryRun = false
    public var yes = false
    /// The other `--name value` options (version, binary, prefix, rpc-port, name, i, known-hosts).
    public var options: [String: String] = [:]

    static let valueOptions: Set<String> = ["version", "binary", "prefix", "rpc-port", "name", "i", "known-hosts", "connect-timeout"]
    public static let usage = "usage: :deploy user@host[:port] --svm NAME --node-type validator|rpc --network devnet|testnet|mainnet [--dry-run] [--yes]"

    public init(target: String, svm: String) { self.target = target; self.svm = svm }

    /// Parses the palette arguments; the error is one line.
    public static func parse(_ arg: String) -> Result<DeployOrder, ServiceError> {
        var words = arg.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        var target: String?
        var svm: String?
        var o = DeployOrder(target: "", svm: "")
        while let w = words.popFirst() {
            guard w.hasPrefix("-") else {
                if target != nil { return .failure(ServiceError("unexpected argument '\(w)' — \(usage)")) }
                target = w
                continue
            }
            let name = String(w.drop { $0 == "-" })
            switch name {
            case "dry-run": o.dryRun = true
            case "yes", "y": o.yes = true
            case "svm", "node-type", "network":
                guard let v = words.popFirst() else { return .failure(ServiceError("\(w) needs a value — \(usage)")) }
                if name == "svm" { svm = v } else if name == "network" { o.network = v } else { o.nodeType = v }
            default:
                guard valueOptions.contains(name) else { return .failure(ServiceError("unknown option \(w) — \(usage)")) }
                guard let v = words.popFirst() else { return .failure(ServiceError("\(w) needs a value")) }
                o.options[name] = v
            }
        }
        guard let t = target, let s = svm else { return .failure(ServiceError(usage)) }
        o.target = t; o.svm = s
        do {
            _ = try SSHTarget.parse(t)
            let d = try SVMCatalog.get(s)
            guard let type = NodeType(rawValue: o.nodeType.lowercased()), d.nodeTypes.contains(type) else {
                throw DeployError.badValue("node type for \(d.name)", o.nodeType, d.nodeTypes.map(\.rawValue))
            }
            _ = try SVMCatalog.network(o.network, of: d)
        } catch {
            return .failure(ServiceError("\(error)"))
        }
        return .success(o)
    }

    /// The library's request for this order.
    public var request: DeployRequest {
        var r = DeployRequest(target: target, svm: svm, nodeType: nodeType, network: network)
        r.version = options["version"]
        r.binaryPath = options["binary"].map { ($0 as NSString).expandingTildeInPath }
        r.prefix = options["prefix"]
        if let p = options["rpc-port"].flatMap(Int.init) { r.rpcPort = p }
        return r
    }

    public var ssh: SSHOptions {
        SSHOptions(identityFile: options["i"].map { ($0 as NSString).expandingTildeInPath },
                   knownHostsFile: options["known-hosts"].map { ($0 as NSString).expandingTildeInPath },
                   connectTimeout: options["connect-timeout"].flatMap(Int.init) ?? 10)
    }

    /// `solana validator (devnet) → root@10.0.0.5`
    public var summary: String { "\(svm) \(nodeType) (\(network)) → \(target)" }
}

/// What the deploy service reports: the library's events plus what happens around them.
public enum DeployUpdate: Sendable, Codable {
    case event(DeployEvent)
    /// Seconds the running step `index` has taken so far (a heartbeat while it runs).
    case elapsed(index: Int, seconds: Double)
    /// A dry run's verdict for step `index` (`would change`, `already done`, …).
    case verdict(index: Int, String)
    /// A plain line (host notes, the registered node's name).
    case note(String)
    case failed(String)
}

/// A deployment shown as a step checklist in the nodes pane.
public struct DeploymentProgress: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        case confirming, preparing, running, completed, failed, rolledBack = "rolled back", cancelled, planned
    }
    public enum StepStatus: String, Sendable, Equatable {
        case pending, running, done, alreadyDone = "already done", skipped, failed, rolledBack = "rolled back", undoFailed = "undo failed"
    }
    public struct Step: Sendable, Equatable {
        public var title: String
        public var status: StepStatus = .pending
        public var elapsed: Double?
        public var lastLine: String?
        public var note: String?
    }

    public var order: DeployOrder
    public var run: Int
    public var phase: Phase
    public var id: String?
    public var steps: [Step] = []
    public var notes: [String] = []
    public var error: String?

    public var active: Bool { phase == .preparing || phase == .running }
}
