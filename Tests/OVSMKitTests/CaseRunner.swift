import Foundation
import OSVMHost
import Synchronization
@testable import OVSMKit

/// Runs one conformance case file (spec §15 format) in-process and returns a failure
/// description, or nil when it passes.
enum CaseRunner {
    struct Expectation {
        var value: String?
        var error: String?
        var output: [String] = []
    }

    static func expectation(of source: String) -> Expectation {
        var e = Expectation()
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(";; expect: ") { e.value = String(line.dropFirst(";; expect: ".count)) }
            else if line == ";; expect:" { e.value = "" }
            else if line.hasPrefix(";; expect-error: ") { e.error = line.dropFirst(";; expect-error: ".count).trimmingCharacters(in: .whitespaces) }
            else if line.hasPrefix(";; expect-output: ") { e.output.append(String(line.dropFirst(";; expect-output: ".count))) }
            else if line == ";; expect-output:" { e.output.append("") }
        }
        return e
    }

    /// Evaluates `source` with a collecting host; returns the outcome and the output lines.
    static func evaluate(_ source: String) -> (EvalOutcome, [String]) {
        let buffer = Mutex("")
        // A live host without RPC: real clock and sleep, output collected.
        let host = LiveHost.make(rpcURL: nil) { s in buffer.withLock { $0 += s } }
        let outcome = LargeStack.value { Interpreter(host: host).run(source: source) }
        var lines = buffer.withLock { $0 }.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return (outcome, lines)
    }

    static func check(file: String) -> String? {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else { return "unreadable" }
        let exp = expectation(of: source)
        let (outcome, output) = evaluate(source)
        switch outcome {
        case .success:
            if let err = exp.error { return "expected error \(err), got \(outcome.printed)" }
            if let v = exp.value, v != outcome.printed { return "expected \(v), got \(outcome.printed)" }
        case .failure(let e):
            if exp.error != e.category.rawValue { return "expected \(exp.value ?? exp.error ?? "?"), got error \(e)" }
        }
        if output != exp.output { return "output \(output) != expected \(exp.output)" }
        return nil
    }

    /// Repository root, from this file's path.
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func cases(in dir: URL) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".ovsm") }.sorted().map { dir.appendingPathComponent($0).path }
    }
}
