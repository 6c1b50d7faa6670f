/// Navigation mode, as in k9s and lazygit: Esc leaves text input, and then printable keys
/// are commands (`?` help, `:` palette, `/` filter, `q` quit, `1`–`6` jump, `j`/`k` move,
/// Enter drills in, Esc backs out). Log and Nodes take no text, so they are always in it.
/// The tables below are the only source of these keys: dispatch, the footer and the help
/// overlay all read them.
extension Keymap {
    /// The keys of navigation mode (looked up before the pane's and the global tables).
    public static let navigation: [Binding] = [
        Binding([.char("?")], "?", "help (j/k scroll it, any other key closes)", .help, footer: true, short: "help"),
        Binding([.char(":")], ":", "command palette", .palette, footer: true, short: "command"),
        Binding([.char("/")], "/", "filter the pane (Log)", .filter, footer: true, short: "filter"),
        Binding([.char("q")], "q", "quit (asks over unsaved changes)", .quit, footer: true, short: "quit"),
        Binding(PaneID.allCases.compactMap { Character(String($0.rawValue)) }.map { Key.char($0) }, "1…6", "jump to pane", .focus(.editor), footer: true, short: "jump"),
        Binding([.char("j"), .down], "j/↓", "move down (select, scroll)", .moveDown, short: "down"),
        Binding([.char("k"), .up], "k/↑", "move up (select, scroll)", .moveUp, short: "up"),
        Binding([.char("l"), .tab], "l/Tab", "next pane", .nextPane),
        Binding([.char("h"), .backTab], "h/Shift-Tab", "previous pane", .prevPane),
        Binding([.enter], "Enter", "open the selection; in a text pane: type again", .drill, footer: true, short: "open"),
        Binding([.escape], "Esc", "back out: unzoom, explorer back, clear the Log filter", .back),
        Binding([.char("i")], "i", "type again; any other letter does too (and is typed)", .insert, footer: true, short: "insert"),
    ]

    /// The keys of insert mode (text input) beyond the pane tables.
    public static let typing: [Binding] = [
        Binding([.escape], "Esc", "navigation mode: keys become commands", .navigate, footer: true, short: "nav"),
    ]

    /// The navigation-mode command bound to `key` (`1`…`6` name their pane).
    public static func navigationCommand(for key: Key) -> Command? {
        guard let b = navigation.first(where: { $0.keys.contains(key) }) else { return nil }
        if case .char(let c) = key, let n = c.wholeNumberValue { return PaneID(rawValue: n).map { .focus($0) } }
        return b.command
    }
}

extension AppState {
    /// Printable keys are commands: Esc was pressed in a text pane, or the pane takes no text.
    public var inNavigation: Bool { navigating || !focus.takesText }
}

/// What the navigation verbs do in each pane (pure, part of `Update`).
enum NavigationKeys {
    /// Keys in navigation mode. nil: not a navigation key; the usual dispatch takes it
    /// (an editing key in a text pane first returns to insert mode, so it is not lost).
    static func key(_ s: inout AppState, _ k: Key) -> [Effect]? {
        if s.focus == .nodes, s.nodes.deployment?.phase == .confirming, case .char = k {
            return DeployKeys.key(&s, k)      // y / n answer the deployment's question first
        }
        if let cmd = Keymap.navigationCommand(for: k) { return Update.command(&s, cmd) }
        switch k {
        case .char, .backspace, .delete:
            // A letter of the pane's own table (Explorer `y`, `r`) stays a command.
            if s.focus.takesText, Keymap.command(for: k, pane: s.focus, textInput: false) == nil { s.navigating = false }
        default: break
        }
        return nil
    }

    /// Esc while typing: the pane's own use of it first (a selection, a selected card).
    static func escapeTyping(_ s: inout AppState) -> [Effect] {
        if s.focus == .editor, s.editor.mark != nil { s.editor.mark = nil; return [] }
        if s.focus == .chat, s.chat.selectedCard != nil { s.chat.selectedCard = nil; return [] }
        s.navigating = true
        return []
    }

    static func move(_ s: inout AppState, up: Bool) -> [Effect] {
        if s.focus == .repl {                 // ↑/↓ are history while typing; here they scroll
            s.repl.scrollBack = max(0, min(s.repl.transcript.count, s.repl.scrollBack + (up ? 1 : -1)))
            return []
        }
        return Update.dispatch(&s, up ? .up : .down)
    }

    static func drill(_ s: inout AppState) -> [Effect] {
        switch s.focus {
        case .explorer: return PaneKeys.explorer(&s, .enter)
        case .chat where s.chat.selectedCard != nil: return ChatKeys.key(&s, .enter)
        case .editor, .repl, .chat: s.navigating = false
        case .log, .nodes: break
        }
        return []
    }

    static func back(_ s: inout AppState) -> [Effect] {
        if s.focus == .nodes, let fx = DeployKeys.key(&s, .escape) { return fx }
        if s.zoomed { s.zoomed = false; return [] }
        switch s.focus {
        case .explorer:
            s.explorer.pop()
        case .chat: s.chat.selectedCard = nil
        case .log where !s.log.filter.isEmpty: s.log.setFilter(""); s.message = "filter cleared"
        default: break
        }
        return []
    }

    static func filter(_ s: inout AppState) -> [Effect] {
        guard s.focus == .log else { s.message = "no filter in \(s.focus.title) (the Log pane has one: 4 then /)"; return [] }
        return Update.command(&s, .logFilter)
    }

    static func insert(_ s: inout AppState) {
        if s.focus.takesText { s.navigating = false } else { s.message = "\(s.focus.title) takes no text" }
    }
}
