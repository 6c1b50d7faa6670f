import ArgumentParser
import Foundation
import OVSMKit

/// `osvm ovsm …`: run, evaluate, check and explore OVSM scripts.
struct OVSMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ovsm",
        abstract: "Run, check and explore OVSM scripts (the OVSM language: a Lisp for Solana).",
        subcommands: [RunScript.self, EvalCode.self, CheckScript.self, ReplCommand.self, ExamplesCommand.self,
                      FmtCommand.self, LintCommand.self, LSPCommand.self, DebugCommand.self]
    )
}

/// Options shared by `run` and `eval`.
struct ScriptOptions: ParsableArguments {
    @Flag(name: .long, help: "Print exactly one JSON object: {ok, value|error, output} (spec §14).")
    var json = false

    @Option(name: [.short, .customLong("url")], help: "RPC endpoint for RPC builtins: mainnet, devnet, testnet, localnet or a URL.")
    var url: String?

    @Option(help: "Seconds to wait for each RPC call of the script.")
    var timeout: Double = 30

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
    }
}

struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run an OVSM script file.")

    @OptionGroup var options: ScriptOptions
    @Argument(help: "The script to run (.ovsm).") var file: String

    func run() throws {
        let status = OVSMActions.run(file: file, json: options.json, url: options.url, timeout: options.timeout)
        if status != 0 { throw ExitCode(status) }
    }
}

struct EvalCode: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate OVSM code given on the command line.")

    @OptionGroup var options: ScriptOptions
    @Argument(help: "OVSM code, e.g. '(+ 1 2)'.") var code: String

    func run() throws {
        let status = OVSMActions.eval(code: code, json: options.json, url: options.url, timeout: options.timeout)
        if status != 0 { throw ExitCode(status) }
    }
}

struct CheckScript: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read a script without running it: exit 0 if it reads, else print FILE:line:col: syntax: message.")

    @Argument(help: "The script to check.") var file: String

    func run() throws {
        let status = OVSMActions.check(file: file)
        if status != 0 { throw ExitCode(status) }
    }
}

/// What `run`, `eval` and `check` do, as exit statuses: shared by the commands above and
/// by `OVSMFastPath`, which reaches them without ArgumentParser.
enum OVSMActions {
    static func run(file: String, json: Bool, url: String?, timeout: Double = 30) -> Int32 {
        guard let source = SourceFile.read(file, json: json) else { return 2 }
        return ScriptRunner(json: json, rpcURL: url, timeout: timeout).run(source: source, file: file)
    }

    static func eval(code: String, json: Bool, url: String?, timeout: Double = 30) -> Int32 {
        ScriptRunner(json: json, rpcURL: url, timeout: timeout).run(source: code, file: nil)
    }

    static func check(file: String) -> Int32 {
        guard let source = SourceFile.read(file, json: false) else { return 2 }
        if case .failure(let e) = Reader.readProgram(source) {
            ErrorReport.line(e.formatted(file: file))
            return 1
        }
        return 0
    }
}

/// Reads a script file; on failure prints one line naming it (or the JSON report).
enum SourceFile {
    static func read(_ path: String, json: Bool) -> String? {
        var isDir: ObjCBool = false
        let message: String
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            message = "\(path): no such file"
        } else if isDir.boolValue {
            message = "\(path): is a directory"
        } else if let data = FileManager.default.contents(atPath: path) {
            if let s = String(data: data, encoding: .utf8) { return s }
            message = "\(path): not valid UTF-8 text"
        } else {
            message = "\(path): cannot read (permission denied?)"
        }
        if json { print(JSONReport.ioError(message)) } else { ErrorReport.line("error: " + message) }
        return nil
    }
}
