import Foundation

public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html, sarif

    public func render(_ report: AuditReport, color: Bool = false) -> String {
        switch self {
        case .text: return TextReport.render(report, color: color)
        case .json: return JSONReport.render(report)
        case .markdown: return MarkdownReport.render(report)
        case .html: return HTMLReport.render(report)
        case .sarif: return SARIFReport.render(report)
        }
    }
}

/// Findings grouped by severity (most severe first), then by file.
func grouped(_ findings: [Finding]) -> [(Severity, [(String, [Finding])])] {
    Severity.allCases.reversed().compactMap { s in
        let these = findings.filter { $0.severity == s }
        if these.isEmpty { return nil }
        let files = Dictionary(grouping: these, by: \.file).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return (s, files)
    }
}

func summaryLine(_ r: AuditReport) -> String {
    // `info` (AI notes only) is listed only when there are some: without the AI pass the line is unchanged.
    let counts = Severity.allCases.reversed().filter { $0 != .info || r.count($0) > 0 }
        .map { "\(r.count($0)) \($0.rawValue)" }.joined(separator: ", ")
    return "\(r.findings.count) finding(s): \(counts) — \(r.files) file(s), \(r.lines) line(s), \(r.crates.count) crate(s)"
}

/// A caret under `column` (1-based, bytes), tabs kept so it lines up.
func caretLine(_ snippet: String, column: Int) -> String {
    var prefix = ""
    for (i, c) in snippet.utf8.enumerated() where i < column - 1 { prefix.append(c == 9 ? "\t" : " ") }
    return prefix + "^"
}

enum TextReport {
    static func render(_ r: AuditReport, color: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let codes: [Severity: String] = [.critical: "1;31", .high: "31", .medium: "33", .low: "36", .note: "2", .info: "2;3"]
        var out = ""
        for (severity, files) in grouped(r.findings) {
            out += paint("== \(severity.rawValue.uppercased()) ==", codes[severity]!) + "\n"
            for (file, findings) in files {
                out += "  \(file)\n"
                for f in findings {
                    let marker = f.source == .ai ? " (source: ai)" : ""
                    out += "    \(f.file):\(f.line):\(f.column): [\(f.ruleID)] \(f.title)\(marker)\n"
                    out += "      \(f.message)\n"
                    out += "      | \(f.snippet)\n"
                    out += "      | \(caretLine(f.snippet, column: f.column))\n"
                    if !f.fix.isEmpty { out += "      fix: \(f.fix)\n" }
                    if let ai = f.aiExplanation { out += paint("      ai: \(ai)", "2") + "\n" }
                }
            }
            out += "\n"
        }
        out += summaryLine(r) + "\n"
        return out
    }
}

enum JSONReport {
    static func object(_ r: AuditReport) -> [String: Any] {
        let findings: [[String: Any]] = r.findings.map { f in
            var o: [String: Any] = ["id": f.ruleID, "severity": f.severity.rawValue, "title": f.title, "file": f.file, "line": f.line,
                                    "column": f.column, "message": f.message, "fix": f.fix]
            // Only the AI pass adds keys, so a report without it keeps the issue's exact shape.
            if f.source == .ai { o["source"] = f.source.rawValue }
            if let ai = f.aiExplanation { o["ai_explanation"] = ai }
            return o
        }
        var bySeverity: [String: Int] = [:]
        for s in Severity.allCases { bySeverity[s.rawValue] = r.count(s) }
        let summary: [String: Any] = ["total": r.findings.count, "by_severity": bySeverity, "files": r.files, "lines": r.lines,
                                      "crates": r.crates, "parse_seconds": (r.parseSeconds * 1000).rounded() / 1000,
                                      "analysis_seconds": (r.analysisSeconds * 1000).rounded() / 1000]
        return ["findings": findings, "summary": summary]
    }

    static func render(_ r: AuditReport) -> String { serialize(object(r)) }
}

func serialize(_ object: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return "{}" }
    return String(decoding: data, as: UTF8.self) + "\n"
}

enum MarkdownReport {
    static func render(_ r: AuditReport) -> String {
        var out = "# osvm audit\n\n\(summaryLine(r))\n\n"
        for (severity, files) in grouped(r.findings) {
            out += "## \(severity.rawValue.capitalized)\n\n"
            for (file, findings) in files {
                out += "### `\(file)`\n\n"
                for f in findings {
                    let marker = f.source == .ai ? ", source: ai" : ""
                    out += "- **\(f.title)** (`\(f.ruleID)`\(marker)) at `\(f.file):\(f.line):\(f.column)`  \n  \(f.message)"
                    out += f.fix.isEmpty ? "\n" : "  \n  Fix: \(f.fix)\n"
                    if let ai = f.aiExplanation { out += "\n  > AI explanation (source: ai): \(ai)\n" }
                    out += "\n"
                    out += "  ```rust\n  \(f.snippet.replacingOccurrences(of: "```", with: "` ` `"))\n  ```\n\n"
                }
            }
        }
        return out
    }
}
