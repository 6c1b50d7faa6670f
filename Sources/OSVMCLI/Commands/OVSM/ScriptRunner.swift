import Chain
import Foundation
import OSVMHost
import OVSMKit

/// Runs OVSM source for `osvm ovsm run|eval`: streams output (or collects it for
/// `--json`), prints the result, maps outcomes to exit codes (0 ok, 1 OVSM error,
/// 2 usage/file error, 130 interrupted) per spec §14.
struct ScriptRunner {
    var json: Bool
    var rpcURL: String?
    /// Seconds per RPC call (`--timeout`).
    var timeout: Double = 30

    /// Output collected for `--json` (thread-safe: the evaluator runs on its own thread).
    final class OutputBuffer: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ s: String) { lock.lock(); text += s; lock.unlock() }
        var lines: [String] {
            lock.lock(); defer { lock.unlock() }
            var parts = text.components(separatedBy: "\n")
            if parts.last == "" { parts.removeLast() }
            return parts
        }
    }

    /// Tracks whether streamed output ended with a newline, so the value starts a line.
    final class StreamState: @unchecked Sendable {
        let lock = NSLock()
        var atLineStart = true
    }

    func run(source: String, file: String?) -> Int32 {
        let buffer = OutputBuffer()
        let stream = StreamState()
        let json = self.json
        let output: @Sendable (String) -> Void
        if json {
            output = { buffer.append($0) }
        } else {
            output = { text in
                guard !text.isEmpty else { return }
                stream.lock.lock()
                FileHandle.standardOutput.write(Data(text.utf8))
                stream.atLineStart = text.hasSuffix("\n")
                stream.lock.unlock()
            }
        }
        let endpoint: String
        switch CLISettings.ovsmEndpoint(rpcURL) {
        case .success(let u): endpoint = u
        case .failure(let e):
            stderrLine("error: \(e)")
            return 2
        }
        // One flag for the evaluator and the RPC host call: Ctrl-C also abandons a request
        // in flight instead of waiting out its timeout.
        let cancel = CancelFlag()
        let host = LiveHost.make(rpcURL: endpoint, timeout: timeout, cancel: cancel, output: output)
        let interrupts = InterruptWatcher { cancel.cancel() }
        // Everything that walks the result (printing, the JSON report) and the release of
        // the interpreter and its values happen on the large-stack thread: a value nested
        // millions deep must not meet the main thread's 8 MiB stack (spec §16).
        let rendered: (text: String?, error: OVSMError?) = LargeStack.value {
            let interp = Interpreter(host: host, cancelFlag: cancel)
            var outcome = interp.run(source: source)
            var printed: String? = nil
            if case .success(let values) = outcome {
                switch interp.render(values) {
                case .success(let text): printed = values.isEmpty ? nil : text
                case .failure(let e): outcome = .failure(e)
                }
            }
            if json { return (JSONReport.render(outcome, printed: printed ?? "", output: buffer.lines), outcome.error) }
            return (printed, outcome.error)
        }
        interrupts.stop()
        let interrupted = interrupts.fired

        if json {
            print(rendered.text ?? "")
        } else if let e = rendered.error {
            if !stream.atLineStart { print() }
            ErrorReport.print(e, file: file)
        } else if let text = rendered.text {
            if !stream.atLineStart { print() }
            print(text)
        }
        guard let e = rendered.error else { return 0 }
        if interrupted && e.category == .limit { return 130 }
        return 1
    }
}

/// The `--json` report of spec §14: exactly one JSON object on stdout.
enum JSONReport {
    static func render(_ outcome: EvalOutcome, printed: String? = nil, output: [String]) -> String {
        var o = OVSMObject()
        switch outcome {
        case .success(let values):
            o.set("ok", .bool(true))
            o.set("value", .string(printed ?? values.map { Printer.printForm($0) }.joined(separator: "\n")))
        case .failure(let e):
            o.set("ok", .bool(false))
            o.set("error", errorValue(e))
        }
        o.set("output", .array(output.map { .string($0) }))
        return (try? JSON.stringify(.object(o))) ?? #"{"ok":false,"error":{"category":"io","message":"unprintable report"},"output":[]}"#
    }

    static func errorValue(_ e: OVSMError) -> Value {
        var err = OVSMObject()
        err.set("category", .string(e.category.rawValue))
        err.set("message", .string(e.message))
        if let span = e.span, span.line > 0 {
            err.set("line", .int(span.line))
            err.set("column", .int(span.column))
        }
        return .object(err)
    }

    /// A usage or file error (exit 2) in the same shape.
    static func ioError(_ message: String) -> String {
        render(.failure(OVSMError(.io, message)), output: [])
    }
}

/// Human error output: `file:line:col: category: message` and the OVSM call stack.
enum ErrorReport {
    static func print(_ e: OVSMError, file: String?) {
        // Sanitised: an error message can quote remote text (an RPC error, a fetched value).
        var text = TerminalText.line(e.formatted(file: file)) + "\n"
        if !e.stack.isEmpty {
            let shown = e.frameCount > 12 ? Array(e.stack.prefix(8)) + ["… \(e.frameCount - 10) more …"] + Array(e.stack.suffix(2)) : e.stack
            for frame in shown { text += "  in \(TerminalText.line(frame))\n" }
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func line(_ message: String) {
        FileHandle.standardError.write(Data((TerminalText.line(message) + "\n").utf8))
    }
}
