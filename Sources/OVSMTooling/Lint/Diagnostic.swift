import OVSMKit

public enum Severity: String, Sendable, Comparable {
    case error, warning, info

    var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A text replacement: UTF-8 byte range of the source and what goes there.
public struct Fix: Sendable, Equatable {
    public var offset: Int
    public var length: Int
    public var replacement: String
}

/// One finding of the linter (or the reader), located by line/column (1-based, columns
/// count Unicode scalars) and by UTF-8 byte range.
public struct Diagnostic: Sendable {
    public var rule: LintRule
    public var severity: Severity
    public var message: String
    public var line: Int
    public var column: Int
    public var offset: Int
    public var length: Int
    public var fix: Fix?

    public init(_ rule: LintRule, _ message: String, span: SourceSpan, fix: Fix? = nil) {
        self.rule = rule
        severity = rule.severity
        self.message = message
        line = span.line
        column = span.column
        offset = span.offset
        length = span.length
        self.fix = fix
    }

    /// `FILE:line:col: severity: message [id name]` — the compiler-style line editors parse.
    public func formatted(file: String) -> String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message) [\(rule.id) \(rule.name)]"
    }

    /// The diagnostic as a JSON object value (`lint --json`).
    public func jsonValue(file: String) -> Value {
        var o = OVSMObject()
        o.set("file", .string(file))
        o.set("line", .int(line))
        o.set("column", .int(column))
        o.set("severity", .string(severity.rawValue))
        o.set("rule", .string(rule.id))
        o.set("name", .string(rule.name))
        o.set("message", .string(message))
        o.set("fixable", .bool(fix != nil))
        return .object(o)
    }
}
