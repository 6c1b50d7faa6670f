import Foundation
import OSVMSettings

/// The local record of one deployment, rewritten (temp file + rename) after every step so an
/// interrupted run resumes from the last completed step and a rollback knows what to undo.
///
///     ~/.config/osvm/deployments/solana-rpc-devnet-root-10-0-0-5-22-1a2b3c4d.json
public struct DeploymentJournal: Sendable, Codable {
    public enum Status: String, Sendable, Codable { case running, completed, failed, rolledBack, interrupted }

    public enum StepState: String, Sendable, Codable {
        case pending
        /// The action ran and changed the host.
        case changed
        /// The check said the host already had it.
        case alreadyDone
        /// A read-only step that passed.
        case passed
        /// Skipped (no consent).
        case skipped
        case failed
        /// Reverted by a rollback.
        case undone
    }

    public struct StepRecord: Sendable, Codable {
        public var id: String
        public var title: String
        public var state: StepState
        public var undo: String?
        public var message: String?
        public var elapsed: Double?
    }

    public var id: String
    public var spec: DeploymentSpec
    public var status: Status
    public var steps: [StepRecord]
    public var createdAt: Date
    public var updatedAt: Date

    public init(plan: DeploymentPlan) {
        id = plan.id
        spec = plan.spec
        status = .running
        steps = plan.steps.map { StepRecord(id: $0.id, title: $0.title, state: .pending, undo: $0.undo) }
        createdAt = Date()
        updatedAt = createdAt
    }

    /// Steps finished in an earlier run (resumable).
    public func isComplete(_ stepID: String) -> Bool {
        guard let r = steps.first(where: { $0.id == stepID }) else { return false }
        return [.changed, .alreadyDone, .skipped, .passed].contains(r.state)
    }

    /// Number of steps whose action changed the host.
    public var changedCount: Int { steps.filter { $0.state == .changed }.count }
}

/// Reads and writes journals in `~/.config/osvm/deployments/`.
public struct JournalStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$HOME/.config/osvm/deployments`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> JournalStore {
        JournalStore(directory: (environment["HOME"] ?? NSHomeDirectory()) + "/.config/osvm/deployments")
    }

    public func path(_ id: String) -> String { directory + "/" + id + ".json" }

    public func load(_ id: String) throws -> DeploymentJournal? {
        let p = path(id)
        guard FileManager.default.fileExists(atPath: p) else { return nil }
        do {
            let d = JSONDecoder()
            d.dateDecodingStrategy = .iso8601
            return try d.decode(DeploymentJournal.self, from: Data(contentsOf: URL(fileURLWithPath: p)))
        } catch {
            throw DeployError.journal("\(p) is not a readable journal (\(PlainError.reason(error)))")
        }
    }

    public func save(_ journal: DeploymentJournal) throws {
        var j = journal
        j.updatedAt = Date()
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try AtomicFile.write(try e.encode(j), to: path(j.id))
        } catch {
            throw DeployError.journal(PlainError.describe(error))
        }
    }

    /// All journals, newest first.
    public func list() -> [DeploymentJournal] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }
            .compactMap { try? load(String($0.dropLast(5))) }
            .sorted { $0.updatedAt > $1.updatedAt }
    }
}
