import ArgumentParser

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Interactive OVSM session.")
    func run() throws {}
}
