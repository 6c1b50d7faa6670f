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

    /// `exitsAfter`: the process ends after this run (see the end of the function).
    func run(source: String, file: String?, exitsAfter: Bool = true) -> Int32 {
        let endpoint: String
        switch CLISettings.ovsmEndpoint(rpcURL) {
        case .success(let u): endpoint = u
        case .failure(let e):
            stderrLine("error: \(e)")
            return 2
        }
        // `--json` keeps the output for the report (bounded); otherwise it streams.
        let captured = OutputCapture()
        let stream = StreamingOutput.standardOutput()
        let session = ScriptSession(options: .init(rpc: .endpoint(endpoint, timeout: timeout)),
                                    output: json ? captured.sink : stream.sink)
        // Submitted before the handler exists: a Ctrl-C from now on cancels the run (and
        // abandons an RPC request in flight instead of waiting out its timeout).
        session.submit()
        let interrupts = InterruptWatcher(session: session)
        let outcome = session.evaluate(source: source)
        interrupts.stop()

        if json {
            print(JSONReport.render(outcome, output: captured.lines))
        } else if let e = outcome.error {
            stream.finishLine()
            ErrorReport.print(e, file: file)
        } else if let text = outcome.value {
            stream.finishLine()
            print(text)
        }
        // The process exits right after this: freeing every value the script left in its
        // globals is work nobody waits for (a script holding 50,000 objects spent 18 % of
        // its run in that teardown), so the session is kept and the OS reclaims it all.
        if exitsAfter { ScriptRunner.finished.append(session) }
        if outcome.interrupted || !outcome.started { return 130 }
        return outcome.error == nil ? 0 : 1
    }

    /// Sessions of finished runs, alive until the process exits (see `run`).
    nonisolated(unsafe) private static var finished: [ScriptSession] = []
}

/// The `--json` report of spec §14: exactly one JSON object on stdout.
enum JSONReport {
    static func render(_ outcome: ScriptSession.Outcome, output: [String]) -> String {
        var o = OVSMObject()
        if let e = outcome.error ?? (outcome.started ? nil : OVSMError.limit("cancelled")) {
            o.set("ok", .bool(false))
            o.set("error", errorValue(e))
        } else {
            o.set("ok", .bool(true))
            o.set("value", .string(outcome.value ?? ""))
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
        var failed = ScriptSession.Outcome()
        failed.error = OVSMError(.io, message)
        return render(failed, output: [])
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
