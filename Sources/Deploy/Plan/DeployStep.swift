import Foundation

/// What a step does when its check says "not done yet".
public enum StepAction: Sendable, Codable, Hashable {
    /// A shell script run on the host.
    case shell(String)
    /// Upload `localPath`, verify `sha256` on the host, install as `remotePath` (mode 0755).
    case upload(localPath: String, remotePath: String, sha256: String)
    /// Poll the node's `getHealth` at `url` until "ok" or `timeout` seconds.
    case health(url: String, timeout: Double)
}

/// How a step relates to the host's state.
public enum StepKind: String, Sendable, Codable, Hashable {
    /// Reads only (system info, requirements, health): always runs, never undone.
    case readOnly
    /// Changes the host; has a check and usually an undo.
    case change
    /// Changes system-wide settings: runs only with the user's consent.
    case consent
}

/// One idempotent step of a deployment plan: check → action, with an undo.
///
///     DeployStep(id: "dirs", title: "Create directories", changes: "mkdir /opt/osvm/…",
///                check: "[ -d /opt/osvm ]", action: .shell("mkdir -p /opt/osvm"), undo: "rmdir /opt/osvm")
///
/// `check` exits 0 when the step is already done (nil: never done). `undo` reverts what the
/// action did; rollback runs it only for steps this deployment changed.
public struct DeployStep: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var title: String
    /// What the step would change, for dry runs.
    public var changes: String
    public var kind: StepKind
    public var check: String?
    public var action: StepAction
    public var undo: String?
    /// Seconds the action may take.
    public var timeout: Double

    public init(id: String, title: String, changes: String, kind: StepKind = .change, check: String?,
                action: StepAction, undo: String?, timeout: Double = 300) {
        self.id = id; self.title = title; self.changes = changes; self.kind = kind
        self.check = check; self.action = action; self.undo = undo; self.timeout = timeout
    }
}

/// An ordered list of steps for one deployment spec.
public struct DeploymentPlan: Sendable, Codable {
    public var spec: DeploymentSpec
    public var steps: [DeployStep]
    public var id: String { spec.deploymentID }

    public init(spec: DeploymentSpec, steps: [DeployStep]) {
        self.spec = spec
        self.steps = steps
    }

    /// Inserts `step` after the step with id `after` (at the end when absent).
    public mutating func insert(_ step: DeployStep, after: String) {
        let i = steps.firstIndex(where: { $0.id == after }).map { $0 + 1 } ?? steps.count
        steps.insert(step, at: i)
    }
}
