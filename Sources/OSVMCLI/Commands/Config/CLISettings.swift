import ArgumentParser
import Foundation
import OSVMSettings
import Synchronization

/// The CLI's side of OSVMSettings: prints the library's warnings (once per process, on
/// stderr) and turns a `SettingsError` into a usage error (exit 2).
enum CLISettings {
    private static let shown = Mutex<Set<String>>([])

    static func load(_ flags: Settings.Flags = .init()) throws -> Settings {
        let s = try Settings.load(flags: flags)
        warn(s.warnings)
        return s
    }

    static func warn(_ warnings: [String]) {
        for w in warnings where shown.withLock({ $0.insert(w).inserted }) { stderrLine("warning: \(w)") }
    }

    /// The RPC endpoint for OVSM commands: the URL, or nil after printing the error (exit 2).
    static func ovsmEndpoint(_ url: String?) -> Result<String, SettingsError> {
        do {
            return .success(try load(.init(url: url)).rpcURL().value)
        } catch let e as SettingsError {
            return .failure(e)
        } catch {
            return .failure(SettingsError(PlainError.describe(error)))
        }
    }

    /// `error: …` on stderr and exit 2 for a configuration problem; other errors pass through.
    static func usageExit(_ error: Error) -> Error {
        guard let e = error as? SettingsError else { return error }
        stderrLine("error: \(e)")
        return ExitCode(2)
    }
}
