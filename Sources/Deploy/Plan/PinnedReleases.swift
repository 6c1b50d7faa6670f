/// The release osvm installs when `--version` is not given: per SVM and network, a pinned,
/// known-good version with the SHA-256 of its Linux x86-64 archive and the date it was
/// pinned. `--version` overrides it (then `--sha256` is the user's to give).
///
/// Agave v3.1.14 (pinned 2026-12-06): the newest release whose archive checksum could be
/// cross-checked from a second published source (solana-release-x86_64-unknown-linux-gnu.tar.bz2,
/// 215,235,690 bytes); it runs on mainnet-beta, testnet and devnet. Re-pin by editing this
/// table (version, checksum, date) after checking the release notes of anza-xyz/agave.
public struct PinnedRelease: Sendable, Hashable {
    public var version: String
    public var sha256: String?
    public var pinnedOn: String
}

public enum PinnedReleases {
    static let agave = PinnedRelease(version: "3.1.14",
                                     sha256: "06f97c065cc977cbec2f13ffc9bc9d3b92fef485431fcb370a269de69532ef51",
                                     pinnedOn: "2026-12-06")

    static let table: [String: [String: PinnedRelease]] = [
        "solana": ["mainnet": agave, "testnet": agave, "devnet": agave],
    ]

    /// The pinned release of `svm` on `network`, or nil (forks with no known release).
    public static func release(svm: String, network: String) -> PinnedRelease? {
        table[svm]?[network]
    }
}
