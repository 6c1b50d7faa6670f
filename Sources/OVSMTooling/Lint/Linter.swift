import OVSMKit

/// `osvm ovsm lint`: the diagnostics of a source and the safe fixes (docs/LINT.md).
public enum Linter {
    public static func lint(_ source: String) -> [Diagnostic] { Analyzer.analyze(source).diagnostics }

    /// The source with every fix applied (later ones first, overlapping ones skipped) and
    /// how many were applied.
    public static func applyFixes(_ source: String, _ diagnostics: [Diagnostic]) -> (String, Int) {
        var bytes = Array(source.utf8)
        var applied = 0
        var limit = Int.max
        for fix in diagnostics.compactMap({ $0.fix }).sorted(by: { $0.offset > $1.offset }) {
            guard fix.offset + fix.length <= limit, fix.offset + fix.length <= bytes.count else { continue }
            bytes.replaceSubrange(fix.offset..<fix.offset + fix.length, with: Array(fix.replacement.utf8))
            limit = fix.offset
            applied += 1
        }
        return (String(decoding: bytes, as: UTF8.self), applied)
    }
}
