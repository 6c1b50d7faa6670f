import Foundation

public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    /// `info` is below every rule's severity: only the optional AI pass emits it (docs/AUDIT.md).
    case info, note, low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// What a rule is: shown in reports, SARIF rule metadata and `osvm audit --rules`.
public struct RuleInfo: Sendable, Equatable {
    public let id: String
    public let severity: Severity
    public let title: String
    public let explanation: String
    public let fix: String
}

/// Who reported a finding: the deterministic rules, or the optional AI pass (an `info` note).
public enum FindingSource: String, Sendable, Equatable {
    case rules, ai
}

public struct Finding: Sendable, Equatable {
    public let ruleID: String
    public let severity: Severity
    public let title: String
    /// Relative to the audited root, `/`-separated.
    public let file: String
    /// 1-based.
    public let line: Int
    public let column: Int
    public let message: String
    public let fix: String
    /// The source line, for text/Markdown/HTML reports.
    public let snippet: String
    public let source: FindingSource
    /// The AI pass's explanation of a rule finding, kept apart from `message` and `fix`, which
    /// the AI never changes.
    public internal(set) var aiExplanation: String?

    public init(ruleID: String, severity: Severity, title: String, file: String, line: Int, column: Int,
                message: String, fix: String, snippet: String, source: FindingSource = .rules, aiExplanation: String? = nil) {
        self.ruleID = ruleID; self.severity = severity; self.title = title; self.file = file
        self.line = line; self.column = column; self.message = message; self.fix = fix; self.snippet = snippet
        self.source = source; self.aiExplanation = aiExplanation
    }
}
