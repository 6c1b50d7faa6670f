import Foundation

/// SARIF 2.1.0 (the OASIS static-analysis format code-scanning tools load).
enum SARIFReport {
    static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .note, .info: return "note"
        }
    }

    static func render(_ r: AuditReport) -> String {
        var rules: [[String: Any]] = Catalog.all.map { rule in
            ["id": rule.id, "name": rule.id, "shortDescription": ["text": rule.title], "fullDescription": ["text": rule.explanation],
             "help": ["text": rule.fix], "defaultConfiguration": ["level": level(rule.severity)],
             "properties": ["security-severity": securitySeverity(rule.severity), "tags": ["security", "solana"]]]
        }
        var index = Dictionary(uniqueKeysWithValues: Catalog.all.enumerated().map { ($1.id, $0) })
        if r.findings.contains(where: { $0.source == .ai }) {
            index[aiNoteRule] = rules.count
            rules.append(["id": aiNoteRule, "name": aiNoteRule, "shortDescription": ["text": "Note from the optional AI pass"],
                          "fullDescription": ["text": "Not a rule finding: a model's remark about the shown code (source: ai)."],
                          "defaultConfiguration": ["level": "note"], "properties": ["source": "ai", "tags": ["ai"]]])
        }
        let results: [[String: Any]] = r.findings.map { f in
            var properties: [String: Any] = ["severity": f.severity.rawValue]
            if f.source == .ai { properties["source"] = f.source.rawValue }
            if let ai = f.aiExplanation { properties["ai_explanation"] = ai }
            return ["ruleId": f.ruleID, "ruleIndex": index[f.ruleID] ?? 0, "level": level(f.severity),
             "message": ["text": f.fix.isEmpty ? f.message : "\(f.message). Fix: \(f.fix)"],
             "locations": [["physicalLocation": [
                "artifactLocation": ["uri": f.file.split(separator: "/").map { percentEncode(String($0)) }.joined(separator: "/"), "uriBaseId": "SRCROOT"],
                "region": ["startLine": f.line, "startColumn": f.column, "snippet": ["text": f.snippet]]]]],
             "properties": properties]
        }
        let sarif: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [["tool": ["driver": ["name": "osvm-audit", "informationUri": "https://github.com/opensvm/osvm-cli", "rules": rules]],
                      "originalUriBaseIds": ["SRCROOT": ["uri": URL(fileURLWithPath: r.root, isDirectory: true).absoluteString]],
                      "results": results]],
        ]
        return serialize(sarif)
    }

    static let aiNoteRule = "ai-note"

    static func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .note, .info: return "0.0"
        }
    }

    static func percentEncode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }
}
