/// Solana devnet as a validator joining it sees it: where to gossip, which genesis to
/// expect, and whose snapshots and RPC to trust.
///
/// Source: Anza's cluster list, "Devnet" — the example `agave-validator` command line
/// (https://docs.anza.xyz/clusters/available). The same four known validators and five
/// entrypoints appear in upstream osvm-cli's `src/utils/devnet_rpc.rs` and in the older
/// Solana Labs docs (https://docs.solanalabs.com/clusters/available).
public enum DevnetCluster {
    /// Gossip entrypoints (`--entrypoint`), all five; any one answering is enough.
    public static let entrypoints = [
        "entrypoint.devnet.solana.com:8001",
        "entrypoint2.devnet.solana.com:8001",
        "entrypoint3.devnet.solana.com:8001",
        "entrypoint4.devnet.solana.com:8001",
        "entrypoint5.devnet.solana.com:8001",
    ]

    /// Devnet's genesis hash (`--expected-genesis-hash`): a node pointed at another cluster
    /// stops instead of following it.
    public static let genesisHash = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"

    /// The published devnet known validators (`--known-validator`), operated by the
    /// Solana Foundation / Anza. With `--only-known-rpc` snapshots come only from them.
    public static let knownValidators = [
        "dv1ZAGvdsz5hHLwWXsVnM94hWf1pjbKVau1QVkaMJ92",
        "dv2eQHeP4RFrJZ6UeiZWoc3XTtmtZCUKxxCApCDcRNV",
        "dv4ACNkpYPcE3aKmYDqZm9G5EB3J4MRoeE7WNDRBVJB",
        "dv3qDFk1DTF36Z62bNvrCXe9sKATA6xvVy6A798xxAS",
    ]

    /// The official Agave installer (Anza's docs, "Install the Solana CLI").
    public static let installCommand = #"sh -c "$(curl -sSfL https://release.anza.xyz/stable/install)""#
}
