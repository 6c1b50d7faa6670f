import ArgumentParser
import Foundation
import OVSMKit
import OVSMTooling

/// `osvm ovsm lint`: report likely mistakes in OVSM scripts (rules: docs/LINT.md).
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check OVSM scripts for likely mistakes; --fix applies the safe fixes.",
        discussion: """
        Prints FILE:line:col: severity: message [id name], one per line (--json: one JSON \
        array of objects). --fix first copies FILE to FILE.bak, then rewrites FILE with the \
        safe fixes and reports what remains. Exit status: 0 no errors (warnings allowed), \
        1 errors remain, 2 a file cannot be read or written.
        """)

    @Flag(help: "Apply the safe fixes (FILE.bak keeps the original).") var fix = false
    @Flag(help: "Print one JSON array of diagnostics.") var json = false
    @Argument(help: "Scripts to check.") var files: [String]

    func run() throws {
        var status: Int32 = 0
        var all: [Value] = []
        for file in files {
            guard var source = SourceFile.read(file, json: false) else { status = 2; continue }
            var diagnostics = Linter.lint(source)
            if fix {
                let (fixed, count) = Linter.applyFixes(source, diagnostics)
                if count > 0 {
                    do {
                        try source.write(toFile: file + ".bak", atomically: true, encoding: .utf8)
                        try fixed.write(toFile: file, atomically: true, encoding: .utf8)
                    } catch {
                        ErrorReport.line("error: \(file): cannot write the fixed file or its backup")
                        status = 2
                        continue
                    }
                    if !json { ErrorReport.line("\(file): applied \(count) fix\(count == 1 ? "" : "es") (original in \(file).bak)") }
                    source = fixed
                    diagnostics = Linter.lint(source)
                }
            }
            if diagnostics.contains(where: { $0.severity == .error }) { status = max(status, 1) }
            if json {
                all += diagnostics.map { $0.jsonValue(file: file) }
            } else {
                for d in diagnostics { print(d.formatted(file: file)) }
            }
        }
        if json { print((try? JSON.stringify(.array(all))) ?? "[]") }
        if status != 0 { throw ExitCode(status) }
    }
}
