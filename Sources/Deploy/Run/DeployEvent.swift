import Foundation

/// Progress of a deployment, for the CLI's lines and the workbench's step checklist.
public enum DeployEvent: Sendable, Codable {
    /// A run began; `resumedFrom` is the first step not finished by an earlier run.
    case started(id: String, steps: [String], resumedFrom: Int?)
    case stepStarted(index: Int, title: String)
    /// A line of the step's remote output.
    case output(index: Int, line: OutputLine)
    case stepFinished(index: Int, title: String, state: DeploymentJournal.StepState, elapsed: Double, message: String?)
    case rollbackStarted(reason: String)
    case undone(index: Int, title: String, ok: Bool, message: String?)
    case finished(status: DeploymentJournal.Status, changed: Int)
}

/// What a dry run found for one step.
public struct DryRunItem: Sendable {
    public enum Verdict: Sendable, Equatable {
        case wouldChange, alreadyDone, readOnly, needsConsent
        /// The check could not run (host unreachable, …).
        case unknown(String)
    }
    public var step: DeployStep
    public var verdict: Verdict

    /// `[would change] Directories under /opt/x: mkdir -p …`
    public var line: String {
        let tag: String
        switch verdict {
        case .wouldChange: tag = "would change"
        case .alreadyDone: tag = "already done"
        case .readOnly: tag = "read-only"
        case .needsConsent: tag = "needs consent"
        case .unknown: tag = "unchecked"
        }
        return "[\(tag)] \(step.title): \(step.changes)"
    }
}
