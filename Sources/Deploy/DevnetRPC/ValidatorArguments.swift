/// The `agave-validator` command line of a non-voting RPC node that follows devnet, built
/// from data only (no files touched) so `--dry-run`, the tests and the real start print and
/// run exactly the same arguments.
public struct DevnetNodeOptions: Sendable, Equatable {
    public var rpcPort: Int = 8899
    /// The RPC listens here only. 127.0.0.1 keeps a fresh node private to this machine;
    /// agave's own default would be every interface.
    public var rpcBindAddress = "127.0.0.1"
    /// Gossip, TPU, repair... ports (`--dynamic-port-range`). 31 ports: recent Agave
    /// releases need more than the 21 of older guides.
    public var dynamicPortRange = PortRange(8000, 8030)
    /// Shreds kept in the ledger (`--limit-ledger-size`): agave's minimum, 50,000,000,
    /// rather than its 200,000,000 default — a follower for development needs little history.
    public var ledgerLimitShreds: UInt64 = DevnetNodeOptions.minLedgerLimit

    public static let minLedgerLimit: UInt64 = 50_000_000

    public init() {}

    public struct PortRange: Sendable, Equatable, CustomStringConvertible {
        public let low: Int, high: Int
        public init(_ low: Int, _ high: Int) { (self.low, self.high) = (low, high) }
        public var description: String { "\(low)-\(high)" }

        /// `LOW-HIGH`, both 1-65535, LOW < HIGH.
        public static func parse(_ text: String) throws(DeployError) -> PortRange {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]),
                  (1...65535).contains(lo), (1...65535).contains(hi), lo < hi else {
                throw .local("invalid --dynamic-port-range '\(text)': expected LOW-HIGH, e.g. 8000-8030 (ports 1-65535, LOW < HIGH)")
            }
            return PortRange(lo, hi)
        }
    }

    /// Checks each value; the first problem as an error naming its flag.
    public func validate() throws(DeployError) {
        guard (1...65535).contains(rpcPort) else { throw .local("invalid --rpc-port \(rpcPort): must be 1-65535") }
        if (dynamicPortRange.low...dynamicPortRange.high).contains(rpcPort) {
            throw .local("--rpc-port \(rpcPort) lies inside --dynamic-port-range \(dynamicPortRange): the validator needs those ports for gossip and repair")
        }
        guard ledgerLimitShreds >= Self.minLedgerLimit else {
            throw .local("invalid --limit-ledger-size \(ledgerLimitShreds): agave-validator needs at least \(Self.minLedgerLimit) shreds")
        }
        guard IPv4Text.isValid(rpcBindAddress) else {
            throw .local("invalid --rpc-bind-address '\(rpcBindAddress)': expected an IPv4 address such as 127.0.0.1")
        }
    }

    /// The arguments after the program name, in a fixed order.
    public func arguments(layout: DevnetNodeLayout) -> [String] {
        var a = ["--identity", layout.identity,
                 "--ledger", layout.ledger,
                 "--log", layout.log,
                 "--rpc-port", String(rpcPort),
                 "--rpc-bind-address", rpcBindAddress,
                 "--dynamic-port-range", dynamicPortRange.description]
        for e in DevnetCluster.entrypoints { a += ["--entrypoint", e] }
        for k in DevnetCluster.knownValidators { a += ["--known-validator", k] }
        a += ["--only-known-rpc",
              "--expected-genesis-hash", DevnetCluster.genesisHash,
              "--limit-ledger-size", String(ledgerLimitShreds),
              "--wal-recovery-mode", "skip_any_corrupted_record",
              "--no-voting",
              "--full-rpc-api",
              // `osvm rpc tx` and the workbench read transactions back from this node.
              "--enable-rpc-transaction-history"]
        return a
    }
}

/// Dotted-quad IPv4 text.
enum IPv4Text {
    static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && Int(p).map { (0...255).contains($0) } == true
        }
    }
}
