import OSVMHost
import OVSMKit

/// REPL helpers behind key bindings: name completion, history search, result → explorer.
enum ReplCommands {
    /// Tab (and Ctrl-Space) completes the name before the cursor like the line REPL
    /// (`REPLCompletion`: the session's globals, the special forms, the literals): one
    /// match is completed with a space after it; several are completed to their common
    /// prefix, and when that adds nothing they are listed in the footer. With no name
    /// before the cursor, Tab indents by two spaces.
    static func complete(_ s: inout AppState) {
        let line = s.repl.input.currentLine
        let col = s.repl.input.col
        let start = REPLCompletion.wordStart(line, cursor: col)
        let word = String(line[start..<col])
        if word.isEmpty { s.repl.input.insert("  "); return }
        let matches = REPLCompletion.candidates(for: word, globals: s.globalNames)
        guard !matches.isEmpty else { s.message = "no completion for \(word)"; return }
        if matches.count == 1 {
            let next: Character? = col < line.count ? line[col] : nil
            let space = next == nil || !(next!.isWhitespace || next == ")")
            s.repl.input.insert(String(matches[0].dropFirst(word.count)) + (space ? " " : ""))
            return
        }
        let common = REPLCompletion.commonPrefix(matches)
        if common.count > word.count { s.repl.input.insert(String(common.dropFirst(word.count))); return }
        s.message = "\(matches.count) completions: " + matches.prefix(12).joined(separator: "  ") + (matches.count > 12 ? "  …" : "")
    }

    /// Shows history entry `i` whole: its lines but the last become the pending lines
    /// (after those typed before history was entered), the last one the input line, so
    /// a multi-line form comes back as it was entered and Enter evaluates all of it.
    /// nil: back to the lines typed before.
    static func recall(_ s: inout AppState, _ i: Int?) {
        if s.repl.historyIndex == nil { s.repl.historyBase = s.repl.pending }
        let base = s.repl.historyBase ?? []
        s.repl.historyIndex = i
        var lines = i.map { s.repl.history[$0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? [""]
        let last = lines.removeLast()
        s.repl.pending = base + lines
        var scan = FormAccumulator(maxDepth: Reader.maxNesting)
        for l in s.repl.pending { _ = scan.append(l) }
        s.repl.pendingScan = scan
        s.repl.input = TextBuffer(last)
        s.repl.input.moveToEnd()
        if i == nil { s.repl.historyBase = nil }
    }

    /// Ctrl-R: the newest history entry (older than the one shown) containing the query.
    static func search(_ s: inout AppState) {
        let query = s.repl.searchQuery ?? s.repl.input.text
        s.repl.searchQuery = query
        let h = s.repl.history
        var i = (s.repl.historyIndex ?? h.count) - 1
        while i >= 0 {
            if h[i].contains(query) {
                recall(&s, i)
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
