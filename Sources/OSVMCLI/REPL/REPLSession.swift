import Chain
import Dispatch
import Foundation
import OSVMHost
import OSVMSettings
import OVSMKit

/// `osvm ovsm repl`: a terminal shell over the shared runtime — one `ScriptSession` for
/// the whole session (evaluation on a large stack, the Ctrl-C cycle, RPC that Ctrl-C
/// abandons), `REPLReader` for complete forms (continuation prompt while brackets are open),
/// `REPLCompletion` and the shared `History`. On a terminal it edits lines in raw mode; with
/// piped input it reads plain lines and prints only results and errors.
final class REPLSession {
    static let version = OSVMVersion.release
    static let prompt = "ovsm> "
    static let continuationPrompt = "  ... "

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

    let interactive: Bool
    let history: History
    /// Script output and the REPL's own lines, tracking whether a line was left open.
    let output = StreamingOutput { REPLTerminal.write($0) }
    let session: ScriptSession
    private var interrupts: InterruptWatcher?

    /// `rpcURL`: the resolved endpoint (validated by the command); nil = offline.
    init(interactive: Bool, rpcURL: String?, historyPath: String?) {
        self.interactive = interactive
        self.history = History(path: interactive ? historyPath : nil)
        session = ScriptSession(options: .init(rpc: rpcURL.map { .endpoint($0) } ?? .offline), output: output.sink)
    }

    // MARK: - the loop

    /// Runs the session; returns the exit status.
    func run() -> Int32 {
        installInterruptHandler()
        defer { interrupts?.stop() }
        if interactive {
            REPLTerminal.write("OVSM \(REPLSession.version) — :help for help, Ctrl-D to exit\n")
        }
        var reportedProblem: String?
        let editor = LineEditor(history: history)
        editor.continuationPrompt = REPLSession.continuationPrompt
        editor.complete = { [unowned self] buffer, cursor in self.completion(buffer, cursor) }
        let session = self.session
        // A Ctrl-C posted to the editor before Enter counted abandons the line.
        editor.onAccept = { session.submit(unlessAbandoned: { REPLTerminal.takePostedInterrupt() }) }

        var reader = REPLReader()
        while true {
            let line: String
            if interactive {
                if history.problem != reportedProblem, let p = history.problem { note("warning: \(p)") }
                reportedProblem = history.problem
                let outcome = editor.readLine(prompt: reader.isEmpty ? REPLSession.prompt : REPLSession.continuationPrompt)
                switch outcome {
                case .line(let l):
                    line = l
                case .interrupted:
                    session.settle()         // a line accepted and then abandoned (see LineEditor.abandon)
                    reader.reset()
                    continue
                case .endOfInput:
                    if reader.isEmpty { return 0 }
                    finish(&reader)          // Ctrl-D inside an open form: report it, start over
                    continue
                }
            } else {
                guard let l = readLine(strippingNewline: true) else {
                    finish(&reader)
                    return 0
                }
                line = l
                session.submit()
            }
            defer {
                // A Ctrl-C after Enter on a line that started nothing: as if typed at the prompt.
                if session.settle() {
                    reader.reset()
                    if interactive { output.emit("^C\n") }
                }
            }

            if reader.isEmpty, let command = metaCommand(line) {
                history.add(line)
                if !perform(command) { return 0 }
                continue
            }
            switch reader.feed(line) {
            case .needMore:
                continue
            case .error(let e, let text):
                history.add(text)
                report(e, file: nil)
            case .forms(let forms, let text):
                history.add(text)
                if !forms.isEmpty { evaluate(forms, file: nil) }
            }
        }
    }

    /// Input ended inside an open form: report where it was left open.
    private func finish(_ reader: inout REPLReader) {
        guard let (error, text) = reader.finish() else { return }
        history.add(text)
        if let error { report(error, file: nil) }
    }

    /// Session-long SIGINT handling: cancels a running evaluation. Between evaluations a
    /// terminal session posts it to the line editor (at the prompt Ctrl-C is a key); with
    /// piped input it ends the process like an ordinary Ctrl-C.
    private func installInterruptHandler() {
        if interactive { REPLTerminal.enableInterruptKey() }
        let interactive = self.interactive
        interrupts = InterruptWatcher(
            session: session,
            atPrompt: { if interactive { REPLTerminal.postInterrupt() } else { exit(130) } },
            forceQuit: { REPLTerminal.restore() })
    }

    // MARK: - evaluation

    private func evaluate(_ forms: [Datum], file: String?) {
        let outcome = session.evaluate(forms: forms)
        guard outcome.started else {
            // Ctrl-C between Enter and the start: the evaluation never ran.
            note(interactive && !output.finishLine() ? "\ninterrupted" : "interrupted")
            return
        }
        let brokeLine = output.finishLine()
        if let e = outcome.error {
            if outcome.interrupted {
                // On a terminal the echoed "^C" ends the output line.
                note(interactive && !brokeLine ? "\ninterrupted" : "interrupted")
            } else {
                report(e, file: file)
            }
        } else if let value = outcome.value {
            output.emit(value + "\n")
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
        output.emit(message.hasSuffix("\n") ? message : message + "\n")
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
            session.reset()
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
        if let doc = session.documentation(for: name), !doc.isEmpty { return doc }
        if REPLCompletion.specialForms.contains(name) { return "\(name): special form" }
        if let m = REPLSession.metaCommands.first(where: { $0.names.contains(name) }) {
            return "\(m.usage): \(m.summary)"
        }
        if session.globalNames.contains(name) { return "\(name): no documentation" }
        return "\(name): not defined (no documentation)"
    }

    private func environmentListing() -> String {
        let defs = session.definitions(width: 70)
        return defs.isEmpty ? "(no definitions yet)" : defs.map { "\($0.name) = \($0.value)" }.joined(separator: "\n")
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

    private func completion(_ buffer: [Character], _ cursor: Int) -> LineEditor.Completion? {
        let line = String(buffer[..<cursor])
        // :load FILE completes paths.
        if line.hasPrefix(":load ") {
            var start = cursor
            while start > 0 && !buffer[start - 1].isWhitespace { start -= 1 }
            return pathCompletion(String(buffer[start..<cursor]), wordStart: start)
        }
        let start = REPLCompletion.wordStart(buffer, cursor: cursor)
        let word = String(buffer[start..<cursor])
        if word.isEmpty { return LineEditor.Completion(wordStart: start, candidates: []) }
        if start == 0 && word.hasPrefix(":") {
            let metas = REPLSession.metaCommands.flatMap { $0.names }.filter { $0.count > 2 }
            return LineEditor.Completion(wordStart: start, candidates: metas)
        }
        return LineEditor.Completion(wordStart: start, candidates: REPLCompletion.names(globals: session.globalNames))
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
