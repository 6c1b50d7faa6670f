import Foundation

public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case note, low, medium, high, critical

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

    public init(ruleID: String, severity: Severity, title: String, file: String, line: Int, column: Int,
                message: String, fix: String, snippet: String) {
        self.ruleID = ruleID; self.severity = severity; self.title = title; self.file = file
        self.line = line; self.column = column; self.message = message; self.fix = fix; self.snippet = snippet
    }
}
