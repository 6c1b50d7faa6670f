import ArgumentParser

/// The Chain commands the root `osvm` command registers.
let chainSubcommands: [any ParsableCommand.Type] = []
