import ArgumentParser
struct LSPCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "lsp") }
