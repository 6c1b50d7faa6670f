import Foundation

/// The end-of-run summary of a fleet deployment, shared by the CLI and the tests:
///
///     fleet: 5 hosts in 41.2 s (5 at a time)
///       ns-1  ok        12.0 s  registered as 'ns-1'
///       ns-5  FAILED     0.4 s  root@ns-5: authentication failed (…)
///     1 of 5 hosts failed; run the same command again to resume them (completed hosts are skipped)
public enum FleetSummary {
    public static func header(hosts: Int, seconds: Double, parallel: Int) -> String {
        String(format: "fleet: %d hosts in %.1f s (%d at a time)", hosts, seconds, parallel)
    }

    /// One host's line; `registeredAs` names the registry entry of a completed host.
    public static func line(_ r: FleetDeployer.Result, width: Int, registeredAs: String? = nil) -> String {
        let label = r.host.padding(toLength: max(width, r.host.count), withPad: " ", startingAt: 0)
        switch r.outcome {
        case .completed:
            return String(format: "  %@  ok      %6.1f s", label, r.seconds) + (registeredAs.map { "  registered as '\($0)'" } ?? "")
        case .failed(let why):
            return String(format: "  %@  FAILED  %6.1f s  ", label, r.seconds) + why
        }
    }

    /// nil when every host completed.
    public static func footer(_ results: [FleetDeployer.Result]) -> String? {
        let failed = results.filter { !$0.outcome.succeeded }.count
        guard failed > 0 else { return nil }
        return "\(failed) of \(results.count) hosts failed; run the same command again to resume them (completed hosts are skipped)"
    }

    /// The process exit status: 0 when every host completed, 1 otherwise.
    public static func exitStatus(_ results: [FleetDeployer.Result]) -> Int32 {
        results.allSatisfy(\.outcome.succeeded) ? 0 : 1
    }
}
