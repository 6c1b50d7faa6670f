/// A configuration problem: one line naming the flag, variable or `file:line` to fix.
/// Callers treat it as a usage error (the CLI exits 2).
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
