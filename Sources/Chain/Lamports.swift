/// Lamports ↔ SOL, exactly (no floating point).
///
///     Lamports.format(1_500_000_000)       // "◎1.5"
///     Lamports.format(5000)                // "◎0.000005"
///     try Lamports.parse(sol: "0.25")      // 250_000_000
public enum Lamports {
    public static let perSOL: UInt64 = 1_000_000_000

    /// `◎` + the SOL amount with trailing zeros trimmed.
    public static func format(_ lamports: UInt64, symbol: Bool = true) -> String {
        (symbol ? "◎" : "") + decimal(lamports)
    }

    /// The SOL amount as decimal text ("1.5", "0.000005", "12").
    public static func decimal(_ lamports: UInt64) -> String {
        let whole = lamports / perSOL
        var frac = String(lamports % perSOL)
        if frac == "0" { return String(whole) }
        frac = String(repeating: "0", count: 9 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return "\(whole).\(frac)"
    }

    /// Parses a SOL amount ("1", "0.5", "1.000000001", "◎2"). At most 9 decimals;
    /// negative, empty, non-numeric or overflowing input → `ChainError.amount`.
    public static func parse(sol text: String) throws -> UInt64 {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("◎") { s.removeFirst() }
        if s.lowercased().hasSuffix("sol") { s.removeLast(3); s = s.trimmingCharacters(in: .whitespaces) }
        let bad = ChainError.amount("invalid amount '\(text)': expected SOL like 1, 0.5 or 0.000000001")
        guard !s.isEmpty else { throw bad }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw bad }
        let wholeText = parts[0].isEmpty ? "0" : String(parts[0])
        let fracText = parts.count == 2 ? String(parts[1]) : ""
        guard wholeText.allSatisfy(\.isASCII) && wholeText.allSatisfy(\.isNumber),
              fracText.allSatisfy(\.isASCII) && fracText.allSatisfy(\.isNumber),
              !(parts.count == 2 && parts[0].isEmpty && fracText.isEmpty) else { throw bad }
        guard fracText.count <= 9 else {
            throw ChainError.amount("invalid amount '\(text)': at most 9 decimal places (1 lamport = 0.000000001 SOL)")
        }
        guard let whole = UInt64(wholeText) else { throw ChainError.amount("amount '\(text)' is too large") }
        let frac = UInt64(fracText + String(repeating: "0", count: 9 - fracText.count)) ?? 0
        let (w, o1) = whole.multipliedReportingOverflow(by: perSOL)
        let (total, o2) = w.addingReportingOverflow(frac)
        guard !o1, !o2 else { throw ChainError.amount("amount '\(text)' is too large") }
        return total
    }
}

import Foundation
