import Foundation

/// What the optional AI pass sends: the rule findings with the source around each line, within a
/// size bound (docs/AUDIT.md, "AI pass"). Pure data: the CLI sends it with the assistant's client,
/// and the Audit library never talks to the network.
public struct AIReviewPrompt: Sendable {
    /// The whole user message stays under this many characters (about 6k tokens), so it fits the
    /// context of a small local model with room for the answer.
    public static let maxCharacters = 24_000
    /// At most this many findings are sent (the most severe first, as the report orders them).
    public static let maxFindings = 40
    /// Lines of source on each side of a finding's line, each line cut at `maxLineLength`.
    static let contextLines = 4
    static let maxLineLength = 160

    public let system: String
    public let user: String
    /// Prompt key ("F1", "F2", …) → index into the report's findings.
    public let keys: [String: Int]
    /// The relative files whose lines were shown, with their line counts: AI notes must point into them.
    public let files: [String: Int]
    /// Findings left out by the bounds.
    public let omitted: Int

    public static let systemText = """
    You review Solana programs written in Rust. A deterministic analyzer (osvm audit) reported the findings \
    below; each has an id, a rule, a severity, a file:line and the numbered source around that line. \
    (a) For each finding, explain in at most three sentences why it matters in this code and how an attacker \
    would exploit it. Do not change, re-rate or dispute the findings. \
    (b) Optionally add at most 5 short notes about other weaknesses you can see in the shown lines, each at a \
    file and line that appear in the source shown. Add no note when you are unsure. \
    Answer with only a JSON object, no other text, in exactly this shape: \
    {"explanations":[{"id":"F1","text":"..."}],"notes":[{"file":"src/lib.rs","line":12,"title":"...","message":"..."}]}
    """

    /// Builds the prompt for `report` (whose files are read under `report.root`).
    public init(report: AuditReport) {
        var keys: [String: Int] = [:], files: [String: Int] = [:]
        var cache: [String: [Substring]] = [:]
        var items: [String] = []
        var used = 0
        var omitted = 0
        for (index, f) in report.findings.enumerated() where f.source == .rules {
            guard keys.count < Self.maxFindings else { omitted += 1; continue }
            let key = "F\(keys.count + 1)"
            let lines = cache[f.file] ?? Self.lines(of: report.root + "/" + f.file)
            cache[f.file] = lines
            let context = Self.context(lines, around: f.line)
            let item: [String: Any] = ["id": key, "rule": f.ruleID, "severity": f.severity.rawValue, "title": f.title,
                                       "file": f.file, "line": f.line, "message": f.message, "source": context]
            // Compact JSON: the bound is spent on source, not indentation.
            guard let data = try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys, .withoutEscapingSlashes]) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            guard used + text.count <= Self.maxCharacters - 200 else { omitted += 1; continue }
            used += text.count + 2
            items.append(text)
            keys[key] = index
            files[f.file] = lines.count
        }
        system = Self.systemText
        user = "Findings (JSON, \(items.count) of \(items.count + omitted)):\n[\n" + items.joined(separator: ",\n") + "\n]\n"
        self.keys = keys
        self.files = files
        self.omitted = omitted
    }

    static func lines(of path: String) -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        // Non-UTF-8 bytes become U+FFFD; line numbers stay those of the report.
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `"  12 | let x = …"` lines around `line` (1-based).
    static func context(_ lines: [Substring], around line: Int) -> String {
        guard !lines.isEmpty else { return "" }
        let lo = max(1, line - contextLines), hi = min(lines.count, line + contextLines)
        guard lo <= hi else { return "" }
        return (lo...hi).map { n in
            var text = String(lines[n - 1].prefix(maxLineLength))
            if text.hasSuffix("\r") { text.removeLast() }
            return "\(n) | \(text)"
        }.joined(separator: "\n")
    }
}
