import OSVMHost
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small emacs-style line editor over a raw terminal (in the spirit of linenoise):
/// cursor and word motion, kill/yank, history with reverse search, Tab completion, and
/// entries that span several lines (recalled from history). UTF-8 throughout: the buffer is
/// a list of grapheme clusters and the screen layout uses their display width.
final class LineEditor {
    enum Outcome: Equatable {
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or end of input.
        case endOfInput
    }

    /// What Tab completes: the candidates for the text before the cursor, and where the
    /// completed word starts. `appendSpace`: add a space after a unique completion.
    struct Completion {
        var wordStart: Int
        var candidates: [String]
        var appendSpace = true
    }

    let history: History
    /// Prompt shown on the second and later lines of a multi-line buffer.
    var continuationPrompt = "  ... "
    var complete: (_ buffer: [Character], _ cursor: Int) -> Completion? = { _, _ in nil }
    /// Called when Enter accepts the line, before it is echoed: from then on a Ctrl-C
    /// belongs to the evaluation the line may start, not to the editor. Returns true when a
    /// Ctrl-C came first (it was posted to the editor and not read yet): the line is dropped.
    var onAccept: () -> Bool = { false }

    private var buf: [Character] = []
    private var pos = 0
    private var prompt = ""
    private var cursorRow = 0
    private var killed: [Character] = []
    private var historyIndex = 0
    private var scratch: [Character] = []
    private var lastKeyWasTab = false
    /// The screen no longer shows the buffer. Redrawing waits until no input is pending,
    /// so a paste of n characters redraws a few times, not n times (O(n), not O(n²)).
    private var needsRedraw = false

    init(history: History) {
        self.history = history
    }

    // MARK: - keys

    private enum Key: Equatable {
        case char(Character)
        case enter, tab, backspace, delete, escape
        case left, right, up, down, home, end, wordLeft, wordRight, deleteWordBack, deleteWordForward
        case control(UInt8)    // the letter: 0x01 = Ctrl-A …
        case unknown
        case eof
    }

    private func readKey() -> Key {
        if needsRedraw && !REPLTerminal.inputPending() { redraw() }
        guard let b = REPLTerminal.readByte() else { return .eof }
        switch b {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x1B: return readEscape()
        case 0x00..<0x20: return .control(b)
        case 0x20..<0x80: return .char(Character(Unicode.Scalar(b)))
        default: return readUTF8(lead: b)
        }
    }

    private func readEscape() -> Key {
        guard let b = REPLTerminal.readByte(timeoutMillis: 40) else { return .escape }
        switch b {
        case UInt8(ascii: "["):
            var params = ""
            while let c = REPLTerminal.readByte(timeoutMillis: 40) {
                if (0x40...0x7E).contains(c) {
                    switch (params, Character(Unicode.Scalar(c))) {
                    case ("", "A"): return .up
                    case ("", "B"): return .down
                    case ("", "C"): return .right
                    case ("", "D"): return .left
                    case ("", "H"): return .home
                    case ("", "F"): return .end
                    case (let p, "C") where p.hasSuffix(";5") || p.hasSuffix(";3"): return .wordRight
                    case (let p, "D") where p.hasSuffix(";5") || p.hasSuffix(";3"): return .wordLeft
                    case ("1", "~"), ("7", "~"): return .home
                    case ("4", "~"), ("8", "~"): return .end
                    case ("3", "~"): return .delete
                    default: return .unknown
                    }
                }
                params.unicodeScalars.append(Unicode.Scalar(c))
                if params.count > 16 { return .unknown }
            }
            return .unknown
        case UInt8(ascii: "O"):
            switch REPLTerminal.readByte(timeoutMillis: 40) {
            case UInt8(ascii: "A"): return .up
            case UInt8(ascii: "B"): return .down
            case UInt8(ascii: "C"): return .right
            case UInt8(ascii: "D"): return .left
            case UInt8(ascii: "H"): return .home
            case UInt8(ascii: "F"): return .end
            default: return .unknown
            }
        case UInt8(ascii: "b"), UInt8(ascii: "B"): return .wordLeft
        case UInt8(ascii: "f"), UInt8(ascii: "F"): return .wordRight
        case UInt8(ascii: "d"), UInt8(ascii: "D"): return .deleteWordForward
        case 0x7F, 0x08: return .deleteWordBack
        default: return .unknown
        }
    }

    private func readUTF8(lead: UInt8) -> Key {
        let count: Int
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0...0xEF: count = 2
        case 0xF0...0xF4: count = 3
        default: return .unknown
        }
        var bytes = [lead]
        for _ in 0..<count {
            guard let b = REPLTerminal.readByte(timeoutMillis: 100), b & 0xC0 == 0x80 else { return .unknown }
            bytes.append(b)
        }
        let s = String(decoding: bytes, as: UTF8.self)
        guard let ch = s.first, s.unicodeScalars.first?.value != 0xFFFD else { return .unknown }
        return .char(ch)
    }

    // MARK: - reading a line

    /// Edits one line in raw mode. Falls back to plain reading when raw mode is unavailable.
    func readLine(prompt: String, initial: String = "") -> Outcome {
        guard REPLTerminal.enableRaw() else { return plainRead(prompt: prompt) }
        defer { REPLTerminal.restore() }
        self.prompt = prompt
        buf = Array(initial)
        pos = buf.count
        cursorRow = 0
        historyIndex = history.entries.count
        scratch = []
        lastKeyWasTab = false
        refresh()
        while true {
            var key = readKey()
            if key == .control(0x12) {          // Ctrl-R
                guard let next = reverseSearch() else { continue }
                key = next
            }
            if let outcome = handle(key) { return outcome }
        }
    }

    private func plainRead(prompt: String) -> Outcome {
        REPLTerminal.write(prompt)
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    /// Applies one key; returns an outcome when the line is finished.
    private func handle(_ key: Key) -> Outcome? {
        let wasTab = lastKeyWasTab
        lastKeyWasTab = false
        switch key {
        case .enter:
            if pos != buf.count {
                pos = buf.count
                refresh()
            }
            if onAccept() { return abandon() }
            flush()
            REPLTerminal.write("\r\n")
            return .line(String(buf))
        case .eof:
            if buf.isEmpty { flush(); REPLTerminal.write("\r\n"); return .endOfInput }
            pos = buf.count
            refresh()
            if onAccept() { return abandon() }
            flush()
            REPLTerminal.write("\r\n")
            return .line(String(buf))
        case .control(0x04):                     // Ctrl-D
            if buf.isEmpty {
                flush()
                REPLTerminal.write("\r\n")
                return .endOfInput
            }
            deleteForward()
        case .control(0x03):                     // Ctrl-C
            return abandon()
        case .char(let ch): insert(ch)
        case .tab:
            lastKeyWasTab = true
            completeWord(listing: wasTab)
        case .backspace, .control(0x08): deleteBackward()
        case .delete: deleteForward()
        case .left, .control(0x02): if pos > 0 { pos -= 1; refresh() }
        case .right, .control(0x06): if pos < buf.count { pos += 1; refresh() }
        case .home, .control(0x01): pos = lineStart(pos); refresh()
        case .end, .control(0x05): pos = lineEnd(pos); refresh()
        case .wordLeft: pos = wordStart(before: pos); refresh()
        case .wordRight: pos = wordEnd(after: pos); refresh()
        case .control(0x0B):                     // Ctrl-K
            let end = lineEnd(pos)
            if end == pos && pos < buf.count { kill(pos..<pos + 1) } else { kill(pos..<end) }
        case .control(0x15):                     // Ctrl-U
            kill(lineStart(pos)..<pos)
        case .control(0x17), .deleteWordBack:    // Ctrl-W, Alt-Backspace
            kill(wordStart(before: pos)..<pos)
        case .deleteWordForward:
            kill(pos..<wordEnd(after: pos))
        case .control(0x19):                     // Ctrl-Y
            buf.insert(contentsOf: killed, at: pos)
            pos += killed.count
            refresh()
        case .control(0x14):                     // Ctrl-T
            if pos > 0 && buf.count >= 2 {
                let i = pos == buf.count ? pos - 1 : pos
                buf.swapAt(i - 1, i)
                pos = i + 1
                refresh()
            }
        case .up, .control(0x10): moveVertically(up: true)
        case .down, .control(0x0E): moveVertically(up: false)
        case .control(0x0C):                     // Ctrl-L
            REPLTerminal.write("\u{1B}[H\u{1B}[2J")
            cursorRow = 0
            refresh()
        case .control(0x1A):                     // Ctrl-Z
            flush()
            REPLTerminal.write("\r\n")
            REPLTerminal.suspend()
            cursorRow = 0
            refresh()
        case .escape, .unknown, .control:
            break
        }
        return nil
    }

    /// Ctrl-C: the line is shown whole, marked ^C, and dropped. (A Ctrl-C whose signal
    /// was handled while Enter was being read, just before `onAccept`, lands here too.)
    private func abandon() -> Outcome {
        pos = buf.count
        refresh()
        flush()
        REPLTerminal.write("^C\r\n")
        return .interrupted
    }

    // MARK: - editing

    private func insert(_ ch: Character) {
        // A combining mark joins the cluster before the cursor.
        if pos > 0 {
            let joined = String(buf[pos - 1]) + String(ch)
            if joined.count == 1, let merged = joined.first {
                buf[pos - 1] = merged
                refresh()
                return
            }
        }
        buf.insert(ch, at: pos)
        pos += 1
        refresh()
    }

    private func deleteBackward() {
        guard pos > 0 else { return }
        buf.remove(at: pos - 1)
        pos -= 1
        refresh()
    }

    private func deleteForward() {
        guard pos < buf.count else { return }
        buf.remove(at: pos)
        refresh()
    }

    private func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killed = Array(buf[range])
        buf.removeSubrange(range)
        pos = range.lowerBound
        refresh()
    }

    private func lineStart(_ i: Int) -> Int {
        var j = i
        while j > 0 && buf[j - 1] != "\n" { j -= 1 }
        return j
    }

    private func lineEnd(_ i: Int) -> Int {
        var j = i
        while j < buf.count && buf[j] != "\n" { j += 1 }
        return j
    }

    private func isWordChar(_ c: Character) -> Bool {
        !(c.isWhitespace || "()[]{}\"'`,;".contains(c))
    }

    private func wordStart(before i: Int) -> Int {
        var j = i
        while j > 0 && !isWordChar(buf[j - 1]) { j -= 1 }
        while j > 0 && isWordChar(buf[j - 1]) { j -= 1 }
        return j
    }

    private func wordEnd(after i: Int) -> Int {
        var j = i
        while j < buf.count && !isWordChar(buf[j]) { j += 1 }
        while j < buf.count && isWordChar(buf[j]) { j += 1 }
        return j
    }

    /// Up/Down move between the lines of a multi-line buffer, else through history.
    private func moveVertically(up: Bool) {
        let start = lineStart(pos)
        let column = TextWidth.of(buf[start..<pos])
        if up && start > 0 {
            let prevStart = lineStart(start - 1)
            pos = index(inLineFrom: prevStart, end: start - 1, column: column)
            refresh()
            return
        }
        let end = lineEnd(pos)
        if !up && end < buf.count {
            let nextEnd = lineEnd(end + 1)
            pos = index(inLineFrom: end + 1, end: nextEnd, column: column)
            refresh()
            return
        }
        let entries = history.entries
        if up {
            guard historyIndex > 0 else { return }
            if historyIndex == entries.count { scratch = buf }
            historyIndex -= 1
            buf = Array(entries[historyIndex])
            // At the end of the entry's first line, so the next Up goes on through history.
            pos = lineEnd(0)
        } else {
            guard historyIndex < entries.count else { return }
            historyIndex += 1
            buf = historyIndex == entries.count ? scratch : Array(entries[historyIndex])
            pos = buf.count
        }
        refresh()
    }

    private func index(inLineFrom start: Int, end: Int, column: Int) -> Int {
        var i = start
        var w = 0
        while i < end {
            let cw = TextWidth.of(buf[i])
            if w + cw > column { break }
            w += cw
            i += 1
        }
        return i
    }

    // MARK: - completion

    private func completeWord(listing: Bool) {
        guard let c = complete(buf, pos) else { bell(); return }
        let word = String(buf[c.wordStart..<pos])
        if word.isEmpty && c.candidates.isEmpty {
            // Tab with nothing to complete indents.
            buf.insert(contentsOf: "  ", at: pos)
            pos += 2
            refresh()
            return
        }
        let matches = Array(Set(c.candidates.filter { $0.hasPrefix(word) })).sorted()
        if matches.isEmpty { bell(); return }
        if matches.count == 1 {
            var add = Array(matches[0].dropFirst(word.count))
            let next: Character? = pos < buf.count ? buf[pos] : nil
            if c.appendSpace && (next == nil || !(next!.isWhitespace || next == ")")) { add.append(" ") }
            buf.insert(contentsOf: add, at: pos)
            pos += add.count
            refresh()
            return
        }
        let common = REPLCompletion.commonPrefix(matches)
        if common.count > word.count {
            let add = Array(common.dropFirst(word.count))
            buf.insert(contentsOf: add, at: pos)
            pos += add.count
            refresh()
            return
        }
        if listing { list(matches) } else { bell() }
    }


    /// Shows candidates in columns below the input, then redraws the input.
    private func list(_ words: [String]) {
        let cols = REPLTerminal.columns
        let shown = Array(words.prefix(200))
        let width = (shown.map { TextWidth.of($0) }.max() ?? 0) + 2
        let perRow = max(1, cols / width)
        let saved = pos
        pos = buf.count
        redraw()
        var out = "\r\n"
        for (i, w) in shown.enumerated() {
            out += w
            if (i + 1) % perRow == 0 || i == shown.count - 1 {
                out += "\r\n"
            } else {
                out += String(repeating: " ", count: width - TextWidth.of(w))
            }
        }
        if words.count > shown.count { out += "… \(words.count - shown.count) more\r\n" }
        REPLTerminal.write(out)
        pos = saved
        cursorRow = 0
        refresh()
    }

    private func bell() { REPLTerminal.write("\u{7}") }

    // MARK: - reverse search

    /// Ctrl-R: incremental search backwards through history. Returns the key that ended the
    /// search (to be handled normally: Enter runs the match), or nil when it was cancelled.
    private func reverseSearch() -> Key? {
        let entries = history.entries
        let savedBuf = buf, savedPos = pos, savedPrompt = prompt
        var query = ""
        var matchIndex = entries.count
        var failed = false

        func search(from start: Int) {
            var i = min(start, entries.count - 1)
            while i >= 0 {
                if query.isEmpty || entries[i].contains(query) {
                    matchIndex = i
                    failed = false
                    let text = Array(entries[i])
                    buf = text
                    pos = query.isEmpty ? text.count : LineEditor.offset(of: Array(query), in: text) ?? text.count
                    return
                }
                i -= 1
            }
            failed = true
        }

        while true {
            prompt = "(\(failed ? "failed " : "")reverse-i-search)`\(query)': "
            refresh()
            let key = readKey()
            switch key {
            case .char(let ch):
                query.append(ch)
                search(from: matchIndex)
            case .backspace:
                if !query.isEmpty { query.removeLast() }
                search(from: entries.count - 1)
            case .control(0x12):
                if !entries.isEmpty { search(from: failed ? matchIndex : matchIndex - 1) }
            case .control(0x07), .escape, .control(0x03):
                buf = savedBuf
                pos = savedPos
                prompt = savedPrompt
                refresh()
                return nil
            default:
                prompt = savedPrompt
                historyIndex = matchIndex
                scratch = savedBuf
                if matchIndex == entries.count { buf = savedBuf; pos = savedPos }
                refresh()
                return key
            }
        }
    }

    static func offset(of needle: [Character], in hay: [Character]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where Array(hay[i..<i + needle.count]) == needle {
            return i
        }
        return nil
    }

    // MARK: - drawing

    /// Marks the screen stale; `readKey` redraws once the pending input is handled.
    private func refresh() { needsRedraw = true }

    /// Redraws now if the screen is stale (before writing anything after the input).
    private func flush() { if needsRedraw { redraw() } }

    /// Redraws prompt and buffer from the prompt's first row and places the cursor.
    private func redraw() {
        let frame = LineRender.frame(prompt: prompt, continuationPrompt: continuationPrompt, buffer: buf, cursor: pos,
                                     cursorRow: cursorRow, columns: REPLTerminal.columns)
        cursorRow = frame.cursorRow
        needsRedraw = false
        REPLTerminal.write(frame.text)
    }
}
