import Foundation

/// Turns what the user wrote for the RPC endpoint (a cluster moniker or an http(s) URL)
/// into a URL, or a usage error that names where the bad value came from.
public enum RPCEndpoint {
    public static let mainnet = "https://api.mainnet-beta.solana.com"
    public static let devnet = "https://api.devnet.solana.com"
    public static let testnet = "https://api.testnet.solana.com"
    public static let localnet = "http://127.0.0.1:8899"

    /// The cluster monikers (the Solana CLI's one-letter forms too).
    public static func moniker(_ text: String) -> String? {
        switch text.lowercased() {
        case "mainnet", "mainnet-beta", "m": return mainnet
        case "devnet", "d": return devnet
        case "testnet", "t": return testnet
        case "localnet", "localhost", "local", "l": return localnet
        default: return nil
        }
    }

    /// A moniker's URL or the validated URL itself (surrounding blanks trimmed).
    public static func resolve(_ text: String, origin: Origin) throws(SettingsError) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else {
            throw SettingsError("empty RPC URL (from \(origin)): expected mainnet, devnet, testnet, localnet or an http(s) URL")
        }
        if let url = moniker(t) { return url }
        if let problem = httpURLProblem(t) {
            let what = t.contains(":") || t.contains("/") ? "invalid RPC URL" : "unknown cluster"
            throw SettingsError("\(what) '\(Redact.url(t))' (from \(origin)): \(problem)")
        }
        return t
    }

    /// Why `text` is not a usable http(s) URL, or nil when it is.
    public static func httpURLProblem(_ text: String,
                                      expected: String = "expected mainnet, devnet, testnet, localnet or an http(s) URL") -> String? {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased() else { return expected }
        guard scheme == "http" || scheme == "https" else { return "scheme '\(scheme)' is not http or https" }
        guard let host = c.host, !host.isEmpty else { return "no host in the URL" }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
            return "the URL contains blanks or control characters"
        }
        return nil
    }
}
