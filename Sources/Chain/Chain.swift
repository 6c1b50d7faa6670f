// Chain: Solana RPC client, keys and transactions (issue 4).
