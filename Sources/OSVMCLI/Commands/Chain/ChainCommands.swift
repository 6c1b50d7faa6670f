import ArgumentParser

/// Chain subcommands (balance, transfer, airdrop, rpc …), registered on the root command.
let chainSubcommands: [any ParsableCommand.Type] = []
