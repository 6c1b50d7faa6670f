import ArgumentParser
import Foundation

/// `osvm ovsm examples [NAME] [--run]`: lists, shows or runs the scripts in Examples/.
struct ExamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "List the example scripts, show one, or run it with --run.")

    @Argument(help: "Example name (with or without .ovsm).") var name: String?
    @Flag(name: .customLong("run"), help: "Run the example instead of printing it.") var runIt = false
    @Flag(name: .long, help: "With --run: print the spec §14 JSON report.") var json = false
    @Option(name: [.short, .customLong("url")], help: "RPC endpoint for examples that use RPC.") var url: String?

    func run() throws {
        guard let dir = ExamplesDirectory.locate() else {
            ErrorReport.line("error: cannot find the Examples directory (set OSVM_EXAMPLES_DIR)")
            throw ExitCode(2)
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".ovsm") }.sorted()
        guard let name else {
            for f in files {
                let summary = ExamplesDirectory.summary(of: dir + "/" + f)
                let base = String(f.dropLast(5))
                print(summary.isEmpty ? base : base.padding(toLength: max(28, base.count + 2), withPad: " ", startingAt: 0) + summary)
            }
            return
        }
        let file = name.hasSuffix(".ovsm") ? name : name + ".ovsm"
        guard files.contains(file) else {
            ErrorReport.line("error: no example named \(name) (try `osvm ovsm examples`)")
            throw ExitCode(2)
        }
        let path = dir + "/" + file
        guard let source = SourceFile.read(path, json: json) else { throw ExitCode(2) }
        if runIt {
            let code = ScriptRunner(json: json, rpcURL: url).run(source: source, file: path, exitsAfter: false)
            if code != 0 { throw ExitCode(code) }
        } else {
            print(source, terminator: source.hasSuffix("\n") ? "" : "\n")
        }
    }
}

enum ExamplesDirectory {
    /// OSVM_EXAMPLES_DIR, else an `Examples` folder beside or above the executable, else ./Examples.
    static func locate() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["OSVM_EXAMPLES_DIR"] { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Examples").path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let cwd = fm.currentDirectoryPath + "/Examples"
        return fm.fileExists(atPath: cwd) ? cwd : nil
    }

    /// The first comment line of a script (its one-line description).
    static func summary(of path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(";;") && !t.hasPrefix(";; expect") {
                return t.drop(while: { $0 == ";" || $0 == " " }).description
            }
        }
        return ""
    }
}
