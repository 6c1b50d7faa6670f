import ArgumentParser
import Foundation
import OVSMKit
import OVSMTooling

/// `osvm ovsm fmt`: the canonical layout of OVSM source (docs/FMT.md).
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format OVSM source: print it, rewrite files (--write) or check them (--check).",
        discussion: """
        With no FILE or with '-', reads standard input and prints the result. Exit status: \
        0 done (or nothing to change); 1 with --check when a file would change (a unified \
        diff is printed); 2 when a file cannot be read or does not read as OVSM.
        """)

    @Flag(help: "Change nothing; print a diff and exit 1 if any file would change.") var check = false
    @Flag(help: "Rewrite the files in place (those that change).") var write = false
    @Option(help: "Line width.") var width = Formatter.defaultWidth
    @Argument(help: "Files to format ('-' = standard input).") var files: [String] = []

    func validate() throws {
        if check && write { throw ValidationError("--check and --write exclude each other") }
        if width < 20 { throw ValidationError("--width must be at least 20") }
        if write && (files.isEmpty || files.contains("-")) { throw ValidationError("--write needs FILE arguments") }
    }

    func run() throws {
        var status: Int32 = 0
        for file in files.isEmpty ? ["-"] : files {
            let name = file == "-" ? "<stdin>" : file
            guard let source = file == "-" ? readStandardInput() : SourceFile.read(file, json: false) else {
                status = 2
                continue
            }
            let formatted: String
            do {
                formatted = try Formatter.format(source, width: width)
            } catch {
                ErrorReport.line(error.formatted(file: name))
                status = 2
                continue
            }
            // The promise, checked on every run: never write a program that means something else.
            guard FormEquivalence.sameForms(source, formatted) else {
                ErrorReport.line("error: \(name): internal formatter error (forms changed); file left as is")
                status = 2
                continue
            }
            if check {
                if formatted != source {
                    print(UnifiedDiff.diff(source, formatted, oldName: name, newName: name + " (formatted)"), terminator: "")
                    status = max(status, 1)
                }
            } else if write {
                guard formatted != source else { continue }
                do {
                    try formatted.write(toFile: file, atomically: true, encoding: .utf8)
                    print("formatted \(file)")
                } catch {
                    ErrorReport.line("error: \(file): cannot write")
                    status = 2
                }
            } else {
                print(formatted, terminator: "")
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    func readStandardInput() -> String? {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        if let s = String(data: data, encoding: .utf8) { return s }
        ErrorReport.line("error: <stdin>: not valid UTF-8 text")
        return nil
    }
}
