import Foundation

/// Hides credentials in text meant for people: terminals, logs, error messages.
public enum Redact {
    static let mask = "***"

    /// A URL with `user:password@` replaced by `***@`, every query value replaced by `***`
    /// (RPC providers put API keys there: `?api-key=`, `?token=`), long opaque path
    /// segments (the `/v2/KEY` and `/TOKEN/` of hosted RPCs) replaced by `***`, and no
    /// fragment. Text that does not parse as a URL loses everything after `?` and before `@`.
    public static func url(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.scheme != nil, c.host != nil else { return fallback(text) }
        let hadCredentials = c.user != nil || c.password != nil
        c.user = nil
        c.password = nil
        if let items = c.queryItems, !items.isEmpty {
            c.percentEncodedQuery = items.map { $0.value == nil ? $0.name : $0.name + "=" + mask }.joined(separator: "&")
        }
        c.percentEncodedPath = c.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
            .map { looksLikeToken($0) ? mask : String($0) }.joined(separator: "/")
        c.fragment = nil
        guard var out = c.string else { return fallback(text) }
        if hadCredentials, let r = out.range(of: "://") {
            out.replaceSubrange(r, with: "://" + mask + "@")
        }
        return out
    }

    /// A secret shown only by its shape: `sk-…abcd` (first 3 and last 4 characters) when it
    /// is long enough that this reveals little, otherwise `<set>`.
    public static func secret(_ s: String) -> String {
        s.count >= 16 ? String(s.prefix(3)) + "…" + String(s.suffix(4)) : "<set>"
    }

    /// 20+ characters of letters and digits (`-`/`_` allowed) with both letters and digits.
    static func looksLikeToken(_ segment: Substring) -> Bool {
        guard segment.count >= 20 else { return false }
        var letters = false, digits = false
        for ch in segment.unicodeScalars {
            if CharacterSet.decimalDigits.contains(ch) { digits = true } else if CharacterSet.letters.contains(ch) {
                letters = true
            } else if ch != "-" && ch != "_" { return false }
        }
        return letters && digits
    }

    private static func fallback(_ text: String) -> String {
        var t = text
        if let q = t.firstIndex(of: "?") { t = String(t[..<q]) + "?" + mask }
        if let at = t.lastIndex(of: "@") {
            let start = t.range(of: "://")?.upperBound ?? t.startIndex
            if start <= at { t.replaceSubrange(start..<at, with: mask) }
        }
        return t
    }
}
