/// What a key binding does. Tables of `Binding`s drive dispatch, the footer and `?`.
public enum Command: Sendable, Equatable {
    case nextPane, prevPane, focus(PaneID), windowPrefix, palette, help, run, cancel, quit, suspend
    case save, undo, redo, pageUp, pageDown, mark, copy, cut, paste
    case replClear, replComplete, replSearch, replToExplorer, replExpand, logFollow, logFilter, logClear, explorerBack
    case explorerCopy, explorerRefresh
    case chatNew, chatSessions, chatSearch
    /// Navigation mode (`navigating`): enter it, leave it, and its pane-neutral verbs.
    case navigate, insert, filter, moveUp, moveDown, drill, back
    /// The debugger (`Keymap.debugging`, `DebugKeys`).
    case toggleBreakpoint, stepOver, stepIn, stepOut, debugStop
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
    /// The footer's word for it (the help text when nil).
    public var short: String?

    init(_ keys: [Key], _ label: String, _ help: String, _ command: Command, footer: Bool = false,
         outsideText: Bool = false, short: String? = nil) {
        self.keys = keys; self.label = label; self.help = help; self.command = command
        self.footer = footer; self.outsideText = outsideText; self.short = short
    }
}

/// Per-pane keybinding tables plus the global one. Pane tables win over the global table.
public enum Keymap {
    public static let global: [Binding] = [
        Binding([.function(5)], "F5", "run the buffer (F9 breakpoints: debug run)", .run, footer: true, short: "run"),
        Binding([.tab], "Tab", "next pane", .nextPane, footer: true),
        Binding([.backTab], "Shift-Tab", "previous pane", .prevPane),
        Binding((1...9).compactMap { n in Character(String(n)) }.map { Key.alt($0) }, "Alt+1…9", "jump to pane", .focus(.editor), footer: true, short: "jump"),
        Binding([.ctrl("w")], "Ctrl-W z", "zoom the focused pane / restore", .windowPrefix, footer: true, short: "zoom"),
        Binding([.char(":"), .ctrl("p")], ":/Ctrl-P", "command palette", .palette, footer: true, outsideText: false, short: "command"),
        Binding([.char("?"), .function(1)], "?/F1", "help for the focused pane", .help, footer: true, short: "help"),
        Binding([.ctrl("c")], "Ctrl-C", "cancel the running evaluation or request", .cancel),
        Binding([.ctrl("z")], "Ctrl-Z", "suspend (fg resumes; in the editor: undo)", .suspend),
        Binding([.ctrl("q")], "Ctrl-Q", "quit", .quit, footer: true),
    ]

    public static func table(for pane: PaneID) -> [Binding] {
        switch pane {
        case .editor: return [
            Binding([.ctrl("s")], "Ctrl-S", "save (temp file + rename)", .save, footer: true, short: "save"),
            Binding([.ctrl("z")], "Ctrl-Z", "undo", .undo, footer: true),
            Binding([.function(9)], "F9", "toggle a breakpoint on the cursor line", .toggleBreakpoint, footer: true, short: "breakpoint"),
            Binding([.ctrl("y")], "Ctrl-Y", "redo", .redo),
            Binding([.ctrl(" ")], "Ctrl-Space", "start / clear a selection at the cursor", .mark),
            Binding([.alt("c")], "Alt+c", "copy the selection", .copy),
            Binding([.alt("x")], "Alt+x", "cut the selection", .cut),
            Binding([.alt("v")], "Alt+v", "paste", .paste),
            Binding([.pageUp], "PgUp", "page up", .pageUp),
            Binding([.pageDown], "PgDn", "page down", .pageDown),
        ]
        case .repl: return [
            Binding([.tab, .ctrl(" ")], "Tab/Ctrl-Space", "complete the name before the cursor (common prefix; again: list)", .replComplete, footer: true, short: "complete"),
            Binding([.ctrl("r")], "Ctrl-R", "search history for the input (again: older)", .replSearch, footer: true, short: "history search"),
            Binding([.ctrl("o")], "Ctrl-O", "show the last result (address/signature) in the explorer", .replToExplorer),
            Binding([.ctrl("l")], "Ctrl-L", "clear the transcript", .replClear),
            Binding([.alt("e")], "Alt+e", "expand / fold long values (folded after 12 rows)", .replExpand),
            Binding([.pageUp], "PgUp", "scroll back", .pageUp),
            Binding([.pageDown], "PgDn", "scroll forward", .pageDown),
        ]
        // Letters act in navigation mode (Esc first): while typing they are the query.
        case .explorer: return [
            Binding([.char("y")], "y", "copy the selected full id (terminal clipboard, OSC 52; Alt+v pastes it)", .explorerCopy, footer: true, short: "copy id"),
            Binding([.char("r")], "r", "refresh the view from the cluster", .explorerRefresh, footer: true, short: "refresh"),
            Binding([.pageUp], "PgUp", "selection a page up", .pageUp),
            Binding([.pageDown], "PgDn", "selection a page down", .pageDown),
        ]
        case .chat: return [
            Binding([.ctrl("n")], "Ctrl-N", "new chat session", .chatNew, footer: true, short: "new session"),
            Binding([.ctrl("o")], "Ctrl-O", "session list (Enter opens, Esc closes)", .chatSessions, footer: true, short: "sessions"),
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
        case .explorer: return [("Enter", "look up an address or signature / open the selected item: a signature, an account or program of a transaction, load more"),
                                ("Esc / Backspace", "back to the previous view, its selection kept (Backspace: when the input is empty)"),
                                ("↑/↓ j/k", "select (the selected row shows its full id)")]
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

    /// The debugger's keys, in every pane (docs/DEBUGGER.md). F5 is the global run key; it
    /// is listed here for its meaning while paused. Terminals that do not send Shift-F11
    /// (ESC[23;2~) or Shift-F5 (ESC[15;2~) have F12 and Ctrl-C.
    public static let debugging: [Binding] = [
        Binding([.function(5)], "F5", "continue (when paused)", .run, footer: true, short: "continue"),
        Binding([.function(10)], "F10", "step over: the next line of this function", .stepOver, footer: true, short: "over"),
        Binding([.function(11)], "F11", "step into (no run yet: debug from line 1)", .stepIn, footer: true, short: "into"),
        Binding([.function(23), .function(12)], "Shift-F11/F12", "step out: run until this function returns", .stepOut, footer: true, short: "out"),
        Binding([.function(17)], "Shift-F5", "stop the debug run (Ctrl-C too)", .debugStop, footer: true, short: "stop"),
    ]

    /// The command bound to `key` in `pane`, if any.
    public static func command(for key: Key, pane: PaneID, textInput: Bool) -> Command? {
        for b in table(for: pane) where b.keys.contains(key) {
            if case .char = key, textInput { continue }   // a letter is text while typing
            return b.command
        }
        for b in debugging where b.keys.contains(key) { return b.command }
        for b in global where b.keys.contains(key) {
            if case .char = key, textInput { continue }   // `:` and `?` are text there
            if case .alt(let c) = key, let n = c.wholeNumberValue { return PaneID(rawValue: n).map { .focus($0) } }
            return b.command
        }
        return nil
    }

    /// The footer hint. Typing: the focused pane's footer bindings, Esc, then the global
    /// ones. Navigating: the navigation table's, then the pane's (its one-letter keys).
    /// While a debug run is on (`debugging`), the debugger's keys come first.
    public static func footer(for pane: PaneID, navigating: Bool = false, debugging: Bool = false) -> [(String, String)] {
        var rows: [Binding]
        if navigating {
            let letters = table(for: pane).filter { $0.keys.allSatisfy { if case .char = $0 { true } else { false } } }
            let verbs = navigation.filter { pane.takesText || ($0.command != .insert && $0.command != .drill) }
            rows = letters + verbs
        } else {
            // While typing, a text pane's letter keys are text: not hinted.
            let own = table(for: pane).filter { b in !pane.takesText || !b.keys.allSatisfy { if case .char = $0 { true } else { false } } }
            rows = own + typing + global
        }
        if debugging { rows = Self.debugging + rows }
        // A row whose keys an earlier row took (Tab completes in the REPL) is not shown.
        var taken = Set<Key>()
        var out: [(String, String)] = []
        for b in rows {
            let free = b.keys.contains { !taken.contains($0) }
            taken.formUnion(b.keys)
            if b.footer && free { out.append((b.label, b.short ?? b.help)) }
        }
        return out
    }
}
