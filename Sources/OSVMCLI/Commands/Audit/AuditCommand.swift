import ArgumentParser
import Audit
import Foundation

/// `osvm audit [PATH | GIT-URL]`: the CLI shell over the Audit library (docs/AUDIT.md).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Security audit of Solana programs: osvm audit [PATH | GIT-URL] [--format …] (see --help)")

    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func run() async throws {
        let args: AuditArguments
        do {
            args = try AuditArguments.parse(arguments)
        } catch {
            auditError("\(error)\n\nRun `osvm audit --help` for usage.")
            throw ExitCode(2)
        }
        if args.help { print(AuditArguments.help); return }
        if args.listRules {
            for r in Catalog.all { print("\(r.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(r.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(r.title)") }
            return
        }
        if args.setup {
            do {
                let parser = try RustParser.setup()
                print("Rust parser ready: \(parser.python)")
                return
            } catch {
                auditError("\(error)")
                throw ExitCode(2)
            }
        }
        guard let parser = RustParser.locate() else {
            auditError("""
            the Rust parser is not installed. osvm audit parses Rust with tree-sitter through Python;
            run `osvm audit --setup` once (creates \(RustParser.defaultVenv()) and pip-installs
            \(RustParser.packages.joined(separator: " "))), or point OSVM_AUDIT_PYTHON at a python that has them.
            """)
            throw ExitCode(2)
        }
        var cloneParent: String? = nil
        defer { if let p = cloneParent { try? FileManager.default.removeItem(atPath: p) } }
        let report: AuditReport
        do {
            var path = args.target
            if GitSource.isGitURL(path) {
                let clone = try GitSource.clone(path)
                cloneParent = clone.parent
                path = clone.checkout
            }
            let workspace = try Workspace.discover(path)
            report = try Auditor.audit(workspace, parser: parser)
        } catch let e as AuditError {
            auditError(e.description)
            throw ExitCode(2)
        }
        var shown = report.filtered(minimum: args.minSeverity)
        if !args.noAI, let config = AuditAIPass.configuration() {
            // Only what the report shows is explained; notes below --min-severity are left out too.
            shown = await AuditAIPass.run(shown, config: config, timeout: args.aiTimeout).filtered(minimum: args.minSeverity)
        }
        let color = args.output == nil && args.format == .text && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let text = args.format.render(shown, color: color)
        if let out = args.output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                auditError("cannot write \(out): \((error as NSError).localizedDescription)")
                throw ExitCode(2)
            }
            FileHandle.standardError.write(Data("\(summaryText(shown)) → \(out)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        // The exit status follows the deterministic findings only (all of them, whatever --min-severity
        // hides; `report` is from before the AI pass).
        if report.findings.contains(where: { $0.severity >= args.failOn && $0.severity != .note }) { throw ExitCode(1) }
    }

    private func summaryText(_ r: AuditReport) -> String {
        "\(r.findings.count) finding(s) in \(r.files) file(s)"
    }

    private func auditError(_ message: String) {
        FileHandle.standardError.write(Data("osvm audit: \(message)\n".utf8))
    }
}
