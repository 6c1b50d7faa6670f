import Foundation
import OSVMHost
import OVSMKit
import Synchronization

/// What the user said about a script the assistant wants to run. "View" is the UI's
/// business: it shows the code and asks again before answering.
public enum ApprovalDecision: Sendable, Equatable {
    case yes
    case no
    /// Run this edited text instead.
    case edit(String)
}

/// Asks the user before `run_ovsm` runs; nil means "always run" (`--yes`).
public typealias OVSMApproval = @Sendable (_ code: String) async -> ApprovalDecision

/// Runs OVSM in its own interpreter (never the user's REPL session) with a step budget,
/// a wall-clock limit and captured output.
///
///     let r = try await OVSMRunner(limits: .init()).run("(+ 1 2)")   // r.value == "3"
public struct OVSMRunner: Sendable {
    public struct Settings: Sendable {
        public var stepBudget = 5_000_000
        public var timeLimit: Double = 10
        public var maxOutputBytes = 64 << 10
        /// RPC endpoint for the script's chain builtins; nil = offline.
        public var rpcURL: String?
        public init() {}
    }

    public struct Report: Sendable, Equatable {
        public var output: String
        public var value: String?
        public var error: String?

        /// The text the model gets back.
        public var text: String {
            var parts: [String] = []
            if !output.isEmpty { parts.append("output:\n" + output) }
            if let value { parts.append("value: " + value) }
            if let error { parts.append("error: " + error) }
            return parts.isEmpty ? "value: null" : parts.joined(separator: "\n")
        }
    }

    public var settings: Settings
    public init(settings: Settings = Settings()) { self.settings = settings }

    public func run(_ source: String) async -> Report {
        let captured = OutputCapture(limit: settings.maxOutputBytes)
        var limits = Limits()
        limits.stepBudget = settings.stepBudget
        limits.maxOutputBytes = settings.maxOutputBytes
        // Its own session, never the user's REPL: the shared runtime with the time limit.
        let session = ScriptSession(
            options: .init(rpc: settings.rpcURL.map { .endpoint($0) } ?? .offline, limits: limits, timeLimit: settings.timeLimit),
            output: captured.sink)
        let outcome = await session.evaluateDetached(source: source)
        var report = Report(output: captured.text, value: outcome.value, error: nil)
        if let e = outcome.error {
            report.value = nil
            report.error = e.description
        }
        return report
    }

    /// The `run_ovsm` tool. `approve` is asked first unless nil.
    public func tool(approve: OVSMApproval?) -> AgentTool {
        let runner = self
        return AgentTool(
            name: "run_ovsm",
            description: "Run an OVSM (Lisp dialect for Solana) script in a sandboxed interpreter with step and time limits. Returns printed output and the final value.",
            parameters: ["type": "object", "required": ["code"],
                         "properties": ["code": ["type": "string", "description": "OVSM source, e.g. (+ 1 2)"]]],
            timeout: settings.timeLimit + 300
        ) { args in
            guard var code = args["code"]?.stringValue else { throw ToolFailure("run_ovsm needs a string 'code' argument") }
            if let approve {
                switch await approve(code) {
                case .yes: break
                case .no: return "the user declined to run this script"
                case .edit(let edited): code = edited
                }
            }
            return await runner.run(code).text
        }
    }
}
