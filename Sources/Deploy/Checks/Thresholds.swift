/// The limits every check judges against: one set for `osvm doctor`, the SSH node monitors,
/// the Nodes pane and the alert rules `osvm nodes prometheus` writes, so that a node is
/// "behind" or "disk nearly full" by the same measure wherever it is looked at.
public struct Thresholds: Sendable, Equatable {
    /// Agave's RPC reports itself unhealthy past 128 slots behind (`--health-check-slot-distance`);
    /// 150 (one minute) leaves room for a slot or two of measurement skew.
    public var maxSlotsBehind: Int64 = 150
    public var maxDiskPercent: Double = 90
    /// Free bytes below this fail the disk check; below 10× it warns.
    public var minFreeBytes: UInt64 = 50 * 1024 * 1024
    public var maxMemPercent: Double = 95
    public var maxErrorsPerMinute: Double = 60
    /// A slot that has not moved for this long is a stalled node (a real cluster makes a
    /// slot every 400 ms; test validators only advance per transaction, hence a minute).
    public var stalledAfterSeconds: Double = 60
    /// Agave's systemd unit sets LimitNOFILE=1000000; fewer fails under load.
    public var minValidatorOpenFiles: UInt64 = 1_000_000
    /// What osvm itself needs on a workstation (sockets, journals, MCP children).
    public var minOpenFiles: UInt64 = 1024

    public init() {}
}
