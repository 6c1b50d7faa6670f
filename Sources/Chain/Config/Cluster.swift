/// Named clusters and endpoint resolution for `-u/--url`.
///
///     try Cluster.resolve("devnet")          // "https://api.devnet.solana.com"
///     try Cluster.resolve("l")               // "http://127.0.0.1:8899"
///     try Cluster.resolve("http://x:1")      // "http://x:1"
public enum Cluster: String, Sendable, CaseIterable {
    case mainnet, devnet, testnet, localnet

    public var url: String {
        switch self {
        case .mainnet: return "https://api.mainnet-beta.solana.com"
        case .devnet: return "https://api.devnet.solana.com"
        case .testnet: return "https://api.testnet.solana.com"
        case .localnet: return "http://127.0.0.1:8899"
        }
    }

    /// A cluster name (also `mainnet-beta`, and the Solana CLI's `m d t l`) or an http(s) URL.
    public static func resolve(_ text: String) throws -> String {
        do { return try RPCEndpoint.resolve(text, origin: .flag("--url")) } catch {
            throw ChainError.config(error.description)
        }
    }

    /// The cluster a URL belongs to, if it is one of the well-known endpoints.
    public static func name(of url: String) -> String? {
        for c in allCases where c.url == url { return c.rawValue }
        if url.contains("127.0.0.1") || url.contains("localhost") { return "localnet" }
        return nil
    }
}

import Foundation
import OSVMSettings
