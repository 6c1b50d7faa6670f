import ArgumentParser

/// `osvm`: the command-line shell over OVSMKit, Chain, Deploy and the workbench.
@main
struct OSVMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "osvm",
        abstract: "A terminal workbench for Solana: OVSM scripting, RPC, node deployment, AI chat.",
        subcommands: [OVSMCommand.self] + chainSubcommands
    )
}
