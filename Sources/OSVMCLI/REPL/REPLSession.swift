import Chain
import Dispatch
import Foundation
import OSVMHost
import OSVMTUI   // FormAccumulator, shared with the workbench's REPL pane
import OVSMKit

/// `osvm ovsm repl`: one interpreter for the whole session, complete forms read with the
/// incremental reader (continuation prompt while brackets are open), evaluation on a
/// large-stack thread, Ctrl-C cancelling a running evaluation, meta commands, persistent
/// history. On a terminal it edits lines in raw mode; with piped input it reads plain lines
/// and prints only results and errors.
final class REPLSession {
    static let version = "0.1.0"
    static let prompt = "ovsm> "
    static let continuationPrompt = "  ... "

    /// Names the reader/compiler treat specially (not globals, but completable).
    static let specialForms: [String] = """
        quote quasiquote if when unless cond case typecase and or do progn begin prog1 prog2 \
        function multiple-value-list define defvar defparameter const defconstant set! let let* \
        flet labels destructuring-bind multiple-value-bind lambda fn defun defn defmacro while \
        for dolist dotimes return break continue return-from loop catch throw try \
        ignore-errors setf setq incf decf push pop
        """.split(separator: " ").map(String.init)
    static let literals = ["true", "false", "null", "nil"]

    struct MetaCommand {
        let names: [String]
        let usage: String
        let summary: String
    }
    static let metaCommands: [MetaCommand] = [
        MetaCommand(names: [":help", ":h", ":?"], usage: ":help [NAME]", summary: "this help, or the documentation of a builtin"),
        MetaCommand(names: [":env"], usage: ":env", summary: "globals defined in this session"),
        MetaCommand(names: [":load"], usage: ":load FILE", summary: "run a file in this session"),
        MetaCommand(names: [":reset"], usage: ":reset", summary: "start over with a fresh interpreter"),
        MetaCommand(names: [":quit", ":q", ":exit"], usage: ":quit, :q", summary: "leave (or Ctrl-D on an empty line)"),
    ]

    /// Output stream state, shared with the evaluator thread.
    final class OutputState: @unchecked Sendable {
        private let lock = NSLock()
        private var atLineStart = true
        func write(_ text: String) {
            guard !text.isEmpty else { return }
            lock.lock()
            REPLTerminal.write(text)
            atLineStart = text.hasSuffix("\n")
            lock.unlock()
        }
        /// Ends a partial output line so the next thing starts in column 0; returns whether
        /// it had to.
        @discardableResult
        func finishLine() -> Bool {
            lock.lock(); defer { lock.unlock() }
            guard !atLineStart else { return false }
            REPLTerminal.write("\n")
            atLineStart = true
            return true
        }
    }

    /// The evaluation cycle shared by the loop and the SIGINT handler: `InterruptGate`
    /// under a lock, applied to the interpreter's cancel flag, with an injectable clock.
    final class EvalState: @unchecked Sendable {
        private let lock = NSLock()
        private var gate = InterruptGate()
        private let cancel: CancelFlag
        private let now: @Sendable () -> Double
        init(cancel: CancelFlag,
             now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
            self.cancel = cancel
            self.now = now
        }

        /// A line was accepted: a new cycle, the cancel flag cleared (only here and at `end`).
        /// With `claimPosted`, returns whether a Ctrl-C at the prompt was posted to the editor
        /// and not read yet (it came before Enter counted: the line is abandoned). Checked
        /// under the lock the SIGINT handler posts under, so none falls between the two.
        @discardableResult
        func submit(claimPosted: Bool = false) -> Bool {
            lock.withLock {
                gate.submit()
                cancel.reset()
                guard claimPosted, REPLTerminal.takePostedInterrupt() else { return false }
                _ = gate.settle()
                return true
            }
        }
        /// False: Ctrl-C came since `submit`; do not start (`end` follows either way).
        func begin() -> Bool { lock.withLock { gate.begin() } }
        /// Returns whether the evaluation was interrupted.
        func end() -> Bool { lock.withLock { let r = gate.end(); cancel.reset(); return r } }
        /// The line started no evaluation; returns whether Ctrl-C came meanwhile.
        func settle() -> Bool { lock.withLock { gate.settle() } }
        /// SIGINT. `atPrompt` runs under the lock when nothing is submitted.
        func interrupt(atPrompt: () -> Void = {}) -> InterruptGate.Response {
            lock.withLock {
                let r = gate.interrupt(now: now())
                if r == .cancel { cancel.cancel() }
                if r == .atPrompt { atPrompt() }
                return r
            }
        }
    }

    let interactive: Bool
    /// The resolved endpoint (already validated by the command).
    let rpcURL: String?
    let history: History
    let output = OutputState()
    let cancel = CancelFlag()
    let evalState: EvalState
    private var interp: Interpreter
    /// The globals a fresh interpreter starts with (`:env` lists what differs).
    private var initialGlobals: [String: Value]
    private var sigintSource: DispatchSourceSignal?

    init(interactive: Bool, rpcURL: String?, historyPath: String?) {
        self.interactive = interactive
        self.rpcURL = rpcURL
        self.history = History(path: interactive ? historyPath : nil)
        self.evalState = EvalState(cancel: cancel)
        (interp, initialGlobals) = REPLSession.makeInterpreter(rpcURL: rpcURL, output: output, cancel: cancel)
    }

    /// A fresh interpreter writing to `output`, and the globals it starts with.
    private static func makeInterpreter(rpcURL: String?, output: OutputState, cancel: CancelFlag)
        -> (Interpreter, [String: Value])
    {
        // `rpcURL` was resolved and validated by the command (CLISettings.ovsmEndpoint).
        let host = LiveHost.make(rpcURL: rpcURL, output: { output.write($0) })
        let interp = Interpreter(host: host, cancelFlag: cancel)
        var initial: [String: Value] = [:]
        for name in interp.globalNames {
            if let v = interp.globalValue(name) { initial[name] = v }
        }
        return (interp, initial)
    }

    // MARK: - the loop

    /// Runs the session; returns the exit status.
    func run() -> Int32 {
        installInterruptHandler()
        defer { sigintSource?.cancel() }
        if interactive {
            REPLTerminal.write("OVSM \(REPLSession.version) — :help for help, Ctrl-D to exit\n")
        }
        var reportedProblem: String?
        let editor = LineEditor(history: history)
        editor.continuationPrompt = REPLSession.continuationPrompt
        editor.complete = { [unowned self] buffer, cursor in self.completion(buffer, cursor) }
        let evalState = self.evalState
        editor.onAccept = { evalState.submit(claimPosted: true) }

        var pending = FormAccumulator(maxDepth: Reader.maxNesting)
        while true {
            let line: String
            if interactive {
                if history.problem != reportedProblem, let p = history.problem { note("warning: \(p)") }
                reportedProblem = history.problem
                let outcome = editor.readLine(prompt: pending.isEmpty ? REPLSession.prompt : REPLSession.continuationPrompt)
                switch outcome {
                case .line(let l):
                    line = l
                case .interrupted:
                    _ = evalState.settle()   // a line accepted and then abandoned (see LineEditor.abandon)
                    pending.reset()
                    continue
                case .endOfInput:
                    if pending.isEmpty { return 0 }
                    finish(pending.text)     // Ctrl-D inside an open form: report it, start over
                    pending.reset()
                    continue
                }
            } else {
                guard let l = readLine(strippingNewline: true) else {
                    if !pending.isEmpty { finish(pending.text) }
                    return 0
                }
                line = l
                evalState.submit()
            }
            defer {
                // A Ctrl-C after Enter on a line that started nothing: as if typed at the prompt.
                if evalState.settle() {
                    pending.reset()
                    if interactive { output.write("^C\n") }
                }
            }

            if pending.isEmpty, let command = metaCommand(line) {
                history.add(line)
                if !perform(command) { return 0 }
                continue
            }
            // Read only when the brackets may balance: each line is scanned once.
            guard pending.append(line) else { continue }
            switch Reader.read(pending.text) {
            case .needMore:
                continue
            case .error(let e):
                history.add(pending.text)
                report(e, file: nil)
                pending.reset()
            case .forms(let forms):
                history.add(pending.text)
                pending.reset()
                if !forms.isEmpty { evaluate(forms, file: nil) }
            }
        }
    }

    /// Input ended inside an open form: report where it was left open.
    private func finish(_ pending: String) {
        history.add(pending)
        if case .failure(let e) = Reader.readProgram(pending) { report(e, file: nil) }
    }

    /// Session-long SIGINT handling: cancels a running evaluation. Between evaluations a
    /// terminal session ignores it (at the prompt Ctrl-C is a key, handled by the editor);
    /// with piped input it ends the process like an ordinary Ctrl-C.
    private func installInterruptHandler() {
        signal(SIGINT, SIG_IGN)
        if interactive { REPLTerminal.enableInterruptKey() }
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let state = evalState
        let interactive = self.interactive
        source.setEventHandler {
            switch state.interrupt(atPrompt: { if interactive { REPLTerminal.postInterrupt() } }) {
            case .cancel, .alreadyCancelling:
                break
            case .atPrompt:
                if !interactive { exit(130) }
            case .forceQuit:
                REPLTerminal.write("\nthe evaluation does not stop: quitting\n", fd: STDERR_FILENO)
                REPLTerminal.restore()
                exit(130)
            }
        }
        source.resume()
        sigintSource = source
    }

    // MARK: - evaluation

    private func evaluate(_ forms: [Datum], file: String?) {
        guard evalState.begin() else {
            // Ctrl-C between Enter and here: the evaluation never starts.
            _ = evalState.end()
            note(interactive && !output.finishLine() ? "\ninterrupted" : "interrupted")
            return
        }
        let interp = self.interp
        // Printed (and released) on the large stack: results may nest millions deep.
        let outcome: Result<[String], OVSMError> = LargeStack.value {
            switch interp.run(forms: forms) {
            case .success(let values):
                return interp.render(values).map { values.isEmpty ? [] : [$0] }
            case .failure(let e): return .failure(e)
            }
        }
        let interrupted = evalState.end()
        let brokeLine = output.finishLine()
        switch outcome {
        case .success(let lines):
            for line in lines { output.write(line + "\n") }
        case .failure(let e):
            if interrupted && e.category == .limit {
                // On a terminal the echoed "^C" ends the output line.
                note(interactive && !brokeLine ? "\ninterrupted" : "interrupted")
            } else {
                report(e, file: file)
            }
        }
    }

    /// `[file:]line:col: category: message` and a short OVSM call stack, on stderr.
    private func report(_ e: OVSMError, file: String?) {
        output.finishLine()
        var text = e.formatted(file: file) + "\n"
        let maxFrames = 6
        for frame in e.stack.prefix(maxFrames) { text += "  in \(frame)\n" }
        if e.frameCount > maxFrames { text += "  … \(e.frameCount - maxFrames) more\n" }
        REPLTerminal.write(text, fd: STDERR_FILENO)
    }

    private func note(_ message: String) {
        REPLTerminal.write(message + "\n", fd: STDERR_FILENO)
    }

    private func say(_ message: String) {
        output.write(message.hasSuffix("\n") ? message : message + "\n")
    }

    // MARK: - meta commands

    private enum Meta {
        case help(String?), env, load(String?), reset, quit
    }

    /// A line naming a known meta command (`:foo` that is not one evaluates as a keyword).
    private func metaCommand(_ line: String) -> Meta? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":") else { return nil }
        let parts = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let name = String(parts[0])
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch name {
        case ":help", ":h", ":?": return .help(arg)
        case ":env": return arg == nil ? .env : nil
        case ":load": return .load(arg)
        case ":reset": return arg == nil ? .reset : nil
        case ":quit", ":q", ":exit": return arg == nil ? .quit : nil
        default: return nil
        }
    }

    /// Runs a meta command; false = leave the REPL.
    private func perform(_ command: Meta) -> Bool {
        switch command {
        case .quit:
            return false
        case .help(nil):
            say(helpText)
        case .help(let name?):
            say(documentation(of: name))
        case .env:
            say(environmentListing())
        case .reset:
            (interp, initialGlobals) = REPLSession.makeInterpreter(rpcURL: rpcURL, output: output, cancel: cancel)
            say("session reset: a fresh interpreter, all definitions forgotten")
        case .load(nil):
            note("usage: :load FILE")
        case .load(let path?):
            load(path)
        }
        return true
    }

    private var helpText: String {
        var lines = ["Meta commands:"]
        for m in REPLSession.metaCommands {
            lines.append("  " + m.usage.padding(toLength: 16, withPad: " ", startingAt: 0) + m.summary)
        }
        let keys: [(String, String)] = [
            ("Enter", "run the input once its brackets are closed (else continue on \"  ... \")"),
            ("Left/Right, Ctrl-B/F", "move by character; Alt-B/F, Ctrl-Left/Right by word"),
            ("Home/End, Ctrl-A/E", "start / end of line"),
            ("Backspace, Del, Ctrl-D", "delete a character"),
            ("Ctrl-K / Ctrl-U / Ctrl-W", "kill to end / to start of line / previous word; Ctrl-Y yanks"),
            ("Up/Down, Ctrl-P/N", "history (or lines of a multi-line entry)"),
            ("Ctrl-R", "search history backwards (Enter runs, Esc cancels)"),
            ("Tab", "complete a name; Tab again lists the candidates"),
            ("Ctrl-L", "clear the screen"),
            ("Ctrl-C", "clear the input; while evaluating: interrupt it (again after 2 s: quit)"),
            ("Ctrl-D", "exit (on an empty line)"),
        ]
        lines.append("Keys:")
        for (k, v) in keys { lines.append("  " + k.padding(toLength: 26, withPad: " ", startingAt: 0) + v) }
        if let path = history.path { lines.append("History: \(path)") }
        return lines.joined(separator: "\n")
    }

    private func documentation(of name: String) -> String {
        if let doc = interp.documentation(for: name), !doc.isEmpty { return doc }
        if REPLSession.specialForms.contains(name) { return "\(name): special form" }
        if let m = REPLSession.metaCommands.first(where: { $0.names.contains(name) }) {
            return "\(m.usage): \(m.summary)"
        }
        if interp.globalValue(name) != nil { return "\(name): no documentation" }
        return "\(name): not defined (no documentation)"
    }

    /// Whether a global still holds what a fresh interpreter gave it.
    private func isInitial(_ name: String, _ value: Value) -> Bool {
        guard let original = initialGlobals[name] else { return false }
        switch (original, value) {
        case (.function(let a), .function(let b)): return a === b
        case (.function, _), (_, .function): return false
        default: return Printer.printForm(original) == Printer.printForm(value)
        }
    }

    private func environmentListing() -> String {
        var lines: [String] = []
        for name in interp.globalNames {
            guard let v = interp.globalValue(name), !isInitial(name, v) else { continue }
            lines.append("\(name) = \(REPLSession.truncated(Printer.printForm(v), to: 70))")
        }
        return lines.isEmpty ? "(no definitions yet)" : lines.joined(separator: "\n")
    }

    /// One line, at most `limit` characters.
    static func truncated(_ s: String, to limit: Int) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: "\\n")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    private func load(_ rawPath: String) {
        var path = rawPath
        if path.count >= 2, let q = path.first, q == "\"" || q == "'", path.last == q {
            path = String(path.dropFirst().dropLast())
        }
        path = (path as NSString).expandingTildeInPath
        guard let source = SourceFile.read(path, json: false) else { return }
        switch Reader.readProgram(source) {
        case .failure(let e): report(e, file: path)
        case .success(let forms): evaluate(forms, file: path)
        }
    }

    // MARK: - completion

    private static let delimiters: Set<Character> = ["(", ")", "[", "]", "{", "}", "\"", "'", "`", ",", ";"]

    private func completion(_ buffer: [Character], _ cursor: Int) -> LineEditor.Completion? {
        let line = String(buffer[..<cursor])
        // :load FILE completes paths.
        if line.hasPrefix(":load ") {
            var start = cursor
            while start > 0 && !buffer[start - 1].isWhitespace { start -= 1 }
            return pathCompletion(String(buffer[start..<cursor]), wordStart: start)
        }
        var start = cursor
        while start > 0 && !buffer[start - 1].isWhitespace && !REPLSession.delimiters.contains(buffer[start - 1]) {
            start -= 1
        }
        let word = String(buffer[start..<cursor])
        if word.isEmpty { return LineEditor.Completion(wordStart: start, candidates: []) }
        if start == 0 && word.hasPrefix(":") {
            let metas = REPLSession.metaCommands.flatMap { $0.names }.filter { $0.count > 2 }
            return LineEditor.Completion(wordStart: start, candidates: metas)
        }
        let names = interp.globalNames + REPLSession.specialForms + REPLSession.literals
        return LineEditor.Completion(wordStart: start, candidates: names)
    }

    private func pathCompletion(_ word: String, wordStart: Int) -> LineEditor.Completion {
        let dirPart: String
        let base: String
        if let slash = word.lastIndex(of: "/") {
            dirPart = String(word[...slash])
            base = String(word[word.index(after: slash)...])
        } else {
            dirPart = ""
            base = word
        }
        let expandedDir = dirPart.isEmpty ? "." : (dirPart as NSString).expandingTildeInPath
        let names = (try? FileManager.default.contentsOfDirectory(atPath: expandedDir)) ?? []
        var candidates: [String] = []
        for n in names where n.hasPrefix(base) && (base.hasPrefix(".") || !n.hasPrefix(".")) {
            var isDir: ObjCBool = false
            let full = (expandedDir as NSString).appendingPathComponent(n)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
            candidates.append(dirPart + n + (isDir.boolValue ? "/" : ""))
        }
        let unique = candidates.count == 1
        return LineEditor.Completion(wordStart: wordStart, candidates: candidates,
                                     appendSpace: unique && !(candidates.first?.hasSuffix("/") ?? false))
    }
}
