import Foundation

/// The AI pass's answer, validated: explanations for findings that were sent, notes at lines of
/// files that were shown. Anything else is dropped and counted (the CLI prints one warning line).
public struct AIReview: Sendable, Equatable {
    /// Index into the report's findings → explanation.
    public var explanations: [Int: String] = [:]
    /// `info` findings with `source: ai`.
    public var notes: [Finding] = []
    /// Items of the answer that were malformed or pointed outside what was sent.
    public var ignored = 0

    public static let maxNotes = 5
    static let maxExplanation = 800
    static let maxTitle = 120
    static let maxMessage = 800

    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Parses the model's text: one JSON object, optionally inside a ```json fence.
    public static func parse(_ answer: String, prompt: AIReviewPrompt) throws(Malformed) -> AIReview {
        let body = unfenced(answer)
        guard let data = body.data(using: .utf8), let any = try? JSONSerialization.jsonObject(with: data),
              let object = any as? [String: Any] else {
            throw Malformed(description: "the answer is not a JSON object (\(answer.isEmpty ? "empty" : "\(answer.count) characters"))")
        }
        let explanations = object["explanations"], notes = object["notes"]
        guard explanations != nil || notes != nil else { throw Malformed(description: "the answer has neither \"explanations\" nor \"notes\"") }
        var review = AIReview()
        if let explanations {
            guard let list = explanations as? [Any] else { throw Malformed(description: "\"explanations\" is not an array") }
            for item in list {
                guard let e = item as? [String: Any], let id = e["id"] as? String, let index = prompt.keys[id],
                      let text = clean(e["text"], limit: maxExplanation), review.explanations[index] == nil
                else { review.ignored += 1; continue }
                review.explanations[index] = text
            }
        }
        if let notes {
            guard let list = notes as? [Any] else { throw Malformed(description: "\"notes\" is not an array") }
            for item in list {
                guard review.notes.count < maxNotes, let n = item as? [String: Any], let file = n["file"] as? String,
                      let lineCount = prompt.files[file], let line = integer(n["line"]), line >= 1, line <= lineCount,
                      let title = clean(n["title"], limit: maxTitle), let message = clean(n["message"], limit: maxMessage)
                else { review.ignored += 1; continue }
                review.notes.append(Finding(ruleID: "ai-note", severity: .info, title: title, file: file, line: line, column: 1,
                                            message: message, fix: "", snippet: "", source: .ai))
            }
        }
        return review
    }

    /// The text inside the first ``` fence, or the whole answer.
    static func unfenced(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let open = t.range(of: "```") else { return t }
        let afterOpen = t[open.upperBound...]
        // Skip the info string (`json`) up to the end of the fence line.
        guard let newline = afterOpen.firstIndex(of: "\n") else { return t }
        let inner = afterOpen[afterOpen.index(after: newline)...]
        guard let close = inner.range(of: "```") else { return String(inner).trimmingCharacters(in: .whitespacesAndNewlines) }
        return String(inner[..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func integer(_ v: Any?) -> Int? {
        // JSONSerialization gives Int, Double or NSNumber depending on the platform; `true` is no line.
        guard let v, !(v is Bool && String(describing: type(of: v)).contains("Bool")) else { return nil }
        if let i = v as? Int { return i }
        let d: Double
        if let x = v as? Double { d = x } else if let n = v as? NSNumber { d = n.doubleValue } else { return nil }
        guard d.rounded() == d, abs(d) < 1e9 else { return nil }
        return Int(d)
    }

    /// A non-empty one-paragraph string without control characters (they would reach terminals), cut at `limit`.
    static func clean(_ v: Any?, limit: Int) -> String? {
        guard let s = v as? String else { return nil }
        var out = String(s.unicodeScalars.map { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? " " : Character($0) })
        out = out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard !out.isEmpty else { return nil }
        if out.count > limit { out = String(out.prefix(limit - 1)) + "…" }
        return out
    }
}

extension AuditReport {
    /// The report with the AI's explanations attached to their findings and its notes added
    /// (severity `info`, `source: ai`). The rule findings keep their id, severity, place, message and fix.
    public func applying(_ review: AIReview) -> AuditReport {
        var findings = self.findings
        for (index, text) in review.explanations where findings.indices.contains(index) && findings[index].source == .rules {
            findings[index].aiExplanation = text
        }
        var cache: [String: [Substring]] = [:]
        for n in review.notes {
            let text = cache[n.file] ?? AIReviewPrompt.lines(of: root + "/" + n.file)
            cache[n.file] = text
            let snippet = text.indices.contains(n.line - 1) ? String(text[n.line - 1].prefix(400)) : ""
            findings.append(Finding(ruleID: n.ruleID, severity: .info, title: n.title, file: n.file, line: n.line, column: 1,
                                    message: n.message, fix: n.fix, snippet: snippet, source: .ai))
        }
        return AuditReport(root: root, findings: findings, files: files, lines: lines, crates: crates,
                           parseSeconds: parseSeconds, analysisSeconds: analysisSeconds)
    }
}
