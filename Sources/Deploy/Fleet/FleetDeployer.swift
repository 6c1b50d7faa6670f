import Foundation
import Synchronization

/// Deploys to many hosts at once: at most `parallel` deployments run together, each with
/// its own `Deployer` (own SSH connection, own journal — so each host resumes or rolls back
/// on its own), and one host failing never stops the others. Progress arrives as
/// `FleetEvent`s tagged with the host; the result lists every host's outcome.
public struct FleetDeployer: Sendable {
    /// One host of the fleet.
    public struct Host: Sendable {
        public var name: String
        public var plan: DeploymentPlan
        public var shell: any RemoteShell
        public init(name: String, plan: DeploymentPlan, shell: any RemoteShell) {
            self.name = name; self.plan = plan; self.shell = shell
        }
    }

    public enum Outcome: Sendable {
        case completed(DeploymentJournal)
        case failed(String)

        public var succeeded: Bool { if case .completed = self { return true } else { return false } }
    }

    public struct Result: Sendable {
        public var host: String
        public var outcome: Outcome
        public var seconds: Double
    }

    public let store: JournalStore
    public let parallel: Int
    public let consent: Bool
    public let rollbackOnFailure: Bool

    public init(store: JournalStore, parallel: Int, consent: Bool = false, rollbackOnFailure: Bool = true) {
        self.store = store
        self.parallel = max(1, parallel)
        self.consent = consent
        self.rollbackOnFailure = rollbackOnFailure
    }

    /// One host's whole job when the plan itself needs the host (probing its service
    /// manager): `work` plans and deploys, reporting events through its argument.
    public struct Job: Sendable {
        public var name: String
        public var work: @Sendable (_ onEvent: @escaping @Sendable (DeployEvent) -> Void) async throws -> DeploymentJournal
        public init(name: String, work: @escaping @Sendable (_ onEvent: @escaping @Sendable (DeployEvent) -> Void) async throws -> DeploymentJournal) {
            self.name = name
            self.work = work
        }
    }

    /// Runs every host's plan; returns one result per host, in the order given.
    public func run(_ hosts: [Host], onEvent: @escaping @Sendable (_ host: String, DeployEvent) -> Void = { _, _ in }) async -> [Result] {
        let (store, consent, rollbackOnFailure) = (self.store, self.consent, self.rollbackOnFailure)
        return await run(jobs: hosts.map { host in
            Job(name: host.name) { events in
                try await Deployer(shell: host.shell, store: store, consent: consent, rollbackOnFailure: rollbackOnFailure,
                                   onEvent: events).run(host.plan)
            }
        }, onEvent: onEvent)
    }

    /// Runs the jobs, at most `parallel` at a time; a failing job fails alone.
    public func run(jobs: [Job], onEvent: @escaping @Sendable (_ host: String, DeployEvent) -> Void = { _, _ in }) async -> [Result] {
        var results = [Result?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func start(_ i: Int) {
                let job = jobs[i]
                group.addTask {
                    let began = Date()
                    let outcome: Outcome
                    do { outcome = .completed(try await job.work { onEvent(job.name, $0) }) } catch { outcome = .failed("\(error)") }
                    return (i, Result(host: job.name, outcome: outcome, seconds: Date().timeIntervalSince(began)))
                }
            }
            while next < min(parallel, jobs.count) { start(next); next += 1 }
            while let (i, r) = await group.next() {
                results[i] = r
                if next < jobs.count { start(next); next += 1 }
            }
        }
        return results.map { $0! }
    }
}

/// The live per-host table of a fleet deployment (the CLI prints it; the Nodes pane can
/// render it): the step each host is on and its state. Thread-safe.
public final class FleetProgress: Sendable {
    public struct Row: Sendable, Equatable {
        public var host: String
        public var step: String = "waiting"
        public var done = 0
        public var total = 0
        public var state = "queued"
    }
    private let rows: Mutex<[Row]>

    public init(hosts: [String]) { rows = Mutex(hosts.map { Row(host: $0) }) }

    public func apply(_ host: String, _ e: DeployEvent) {
        rows.withLock { rows in
            guard let i = rows.firstIndex(where: { $0.host == host }) else { return }
            switch e {
            case .started(_, let steps, _): rows[i].total = steps.count; rows[i].state = "running"
            case .stepStarted(_, let title): rows[i].step = title
            case .stepFinished: rows[i].done += 1
            case .rollbackStarted: rows[i].state = "rolling back"
            case .finished(let status, _): rows[i].state = "\(status)"; rows[i].step = "-"
            case .output, .undone: break
            }
        }
    }

    public var snapshot: [Row] { rows.withLock { $0 } }

    /// `host  [3/9]  running  Install binary` lines, aligned.
    public func table() -> [String] {
        let rows = snapshot
        let w = rows.map(\.host.count).max() ?? 4
        return rows.map { r in
            r.host.padding(toLength: w, withPad: " ", startingAt: 0) + "  [\(r.done)/\(r.total)]  "
                + r.state.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + r.step
        }
    }
}
