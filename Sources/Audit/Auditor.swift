import Foundation

/// The result of one audit.
public struct AuditReport: Sendable {
    public let root: String
    public let findings: [Finding]
    public let files: Int
    public let lines: Int
    public let crates: [String]
    public let parseSeconds: Double
    public let analysisSeconds: Double

    public func count(_ s: Severity) -> Int { findings.filter { $0.severity == s }.count }

    /// The same report without the findings below `minimum` (`--min-severity`).
    public func filtered(minimum: Severity) -> AuditReport {
        AuditReport(root: root, findings: findings.filter { $0.severity >= minimum }, files: files, lines: lines, crates: crates,
                    parseSeconds: parseSeconds, analysisSeconds: analysisSeconds)
    }
}

/// Parses the workspace and runs every rule over it.
public enum Auditor {
    public static func audit(_ workspace: Workspace, parser: RustParser) throws -> AuditReport {
        let t0 = Date()
        let parsed = try parser.parse(workspace.files)
        let t1 = Date()
        var out = Emitter()
        var files: [SourceFile] = []
        var lines = 0
        for p in parsed {
            let file = SourceFile(relativePath: workspace.relative(p.path), tree: p.tree, status: p.status)
            lines += p.tree.source.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            switch p.status {
            case .ok: break
            case .syntaxError(let line, let column):
                out.add(Catalog.parseError, file, line: line, column: column, "syntax error here; the rest of the file is still audited")
            case .unreadable:
                out.add(Catalog.parseError, file, line: 1, column: 1, "the file could not be read")
            }
            files.append(file)
        }
        let model = ProgramModel(files: files, overflowChecks: workspace.overflowChecks)
        AnchorRules.run(model, &out)
        NativeRules.run(model, &out)
        ExpressionRules.run(model, &out)
        let findings = out.findings.sorted {
            ($0.severity.rank, $1.file, $1.line, $1.column, $1.ruleID) > ($1.severity.rank, $0.file, $0.line, $0.column, $0.ruleID)
        }
        return AuditReport(root: workspace.root, findings: findings, files: files.count, lines: lines, crates: workspace.crates,
                           parseSeconds: t1.timeIntervalSince(t0), analysisSeconds: Date().timeIntervalSince(t1))
    }
}
