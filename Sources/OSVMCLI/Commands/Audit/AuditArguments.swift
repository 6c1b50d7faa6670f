import Audit
import Foundation

/// `osvm audit`'s arguments, parsed here rather than by ArgumentParser so that every usage error
/// exits 2 (the contract), unknown options included.
struct AuditArguments: Equatable {
    var target = "."
    var format = ReportFormat.text
    var output: String? = nil
    var noAI = false
    /// Seconds the whole AI pass may take (docs/AUDIT.md, "AI pass").
    var aiTimeout = 120.0
    var minSeverity = Severity.info
    var failOn = Severity.high
    var setup = false
    var listRules = false
    var help = false

    struct UsageError: Error, CustomStringConvertible { let description: String }

    static func parse(_ args: [String]) throws -> AuditArguments {
        var a = AuditArguments()
        var positional: [String] = []
        var i = 0
        func value(_ name: String) throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(description: "\(name) needs a value") }
            return args[i]
        }
        func severity(_ name: String, _ s: String, allowed: [Severity]) throws -> Severity {
            guard let v = Severity(rawValue: s.lowercased()), allowed.contains(v) else {
                throw UsageError(description: "\(name) must be one of \(allowed.map(\.rawValue).joined(separator: ", ")), not '\(s)'")
            }
            return v
        }
        while i < args.count {
            var arg = args[i]
            var inline: String? = nil
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                inline = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            func v(_ name: String) throws -> String { try inline ?? value(name) }
            switch arg {
            case "-h", "--help": a.help = true
            case "--format", "-f":
                let f = try v(arg)
                guard let format = ReportFormat(rawValue: f.lowercased()) else {
                    throw UsageError(description: "--format must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(f)'")
                }
                a.format = format
            case "--output", "-o": a.output = try v(arg)
            case "--no-ai": a.noAI = true
            case "--ai-timeout":
                let t = try v(arg)
                guard let seconds = Double(t), seconds > 0, seconds <= 3600 else {
                    throw UsageError(description: "--ai-timeout must be a number of seconds in (0, 3600], not '\(t)'")
                }
                a.aiTimeout = seconds
            case "--min-severity": a.minSeverity = try severity(arg, try v(arg), allowed: Severity.allCases)
            case "--fail-on": a.failOn = try severity(arg, try v(arg), allowed: [.critical, .high, .medium, .low])
            case "--setup": a.setup = true
            case "--rules": a.listRules = true
            default:
                if arg.hasPrefix("-") && arg != "-" { throw UsageError(description: "unknown option '\(arg)'") }
                positional.append(arg)
            }
            i += 1
        }
        guard positional.count <= 1 else { throw UsageError(description: "one PATH or git URL, got \(positional.count)") }
        if let p = positional.first { a.target = p }
        return a
    }

    static let help = """
    USAGE: osvm audit [PATH | GIT-URL] [options]

    Audits the Rust Solana programs (Anchor and native) under PATH (default: .) or in a git
    repository (cloned with the system git into a temporary directory).

    OPTIONS:
      --format text|json|markdown|html|sarif   report format (default: text)
      --output FILE, -o FILE                   write the report to FILE instead of stdout
      --min-severity info|note|low|medium|high|critical   leave out findings below this (default: info)
      --fail-on critical|high|medium|low       exit 1 when a finding at or above this exists (default: high)
      --no-ai                                  no AI pass (on by default when an AI endpoint is configured:
                                               OPENAI_URL or ai.url; it explains findings and may add
                                               `info` notes, never changing the findings or the exit status)
      --ai-timeout SECONDS                     time limit of the AI pass (default: 120)
      --rules                                  list the rules and exit
      --setup                                  install the Rust parser (tree-sitter, in a Python venv)

    EXIT STATUS: 0 no finding at or above --fail-on, 1 there is one, 2 usage or input error.
    Details: docs/AUDIT.md.
    """
}
