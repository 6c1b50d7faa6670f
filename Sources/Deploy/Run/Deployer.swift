import Chain
import Foundation

/// Runs a `DeploymentPlan` over a `RemoteShell`: check → action per step, journal after each
/// step, resume from the journal, rollback of what this deployment changed.
///
///     let d = Deployer(shell: ssh, store: .standard(), consent: false) { event in print(event) }
///     let journal = try await d.run(plan)           // throws after rolling back on failure
///
/// A journal left `running`, `failed` or `interrupted` by an earlier run is resumed: its
/// finished steps are skipped. Cancellation stops the running step's ssh child and leaves
/// the journal `interrupted`.
public struct Deployer: Sendable {
    public let shell: any RemoteShell
    public let store: JournalStore
    /// The user's consent to `consent` steps (sysctl, limits).
    public let consent: Bool
    public let rollbackOnFailure: Bool
    public let onEvent: @Sendable (DeployEvent) -> Void

    public init(shell: any RemoteShell, store: JournalStore, consent: Bool = false, rollbackOnFailure: Bool = true,
                onEvent: @escaping @Sendable (DeployEvent) -> Void = { _ in }) {
        self.shell = shell
        self.store = store
        self.consent = consent
        self.rollbackOnFailure = rollbackOnFailure
        self.onEvent = onEvent
    }

    /// Runs (or resumes) `plan`; returns the completed journal.
    @discardableResult
    public func run(_ plan: DeploymentPlan) async throws -> DeploymentJournal {
        var journal = DeploymentJournal(plan: plan)
        var resumedFrom: Int?
        if let old = try store.load(plan.id), [.running, .failed, .interrupted].contains(old.status) {
            for (i, r) in journal.steps.enumerated() {
                if let o = old.steps.first(where: { $0.id == r.id }) { journal.steps[i].state = o.state; journal.steps[i].elapsed = o.elapsed }
            }
            journal.createdAt = old.createdAt
            resumedFrom = plan.steps.firstIndex { !journal.isComplete($0.id) } ?? plan.steps.count
        }
        try store.save(journal)
        onEvent(.started(id: plan.id, steps: plan.steps.map(\.title), resumedFrom: resumedFrom))

        for (i, step) in plan.steps.enumerated() {
            if resumedFrom != nil, journal.isComplete(step.id) {
                onEvent(.stepFinished(index: i, title: step.title, state: journal.steps[i].state, elapsed: 0, message: "done in an earlier run"))
                continue
            }
            onEvent(.stepStarted(index: i, title: step.title))
            let start = Date()
            do {
                try Task.checkCancellation()
                let (state, message) = try await perform(step, index: i)
                journal.steps[i].state = state
                journal.steps[i].message = message
                journal.steps[i].elapsed = Date().timeIntervalSince(start)
                try store.save(journal)
                onEvent(.stepFinished(index: i, title: step.title, state: state, elapsed: journal.steps[i].elapsed ?? 0, message: message))
            } catch {
                let cancelled = error is CancellationError || (error as? DeployError) == .cancelled
                journal.steps[i].state = .failed
                journal.steps[i].message = cancelled ? "interrupted" : "\(error)"
                journal.steps[i].elapsed = Date().timeIntervalSince(start)
                journal.status = cancelled ? .interrupted : .failed
                try? store.save(journal)
                onEvent(.stepFinished(index: i, title: step.title, state: .failed, elapsed: journal.steps[i].elapsed ?? 0,
                                      message: journal.steps[i].message))
                if cancelled { throw DeployError.cancelled }
                let failure = DeployError.stepFailed(step.title, "\(error)")
                if rollbackOnFailure {
                    onEvent(.rollbackStarted(reason: failure.description))
                    _ = try? await rollback(journal)
                }
                throw failure
            }
        }
        journal.status = .completed
        try store.save(journal)
        onEvent(.finished(status: .completed, changed: journal.changedCount))
        return journal
    }

    /// Undoes, newest first, every step this deployment changed; returns the updated journal.
    @discardableResult
    public func rollback(_ journalIn: DeploymentJournal) async throws -> DeploymentJournal {
        var journal = journalIn
        var allOK = true
        for i in journal.steps.indices.reversed() where journal.steps[i].state == .changed {
            let r = journal.steps[i]
            guard let undo = r.undo else { continue }
            do {
                let res = try await shell.run(undo, timeout: 300) { line in onEvent(.output(index: i, line: line)) }
                if res.succeeded {
                    journal.steps[i].state = .undone
                    onEvent(.undone(index: i, title: r.title, ok: true, message: nil))
                } else {
                    allOK = false
                    onEvent(.undone(index: i, title: r.title, ok: false, message: "exit \(res.status): \(res.lastLine)"))
                }
            } catch {
                allOK = false
                onEvent(.undone(index: i, title: r.title, ok: false, message: "\(error)"))
            }
            try store.save(journal)
        }
        journal.status = allOK ? .rolledBack : .failed
        try store.save(journal)
        onEvent(.finished(status: journal.status, changed: 0))
        if !allOK { throw DeployError.journal("rollback incomplete; see \(store.path(journal.id))") }
        return journal
    }

    /// Runs each step's check only: what a real run would change.
    public func dryRun(_ plan: DeploymentPlan) async -> [DryRunItem] {
        var items: [DryRunItem] = []
        for step in plan.steps {
            if step.kind == .readOnly { items.append(DryRunItem(step: step, verdict: .readOnly)); continue }
            if step.kind == .consent && !consent { items.append(DryRunItem(step: step, verdict: .needsConsent)); continue }
            guard let check = step.check else { items.append(DryRunItem(step: step, verdict: .wouldChange)); continue }
            do {
                let r = try await shell.run(check, timeout: 30, onLine: nil)
                items.append(DryRunItem(step: step, verdict: r.succeeded ? .alreadyDone : .wouldChange))
            } catch {
                items.append(DryRunItem(step: step, verdict: .unknown("\(error)")))
            }
        }
        return items
    }

    /// One step: consent gate, check, action. Returns the journal state and a note.
    func perform(_ step: DeployStep, index i: Int) async throws -> (DeploymentJournal.StepState, String?) {
        if step.kind == .consent && !consent { return (.skipped, "skipped: needs consent (--yes)") }
        if step.kind == .change, let check = step.check {
            if try await shell.run(check, timeout: 60, onLine: nil).succeeded { return (.alreadyDone, nil) }
        }
        let emit: @Sendable (OutputLine) -> Void = { line in onEvent(.output(index: i, line: line)) }
        switch step.action {
        case .shell(let script):
            let r = try await shell.run(script, timeout: step.timeout, onLine: emit)
            guard r.succeeded else { throw DeployError.remoteFailed(step.title, r.status, r.lastLine) }
        case .upload(let local, let remote, let sha):
            try await install(local, remote: remote, sha256: sha)
        case .health(let url, let timeout):
            let version = try await Deployer.waitHealthy(url: url, timeout: timeout)
            return (.passed, "healthy, version \(version)")
        }
        return (step.kind == .readOnly ? .passed : .changed, nil)
    }

    /// Uploads to `remote.partial`, verifies SHA-256 on the host, then renames into place.
    func install(_ local: String, remote: String, sha256: String) async throws {
        let q = Shell.quote
        let partial = remote + ".partial"
        try await shell.check("mkdir", "mkdir -p \(q((remote as NSString).deletingLastPathComponent))")
        try await shell.upload(local, to: partial)
        let actual = try await shell.check("sha256sum", "sha256sum \(q(partial)) | cut -d' ' -f1").trimmingCharacters(in: .whitespacesAndNewlines)
        guard actual == sha256 else {
            _ = try? await shell.run("rm -f \(q(partial))", timeout: 30, onLine: nil)
            throw DeployError.checksumMismatch(remote, expected: sha256, actual: actual)
        }
        try await shell.check("install", "chmod 755 \(q(partial)) && mv -f \(q(partial)) \(q(remote))")
    }

    /// Polls `getHealth` until "ok"; returns the node's version. Throws `healthCheckFailed` at the deadline.
    public static func waitHealthy(url: String, timeout: Double) async throws -> String {
        let rpc = try RPCClient(url: url, timeout: 3, maxRetries: 0)
        let deadline = Date().addingTimeInterval(timeout)
        var last = "no answer"
        while true {
            try Task.checkCancellation()
            do {
                let h = try await rpc.getHealth()
                if h == "ok" { return (try? await rpc.getVersion().solanaCore) ?? "?" }
                last = "getHealth answered \(h)"
            } catch {
                last = "\(error)"
            }
            if Date() >= deadline { throw DeployError.healthCheckFailed("\(url) not healthy after \(Int(timeout)) s: \(last)") }
            try await Task.sleep(nanoseconds: 300_000_000)
        }
    }
}
