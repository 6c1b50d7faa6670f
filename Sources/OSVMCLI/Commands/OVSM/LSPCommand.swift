import ArgumentParser
import Foundation
import OVSMTooling

/// `osvm ovsm lsp`: the OVSM language server on stdin/stdout (LSP 3.17). Editors start it;
/// README "Editor support" shows the Neovim and VS Code set-up.
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the OVSM language server on standard input/output (for editors).")

    func run() throws {
        let input = FileHandle.standardInput
        let output = FileHandle.standardOutput
        let status = LanguageServer().serve(
            read: {
                let data = input.availableData
                return data.isEmpty ? nil : [UInt8](data)
            },
            write: { output.write(Data($0)) })
        if status != 0 { throw ExitCode(status) }
    }
}
