import ArgumentParser
import Foundation
import OSVMSettings

/// `osvm config show [--json]`: every effective setting, where it came from, secrets redacted.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the effective configuration (~/.config/osvm/config.yml, environment, flags).",
        subcommands: [ConfigShow.self], defaultSubcommand: ConfigShow.self)
}

struct ConfigShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print each setting, its value (secrets redacted) and its origin: flag, env, file:line or default.")

    @Flag(help: "One JSON object: {config_file, config_file_exists, settings: {KEY: {value, origin, …}}, warnings}.")
    var json = false
    @Option(name: [.customShort("u"), .long], help: "RPC endpoint (shows how a flag would win).") var url: String?
    @Option(help: "Keypair file.") var keypair: String?
    @Option(help: "Commitment.") var commitment: String?
    @Option(name: .customLong("ai-url"), help: "Assistant base URL.") var aiURL: String?
    @Option(name: .customLong("ai-key"), help: "Assistant API key.") var aiKey: String?
    @Option(help: "Assistant model.") var model: String?

    func run() throws {
        do {
            let s = try CLISettings.load(.init(url: url, keypair: keypair, commitment: commitment,
                                               aiURL: aiURL, aiKey: aiKey, aiModel: model))
            let rows = ConfigReport.rows(s)
            if json {
                print(ConfigReport.json(s, rows))
            } else {
                print(ConfigReport.text(s, rows))
            }
            if rows.contains(where: { $0.error != nil }) { throw ExitCode(2) }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw CLISettings.usageExit(error)
        }
    }
}
