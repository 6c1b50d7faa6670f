import Foundation

/// The `:` command palette: parsing, completion and execution of commands.
enum Palette {
    static let commands: [(name: String, args: String, help: String)] = [
        ("open", "FILE", "open a file in the editor"),
        ("save", "[FILE]", "save the editor buffer"),
        ("run", "", "run the editor buffer"),
        ("eval", "EXPR", "evaluate an expression in the shared session"),
        ("debug", "", "debug the buffer from line 1 (F11)"),
        ("watch", "[EXPR]", "watch EXPR at each pause (alone: list)"),
        ("unwatch", "[N]", "remove watch N (alone: all)"),
        ("balance", "ADDR", "show an account in the explorer"),
        ("account", "ADDR", "show an account in the explorer"),
        ("tx", "SIG", "show a transaction in the explorer"),
        ("rpc", "slot|health|epoch", "ask the cluster"),
        ("cluster", "NAME|URL", "switch cluster (mainnet devnet testnet localnet or a URL)"),
        ("theme", "NAME", "switch theme (dark light high-contrast or Themes/NAME.theme)"),
        ("layout", "NAME", "switch: standard wide full ops"),
        ("chat", "", "focus the chat pane (5)"),
        ("nodes", "", "focus the nodes pane (6)"),
        ("deploy", "TARGET --svm NAME", "deploy a node over SSH (6 Nodes)"),
        ("doctor", "", "osvm doctor's checks, into the Log"),
        ("log", "save FILE", "save the log to a file"),
        ("help", "", "show the help overlay"),
        ("quit", "", "quit"),
    ]

    static func arguments(for command: String) -> [String] {
        switch command {
        case "rpc": return ["slot", "health", "epoch"]
        case "cluster": return ["mainnet", "devnet", "testnet", "localnet"]
        case "theme": return Theme.builtinNames
        case "layout": return Layout.all.map(\.name)
        case "log": return ["save"]
        default: return []
        }
    }

    /// Fills `completions` for the current input.
    static func complete(_ s: inout AppState) {
        guard var p = s.palette else { return }
        let text = p.input.text
        if let space = text.firstIndex(of: " ") {
            let cmd = String(text[..<space])
            let arg = String(text[text.index(after: space)...])
            p.completions = arguments(for: cmd).filter { $0.hasPrefix(arg) }.map { "\(cmd) \($0)" }
        } else {
            p.completions = commands.map(\.name).filter { $0.hasPrefix(text) }
        }
        p.selected = min(p.selected, max(0, p.completions.count - 1))
        s.palette = p
    }

    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        guard var p = s.palette else { return [] }
        switch k {
        case .escape, .ctrl("c"):
            s.palette = nil
            return []
        case .tab:
            if p.selected < p.completions.count {
                let c = p.completions[p.selected]
                p.input = TextBuffer(c + (c.contains(" ") ? "" : " "))
                p.input.moveToEnd()
            }
        case .up: p.selected = max(0, p.selected - 1)
        case .down: p.selected = min(max(0, p.completions.count - 1), p.selected + 1)
        case .enter:
            s.palette = nil
            return execute(&s, p.input.text)
        default:
            _ = p.input.apply(k, multiline: false)
            p.selected = 0
        }
        s.palette = p
        complete(&s)
        return []
    }

    /// Runs one palette line (`open x.ovsm`, `theme light`, …).
    static func execute(_ s: inout AppState, _ line: String) -> [Effect] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first else { return [] }
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "open":
            guard !arg.isEmpty else { s.message = "usage: :open FILE"; return [] }
            if s.editor.modified {
                s.pendingOpen = expand(arg)
                s.message = "unsaved changes in \(EditorView.name(s)) — s save, d discard, c cancel"
                return []
            }
            return [.readFile(expand(arg))]
        case "save", "w": return Update.save(&s, path: arg.isEmpty ? nil : expand(arg))
        case "run": return Update.runEditor(&s)
        case "eval":
            guard !arg.isEmpty else { s.message = "usage: :eval EXPR"; return [] }
            if s.repl.busy { s.message = "an evaluation is running (Ctrl-C cancels)"; return [] }
            s.repl.add(.input, "ovsm> " + arg)
            s.repl.busy = true
            return Update.beforeEvaluation(s) + [.evaluate(arg, .palette), .startTicking]
        case "balance", "account", "tx":
            guard let q = ExplorerQuery.detect(arg) else { s.message = "not an address or a signature: \(arg)"; return [] }
            s.focus = .explorer
            return PaneKeys.lookup(&s.explorer, q)
        case "debug", "watch", "unwatch": return DebugKeys.palette(&s, name, arg)
        case "doctor":
            s.message = "doctor: checking…"
            return [.runDoctor]
        case "rpc":
            guard ["slot", "health", "epoch"].contains(arg) else { s.message = "usage: :rpc slot|health|epoch"; return [] }
            return [.rpcQuery(arg)]
        case "cluster":
            guard !arg.isEmpty else { s.message = "usage: :cluster NAME|URL"; return [] }
            return [.setCluster(arg)]
        case "theme":
            guard !arg.isEmpty else { s.message = "usage: :theme NAME"; return [] }
            return [.loadTheme(arg)]
        case "layout":
            guard let l = Layout.all.first(where: { $0.name == arg }) else { s.message = "unknown layout \(arg)"; return [] }
            s.layout = l
            s.layoutAuto = false
            if !l.order.contains(s.focus) { s.focus = l.order.first ?? s.focus }
            return []
        case "log":
            let words = arg.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2, words[0] == "save" else { s.message = "usage: :log save FILE"; return [] }
            let text = s.log.lines.all.map { "\($0.time) \($0.level.rawValue) \($0.text)" }.joined(separator: "\n") + "\n"
            return [.saveLog(path: expand(words[1]), text: text)]
        case "chat": return Update.command(&s, .focus(.chat))
        case "nodes": return Update.command(&s, .focus(.nodes))
        case "deploy": return DeployKeys.palette(&s, arg)
        case "help": s.showHelp = true; return []
        case "quit", "q": return Update.command(&s, .quit)
        default:
            s.message = "unknown command :\(name)"
            return []
        }
    }

    static func expand(_ path: String) -> String { (path as NSString).expandingTildeInPath }
}
