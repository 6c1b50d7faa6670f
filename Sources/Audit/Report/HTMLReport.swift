import Foundation

/// A self-contained HTML page (inline CSS, no scripts or external resources): a table of contents
/// by rule and by file, every finding with an anchor `#f<N>`.
enum HTMLReport {
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func render(_ r: AuditReport) -> String {
        let e = escape
        var ids: [Int] = []
        for i in r.findings.indices { ids.append(i + 1) }
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>osvm audit</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
        code,pre{font-family:ui-monospace,monospace}pre{background:#f5f5f5;padding:.5em;overflow-x:auto}
        .critical{color:#a00;font-weight:bold}.high{color:#c33}.medium{color:#a60}.low{color:#367}.note{color:#777}.info{color:#558}.ai{background:#f3f3fb;border-left:3px solid #99c;padding:.3em .6em}
        .finding{border-left:4px solid #ccc;padding-left:1em;margin:1em 0}nav ul{columns:2}
        </style></head><body>
        <h1>osvm audit</h1>
        <p>\(e(summaryLine(r)))</p>

        """
        html += "<nav><h2>By rule</h2><ul>\n"
        let byRule = Dictionary(grouping: r.findings.indices, by: { r.findings[$0].ruleID })
        for rule in byRule.keys.sorted() {
            let idx = byRule[rule]!
            let f = r.findings[idx[0]]
            html += "<li><a href=\"#rule-\(e(rule))\">\(e(groupTitle(f)))</a> (<code>\(e(rule))</code>, \(idx.count))</li>\n"
        }
        html += "</ul><h2>By file</h2><ul>\n"
        let byFile = Dictionary(grouping: r.findings.indices, by: { r.findings[$0].file })
        for file in byFile.keys.sorted() {
            html += "<li><a href=\"#file-\(anchor(file))\"><code>\(e(file))</code></a> (\(byFile[file]!.count))</li>\n"
        }
        html += "</ul></nav>\n<h2>Findings by rule</h2>\n"
        for rule in byRule.keys.sorted() {
            html += "<section id=\"rule-\(e(rule))\"><h3>\(e(groupTitle(r.findings[byRule[rule]![0]]))) <code>\(e(rule))</code></h3><ul>\n"
            for i in byRule[rule]! {
                let f = r.findings[i]
                html += "<li><a href=\"#f\(i + 1)\"><code>\(e(f.file)):\(f.line)</code></a> <span class=\"\(f.severity.rawValue)\">\(f.severity.rawValue)</span></li>\n"
            }
            html += "</ul></section>\n"
        }
        html += "<h2>Findings by file</h2>\n"
        for file in byFile.keys.sorted() {
            html += "<section id=\"file-\(anchor(file))\"><h3><code>\(e(file))</code></h3>\n"
            for i in byFile[file]!.sorted(by: { r.findings[$0].line < r.findings[$1].line }) {
                let f = r.findings[i]
                html += """
                <div class="finding" id="f\(i + 1)"><p><span class="\(f.severity.rawValue)">\(f.severity.rawValue.uppercased())</span>
                <b>\(e(f.title))</b> <code>\(e(f.ruleID))</code>\(f.source == .ai ? " <i>(source: ai)</i>" : "") at <code>\(e(f.file)):\(f.line):\(f.column)</code></p>
                <p>\(e(f.message))</p><pre>\(f.line) | \(e(f.snippet))</pre>\(f.fix.isEmpty ? "" : "<p>Fix: \(e(f.fix))</p>")\(f.aiExplanation.map { "<p class=\"ai\">AI explanation (source: ai): \(e($0))</p>" } ?? "")</div>

                """
            }
            html += "</section>\n"
        }
        html += "</body></html>\n"
        return html
    }

    /// AI notes share the id `ai-note` but each has its own title: their group is named for the source.
    static func groupTitle(_ f: Finding) -> String { f.source == .ai ? "AI notes (source: ai)" : f.title }

    /// A fragment id for a path: letters, digits, `-`, `_`, `.`; anything else as `-`.
    static func anchor(_ path: String) -> String {
        String(path.map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || "-_.".contains($0) ? $0 : "-" })
    }
}
