/// REPL helpers behind key bindings: name completion, history search, result → explorer.
enum ReplCommands {
    static let delimiters: Set<Character> = [" ", "(", ")", "[", "]", "{", "}", "'", "`", ",", "\""]

    /// Completes the symbol before the cursor from the session's global names (the
    /// common prefix when several match; the candidates are listed in the transcript).
    static func complete(_ s: inout AppState) {
        let line = s.repl.input.currentLine
        var start = s.repl.input.col
        while start > 0, !delimiters.contains(line[start - 1]) { start -= 1 }
        let prefix = String(line[start..<s.repl.input.col])
        guard !prefix.isEmpty else { return }
        let candidates = s.globalNames.filter { $0.hasPrefix(prefix) }
        guard let first = candidates.first else { s.message = "no completion for \(prefix)"; return }
        var common = first
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        s.repl.input.insert(String(common.dropFirst(prefix.count)))
        if candidates.count > 1 { s.message = candidates.prefix(12).joined(separator: "  ") + (candidates.count > 12 ? "  …" : "") }
    }

    /// Ctrl-R: the newest history entry (older than the one shown) containing the query.
    static func search(_ s: inout AppState) {
        let query = s.repl.searchQuery ?? s.repl.input.text
        s.repl.searchQuery = query
        let h = s.repl.history
        var i = (s.repl.historyIndex ?? h.count) - 1
        while i >= 0 {
            if h[i].contains(query) {
                s.repl.historyIndex = i
                s.repl.input = TextBuffer(h[i])
                s.repl.input.moveToEnd()
                s.message = "history search: \(query)"
                return
            }
            i -= 1
        }
        s.message = "no older history entry contains \(query)"
    }

    static func toExplorer(_ s: inout AppState) -> [Effect] {
        guard let last = s.repl.transcript.last(where: { $0.kind == .result }) else { s.message = "no result yet"; return [] }
        var text = last.text
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        guard let q = ExplorerQuery.detect(text) else { s.message = "the last result is not an address or a signature"; return [] }
        s.focus = .explorer
        return PaneKeys.lookup(&s.explorer, q)
    }
}
