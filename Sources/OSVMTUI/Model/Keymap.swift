/// What a key binding does. Tables of `Binding`s drive dispatch, the footer and `?`.
public enum Command: Sendable, Equatable {
    case nextPane, prevPane, focus(PaneID), windowPrefix, palette, help, run, cancel, quit, suspend
    case save, undo, redo, pageUp, pageDown, mark, copy, cut, paste
    case replClear, replComplete, replSearch, replToExplorer, logFollow, logFilter, logClear, explorerBack
    case chatNew, chatSessions, chatSearch
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var label: String
    public var help: String
    public var command: Command
    /// Shown in the footer hint line.
    public var footer: Bool
    /// Only when the focused pane is not taking text (`:` and `?`).
    public var outsideText: Bool

    init(_ keys: [Key], _ label: String, _ help: String, _ command: Command, footer: Bool = false, outsideText: Bool = false) {
        self.keys = keys; self.label = label; self.help = help; self.command = command
        self.footer = footer; self.outsideText = outsideText
    }
}

/// Per-pane keybinding tables plus the global one. Pane tables win over the global table.
public enum Keymap {
    public static let global: [Binding] = [
        Binding([.function(5)], "F5", "run the editor buffer", .run, footer: true),
        Binding([.tab], "Tab", "next pane", .nextPane, footer: true),
        Binding([.backTab], "Shift-Tab", "previous pane", .prevPane),
        Binding((1...9).compactMap { n in Character(String(n)) }.map { Key.alt($0) }, "Alt+1…9", "jump to pane", .focus(.editor), footer: true),
        Binding([.ctrl("w")], "Ctrl-W z", "zoom the focused pane / restore", .windowPrefix, footer: true),
        Binding([.char(":"), .ctrl("p")], ":/Ctrl-P", "command palette", .palette, footer: true, outsideText: false),
        Binding([.char("?"), .function(1)], "?/F1", "help for the focused pane", .help, footer: true),
        Binding([.ctrl("c")], "Ctrl-C", "cancel the running evaluation or request", .cancel),
        Binding([.ctrl("z")], "Ctrl-Z", "suspend (fg resumes; in the editor: undo)", .suspend),
        Binding([.ctrl("q")], "Ctrl-Q", "quit", .quit, footer: true),
    ]

    public static func table(for pane: PaneID) -> [Binding] {
        switch pane {
        case .editor: return [
            Binding([.ctrl("s")], "Ctrl-S", "save (temp file + rename)", .save, footer: true),
            Binding([.ctrl("z")], "Ctrl-Z", "undo", .undo, footer: true),
            Binding([.ctrl("y")], "Ctrl-Y", "redo", .redo),
            Binding([.ctrl(" ")], "Ctrl-Space", "start / clear a selection at the cursor", .mark),
            Binding([.alt("c")], "Alt+c", "copy the selection", .copy),
            Binding([.alt("x")], "Alt+x", "cut the selection", .cut),
            Binding([.alt("v")], "Alt+v", "paste", .paste),
            Binding([.pageUp], "PgUp", "page up", .pageUp),
            Binding([.pageDown], "PgDn", "page down", .pageDown),
        ]
        case .repl: return [
            Binding([.ctrl(" ")], "Ctrl-Space", "complete the name before the cursor", .replComplete, footer: true),
            Binding([.ctrl("r")], "Ctrl-R", "search history for the input (again: older)", .replSearch, footer: true),
            Binding([.ctrl("o")], "Ctrl-O", "show the last result (address/signature) in the explorer", .replToExplorer),
            Binding([.ctrl("l")], "Ctrl-L", "clear the transcript", .replClear),
            Binding([.pageUp], "PgUp", "scroll back", .pageUp),
            Binding([.pageDown], "PgDn", "scroll forward", .pageDown),
        ]
        case .explorer: return []
        case .chat: return [
            Binding([.ctrl("n")], "Ctrl-N", "new chat session", .chatNew, footer: true),
            Binding([.ctrl("o")], "Ctrl-O", "session list (Enter opens, Esc closes)", .chatSessions, footer: true),
            Binding([.ctrl("r")], "Ctrl-R", "search your earlier messages for the input (again: older)", .chatSearch),
            Binding([.pageUp], "PgUp", "scroll back", .pageUp),
            Binding([.pageDown], "PgDn", "scroll forward", .pageDown),
        ]
        case .nodes: return [
            Binding([.pageUp], "PgUp", "previous node", .pageUp),
            Binding([.pageDown], "PgDn", "next node", .pageDown),
        ]
        case .log: return [
            Binding([.char("f")], "f", "follow / pause", .logFollow, footer: true),
            Binding([.char("/")], "/", "filter", .logFilter, footer: true),
            Binding([.char("c")], "c", "clear", .logClear),
            Binding([.pageUp, .up], "↑/PgUp", "scroll back (pauses)", .pageUp),
            Binding([.pageDown, .down], "↓/PgDn", "scroll forward", .pageDown),
        ]
        }
    }

    /// Help lines the table does not express (text keys handled by the pane itself).
    public static func notes(for pane: PaneID) -> [(String, String)] {
        switch pane {
        case .editor: return [("text keys", "edit; brackets match; reader errors are underlined")]
        case .repl: return [("Enter", "evaluate (continues when the form is open)"), ("↑/↓", "history")]
        case .explorer: return [("Enter", "look up an address or signature / open the selected signature"),
                                ("Backspace", "back (when the input is empty)"), ("↑/↓", "select a signature")]
        case .log: return [("End", "follow again")]
        case .chat: return [("Enter", "send (Alt-Enter or Ctrl-J: new line)"),
                            ("↑/↓", "select a tool card (input empty); Enter/Space folds it, Esc unselects"),
                            ("y / n / e", "answer the run_ovsm approval (e edits the script; Enter runs it)"),
                            ("Ctrl-C", "stop the answer")]
        case .nodes: return [("↑/↓", "select a node"), ("alerts", "also written to the Log pane"),
                             (":deploy", "deploy a node (y / n answers the confirmation)"),
                             ("Ctrl-C / Esc", "stop the running deployment / close its checklist")]
        }
    }

    /// The command bound to `key` in `pane`, if any.
    public static func command(for key: Key, pane: PaneID, textInput: Bool) -> Command? {
        for b in table(for: pane) where b.keys.contains(key) { return b.command }
        for b in global where b.keys.contains(key) {
            if case .char = key, textInput { continue }   // `:` and `?` are text there
            if case .alt(let c) = key, let n = c.wholeNumberValue { return PaneID(rawValue: n).map { .focus($0) } }
            return b.command
        }
        return nil
    }

    /// The footer hint: the focused pane's footer bindings, then the global ones.
    public static func footer(for pane: PaneID) -> [(String, String)] {
        (table(for: pane) + global).filter(\.footer).map { ($0.label, short($0.help)) }
    }

    static func short(_ help: String) -> String {
        switch help {
        case "run the editor buffer": return "run"
        case "next pane": return "next pane"
        case "jump to pane": return "jump"
        case "zoom the focused pane / restore": return "zoom"
        case "command palette": return "command"
        case "help for the focused pane": return "help"
        case "save (temp file + rename)": return "save"
        case "complete the name before the cursor": return "complete"
        case "search history for the input (again: older)": return "history search"
        case "new chat session": return "new session"
        case "session list (Enter opens, Esc closes)": return "sessions"
        default: return help
        }
    }
}
