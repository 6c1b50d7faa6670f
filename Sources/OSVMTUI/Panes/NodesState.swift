import Deploy

/// A registered node as the table lists it before (and between) snapshots.
public struct NodeInfo: Sendable, Equatable, Codable {
    public var name: String
    public var host: String
    public init(name: String, host: String) { self.name = name; self.host = host }
}

/// The nodes pane: the registry, the newest snapshot per node and short histories for
/// the sparklines.
public struct NodesState: Sendable, Equatable {
    public var nodes: [NodeInfo] = []
    /// The registry has been read.
    public var loaded = false
    /// The registry could not be read.
    public var error: String?
    public var latest: [String: NodeSnapshot] = [:]
    /// Slots advanced between consecutive snapshots.
    public var slotHistory: [String: [Double]] = [:]
    public var loadHistory: [String: [Double]] = [:]
    public var selected = 0
    /// Where readings come from ("Prometheus http://…", "SSH probes"); nil until known.
    public var source: String?
    /// The source's last failure, cleared by the next good reading.
    public var problem: String?
    /// The deployment shown as a step checklist (started with `:deploy`).
    public var deployment: DeploymentProgress?
    /// Deployments started so far (updates of an older one are dropped).
    public var deployRuns = 0

    static let historyLimit = 60

    /// Records a snapshot; returns the alerts that are new since the previous one.
    mutating func add(_ snap: NodeSnapshot) -> [Alert] {
        let prev = latest[snap.node]
        if !nodes.contains(where: { $0.name == snap.node }) { nodes.append(NodeInfo(name: snap.node, host: "")) }
        if let s = snap.slot, let p = prev?.slot {
            push(&slotHistory, snap.node, Double(s >= p ? s - p : 0))
        }
        if let l = snap.load1 { push(&loadHistory, snap.node, l) }
        latest[snap.node] = snap
        let before = Set((prev?.alerts ?? []).map(\.kind))
        return snap.alerts.filter { !before.contains($0.kind) }
    }

    /// Starts a node's sparklines from history (range queries) instead of empty.
    mutating func seedHistory(_ node: String, slots: [Double], load: [Double]) {
        if !nodes.contains(where: { $0.name == node }) { nodes.append(NodeInfo(name: node, host: "")) }
        if !slots.isEmpty { slotHistory[node] = Array(slots.suffix(Self.historyLimit)) }
        if !load.isEmpty { loadHistory[node] = Array(load.suffix(Self.historyLimit)) }
    }

    private func push(_ h: inout [String: [Double]], _ key: String, _ v: Double) {
        var a = h[key] ?? []
        a.append(v)
        if a.count > Self.historyLimit { a.removeFirst(a.count - Self.historyLimit) }
        h[key] = a
    }
}
