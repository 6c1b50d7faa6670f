/// One check's verdict: what was checked, the outcome, what was seen, and how to fix it.
/// Shared by `osvm doctor` (and its `--json`) and anything else that reports checks.
public struct CheckResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case pass, warn, fail, skip }

    public var id: String
    public var title: String
    public var status: Status
    public var detail: String
    /// How to fix it (a command or a setting), when not passing.
    public var fix: String?
    /// A fix `--fix` may apply on its own (file modes, missing directories, a default config).
    public var safeFix: SafeFix?
    /// A fix that needs root: printed, run only with `--yes --system`.
    public var rootFix: [String]?

    public init(_ id: String, _ title: String, _ status: Status, _ detail: String, fix: String? = nil,
                safeFix: SafeFix? = nil, rootFix: [String]? = nil) {
        self.id = id; self.title = title; self.status = status; self.detail = detail
        self.fix = fix; self.safeFix = safeFix; self.rootFix = rootFix
    }
}

/// The fixes `osvm doctor --fix` applies without root.
public enum SafeFix: Sendable, Equatable, Codable {
    case chmod(path: String, mode: UInt16)
    case makeDirectory(path: String)
    case writeDefaultConfig(path: String)
}
