/// A bracketed paste into the focused text target (pure, part of `Update`). The text comes
/// whole, so it is one edit, never a key per character:
/// - editor: one undo group (replacing the selection, if any), any number of lines;
/// - REPL: a multi-line form: the lines before the last join the pending lines, the last
///   stays in the input (nothing is evaluated until Enter, so a paste never runs code);
/// - chat: into the multi-line input (or the script being edited for approval);
/// - palette, explorer query, log filter: one-line inputs take the first line;
/// - navigation mode in a text pane: the paste switches to typing, as `i` would;
///   Log and Nodes take no text: the paste is dropped with a message;
/// - an open question (quit, recovery, open over changes, chat approval or session list):
///   the paste is dropped with a message, the question stays.
enum PasteInput {
    static func paste(_ s: inout AppState, _ text: String) -> [Effect] {
        guard !text.isEmpty else { return [] }
        let size = BracketedPaste.megabytes(text.utf8.count)
        if s.confirmQuit || !s.recoveryOffers.isEmpty || s.pendingOpen != nil
            || s.focus == .chat && (s.chat.approval != nil && !s.chat.editingApproval || s.chat.sessionList != nil) {
            s.log.append([LogLine(time: "", level: .warn, text: "paste of \(size) dropped: a question is open (answer it, then paste again)")])
            return []
        }
        if s.palette != nil {
            s.palette?.input.insert(firstLine(text))
            Palette.complete(&s)
            return []
        }
        if s.showHelp { s.showHelp = false; s.helpScroll = 0 }
        if s.focus == .log, s.log.filterInput != nil {
            s.log.filterInput?.insert(firstLine(text))
            return []
        }
        guard s.focus.takesText else {
            s.message = "\(s.focus.title) takes no text — paste dropped (focus the editor, REPL, explorer or chat)"
            return []
        }
        s.navigating = false
        s.repl.searchQuery = nil; s.chat.search = nil
        s.message = nil
        switch s.focus {
        case .editor:
            s.editor.paste(text)
            s.editor.scroll(height: PaneKeys.paneHeight(s, .editor))
            let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            if lines > 1 { s.message = "pasted \(lines) lines (\(size)) — Ctrl-Z undoes it" }
            return Update.recovery(s)
        case .repl:
            repl(&s, text)
        case .explorer:
            s.explorer.input.insert(firstLine(text))
            if text.contains("\n") { s.message = "the explorer takes one line: pasted the first" }
        case .chat:
            s.chat.input.insert(text)
        case .log, .nodes:
            break
        }
        return []
    }

    static func refused(_ s: inout AppState, bytes: Int) -> [Effect] {
        let m = "paste of \(BracketedPaste.megabytes(bytes)) refused: larger than \(BracketedPaste.defaultLimit / 1_000_000) MB — save it to a file and :open it"
        s.message = m
        s.log.append([LogLine(time: "", level: .error, text: m)])
        return []
    }

    static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" })
    }

    /// The REPL input around the cursor becomes `head + pasted lines + tail`; every line but
    /// the last goes to the pending form, as if typed with Enter between them (but the form
    /// is not submitted, even when complete).
    static func repl(_ s: inout AppState, _ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 1 else { s.repl.input.insert(text); return }
        let input = s.repl.input
        let current = input.line(input.row)
        let head = String(current.prefix(input.col))
        let tail = String(current.dropFirst(input.col))
        lines[0] = head + lines[0]
        let last = lines.removeLast()
        var scan = s.repl.pendingScan
        for l in lines { _ = scan.append(l) }
        s.repl.pending += lines
        s.repl.pendingScan = scan
        s.repl.input = TextBuffer(last + tail)
        s.repl.input.col = last.count
        s.repl.historyIndex = nil; s.repl.historyBase = nil
    }
}
