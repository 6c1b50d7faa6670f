import Chain
import Foundation
import OSVMHost
import OVSMKit

/// The command loop of `osvm ovsm debug`: reads gdb-style commands from stdin, drives an
/// OVSMKit `Debugger` and prints pauses as `FILE:LINE: source`. The program runs on its
/// own thread (through `ScriptSession`); this loop is the controller.
final class DebugConsole {
    let file: String
    let lines: [Substring]
    let source: String
    let rpcURL: String?
    var breakpoints: Set<Int> = []
    var watches: [String] = []
    /// The debugger of the current run; nil before `run` and after it ends.
    private var debugger: Debugger?
    private var current: DebugPause?
    private var outcome: RunOutcome?

    static let prompt = "(ovsm-debug) "

    init(file: String, source: String, rpcURL: String?) {
        self.file = file
        self.source = source
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }   // the final newline
        self.lines = lines
        self.rpcURL = rpcURL
    }

    /// Why `line` cannot hold a breakpoint, or nil when it can.
    func checkLine(_ line: Int) -> String? {
        guard line >= 1, line <= lines.count else { return "no line \(line) (\(file) has \(lines.count) lines)" }
        return nil
    }

    /// Runs the loop until `quit` or end of input; the exit status.
    func run() -> Int32 {
        say("OVSM debugger: \(file) (\(lines.count) lines). Type `help` for commands, `run` to start.")
        while true {
            write(Self.prompt)
            guard let raw = readLine() else { break }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if !execute(line) { break }
        }
        stopProgram()
        return 0
    }

    // MARK: - commands

    /// One command; false ends the session.
    private func execute(_ line: String) -> Bool {
        let (word, rest) = split(line)
        switch word {
        case "help", "h", "?": say(Self.help)
        case "quit", "q", "exit": return false
        case "run", "r":
            if debugger != nil {
                say("error: the program is already running (continue with `c`, or `quit`)")
            } else {
                start(.continue)
            }
        case "continue", "c": go(.continue)
        case "step", "s": go(.stepIn)
        case "next", "n": go(.stepOver)
        case "finish", "f":
            if let p = current, p.depth <= 1 {
                say("error: `finish` is not meaningful at the top level (use `continue`)")
            } else {
                go(.stepOut)
            }
        case "break", "b": breakCommand(rest)
        case "delete", "d": deleteCommand(rest)
        case "watch", "w":
            guard !rest.isEmpty else { return listWatches() }
            watches.append(rest)
            debugger?.addWatch(rest)
            let value = debugger?.isPaused == true ? debugger!.evaluate(rest).text : "(evaluated at each pause)"
            say("watch \(watches.count): \(rest) = \(value)")
        case "unwatch":
            guard let n = Int(rest), n >= 1, n <= watches.count else { say("error: no watch \(rest) (see `watch`)"); break }
            watches.remove(at: n - 1)
            debugger?.removeWatch(at: n - 1)
            say("deleted watch \(n)")
        case "locals", "l":
            guard let p = paused() else { break }
            if p.locals.isEmpty { say("no locals") }
            for l in p.locals { say("\(l.name) = \(l.value)") }
        case "print", "p":
            guard let dbg = debugger, dbg.isPaused else { say("error: the program is not paused"); break }
            guard !rest.isEmpty else { say("error: print needs an expression, e.g. print (+ n 1)"); break }
            say(dbg.evaluate(rest).text)
        case "bt", "backtrace", "where":
            guard let p = paused() else { break }
            for (i, f) in p.stack.enumerated() {
                say("#\(i) \(f.function) at \(file):\(f.line.map(String.init) ?? "?")")
            }
        case "list":
            listCommand(rest)
        default:
            say("error: unknown command \(word) (type `help`)")
        }
        return true
    }

    private func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), line[space...].trimmingCharacters(in: .whitespaces))
    }

    private func paused() -> DebugPause? {
        if let p = current { return p }
        say("error: the program is not paused")
        return nil
    }

    private func breakCommand(_ arg: String) {
        if arg.isEmpty {
            if breakpoints.isEmpty { say("no breakpoints") }
            for b in breakpoints.sorted() { say("breakpoint at \(file):\(b): \(text(b))") }
            return
        }
        guard let n = Int(arg) else { say("error: break needs a line number, e.g. break 4"); return }
        if let problem = checkLine(n) { say("error: \(problem)"); return }
        breakpoints.insert(n)
        debugger?.setBreakpoint(line: n)
        say("breakpoint at \(file):\(n): \(text(n))")
    }

    private func deleteCommand(_ arg: String) {
        if arg.isEmpty {
            breakpoints.removeAll()
            for b in debugger?.breakpoints ?? [] { debugger?.removeBreakpoint(line: b) }
            say("deleted all breakpoints")
            return
        }
        guard let n = Int(arg) else { say("error: delete needs a line number, e.g. delete 4"); return }
        guard breakpoints.remove(n) != nil else { say("error: no breakpoint on line \(n)"); return }
        debugger?.removeBreakpoint(line: n)
        say("deleted breakpoint at \(file):\(n)")
    }

    private func listWatches() -> Bool {
        if watches.isEmpty { say("no watches (watch EXPR adds one)") }
        for (i, w) in watches.enumerated() { say("watch \(i + 1): \(w)") }
        return true
    }

    private func listCommand(_ arg: String) {
        let center: Int
        if arg.isEmpty {
            center = current?.line ?? 1
        } else if let n = Int(arg), checkLine(n) == nil {
            center = n
        } else {
            say("error: list takes a line number between 1 and \(lines.count)")
            return
        }
        let from = max(1, center - 5), to = min(lines.count, center + 5)
        guard from <= to else { return }
        for n in from...to {
            let mark = n == current?.line ? "=>" : (breakpoints.contains(n) ? " *" : "  ")
            say("\(mark) \(String(n).leftPadded(to: String(lines.count).count)) \(text(n))")
        }
    }

    private func text(_ line: Int) -> String {
        line >= 1 && line <= lines.count ? TerminalText.line(String(lines[line - 1])) : ""
    }

    // MARK: - running

    /// Resumes a paused program; `step` also starts one, stopping at its first line.
    private func go(_ action: DebugAction) {
        guard let dbg = debugger else {
            if action == .stepIn { start(.stepIn) } else { say("error: the program is not running (start it with `run` or `step`)") }
            return
        }
        guard dbg.resume(action) else { say("error: the program is not paused"); return }
        current = nil
        waitForStop()
    }

    private func start(_ action: DebugAction) {
        let dbg = Debugger(breakpoints: breakpoints)
        dbg.setStartAction(action)
        for w in watches { dbg.addWatch(w) }
        debugger = dbg
        outcome = nil
        var rpc = ScriptSession.RPCSource.offline
        if rpcURL != nil {
            switch CLISettings.ovsmEndpoint(rpcURL) {
            case .success(let u): rpc = .endpoint(u)
            case .failure(let e):
                say("error: \(e)")
                debugger = nil
                return
            }
        }
        let stream = StreamingOutput.standardOutput()
        let session = ScriptSession(options: .init(rpc: rpc, debugger: dbg), output: stream.sink)
        let result = RunOutcome(stream: stream)
        let source = self.source
        outcome = result
        Thread {
            result.set(session.evaluate(source: source))
            dbg.finish()
        }.start()
        waitForStop()
    }

    /// Waits for the next pause or the end and reports it.
    private func waitForStop() {
        guard let dbg = debugger else { return }
        switch dbg.waitForStop() {
        case .paused(let p)?:
            current = p
            report(p)
        case .finished?, nil:
            current = nil
            debugger = nil
            outcome?.report(file: file)
        }
    }

    private func report(_ p: DebugPause) {
        let why: String
        switch p.reason {
        case .breakpoint: why = "breakpoint"
        case .step: why = "step"
        case .requested: why = "paused"
        case .returned(let v): why = "returned \(TerminalText.line(v))"
        }
        outcome?.stream.finishLine()
        say("[\(why)] in \(p.function), depth \(p.depth)")
        say("=> \(file):\(p.line): \(text(p.line))")
        for (i, w) in p.watches.enumerated() { say("   watch \(i + 1): \(w.expression) = \(TerminalText.line(w.value.text))") }
    }

    /// Ends a program still running or paused (quit, end of input).
    private func stopProgram() {
        guard let dbg = debugger else { return }
        dbg.resume(.stop)
        _ = dbg.waitForStop(timeout: 10)
        debugger = nil
    }

    private func say(_ s: String) { write(s + "\n") }
    private func write(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }

    static let help = """
    Commands (short forms in brackets):
      run [r]               start the program; it stops at breakpoints
      break [b] N           set a breakpoint on line N; `break` alone lists them
      delete [d] N          remove the breakpoint on line N; `delete` alone removes all
      continue [c]          run to the next breakpoint or the end
      step [s]              go to the next line, entering function calls (before `run`: start, stop at line 1)
      next [n]              go to the next line of this function, stepping over calls
      finish [f]            run until this function returns; shows the value it returned
      locals [l]            the variables visible where the program is paused
      print [p] EXPR        evaluate EXPR in the paused frame, e.g. print (* n 2)
      watch [w] EXPR        show EXPR at every pause; `watch` alone lists them; unwatch N removes one
      bt                    the call stack, innermost first
      list [N]              the source around the current line (or line N); * marks breakpoints
      quit [q]              stop the program and leave
    Example session (one command per prompt):
      break 4          stop on line 4
      run              start; prints FILE:4: and the source line when it stops
      print n          evaluate n where the program stopped
      next             go to the next line
    """
}

/// How a run ended, handed from the program thread to the console.
final class RunOutcome: @unchecked Sendable {
    // @unchecked: `outcome` is written once by the program thread before it calls
    // `Debugger.finish()`, and read by the console only after `waitForStop` saw that.
    let stream: StreamingOutput
    private let lock = NSLock()
    private var outcome: ScriptSession.Outcome?

    init(stream: StreamingOutput) { self.stream = stream }

    func set(_ o: ScriptSession.Outcome) { lock.withLock { outcome = o } }

    func report(file: String) {
        let o = lock.withLock { outcome }
        stream.finishLine()
        guard let o else { return }
        if let e = o.error {
            ErrorReport.print(e, file: file)
            FileHandle.standardOutput.write(Data("program ended with an error (see above); `run` starts it again\n".utf8))
        } else {
            let v = TerminalText.line(o.value ?? "")
            FileHandle.standardOutput.write(Data("program finished: \(v)\n".utf8))
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
