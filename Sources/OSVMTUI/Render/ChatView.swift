import Foundation

/// The chat pane: the transcript (markdown-lite, tool cards), then the input or the
/// approval question; the session list replaces both while open.
enum ChatView {
    typealias Span = (text: String, role: Role)
    typealias Line = [Span]

    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let c = s.chat
        var title = "5 Chat ─ " + (c.session.map(ChatKeys.sessionName) ?? "new session")
        if !c.model.isEmpty { title += " ─ " + c.model }
        if c.streaming { title += " " + Draw.spinner(s.spinner) + " streaming (Ctrl-C stops)" }
        Draw.box(&b, rect, title: title, focused: focused)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        if let sel = c.sessionList {
            drawSessions(c, selected: sel, into: &b, inner: inner)
            return
        }
        let bottom = bottomLines(c, width: inner.width)
        let bottomRows = min(bottom.lines.count, max(1, inner.height / 2))
        let room = max(0, inner.height - bottomRows)
        let lines = transcript(c, width: inner.width, rows: room + c.scrollBack, focused: focused)
        let end = max(0, lines.count - min(c.scrollBack, max(0, lines.count - room)))
        let start = max(0, end - room)
        var y = inner.y
        if lines.isEmpty && room > 0 {
            b.put(DisplayWidth.truncate("Ask about Solana or OVSM — Enter sends, Alt-Enter new line", to: inner.width), x: inner.x, y: y, role: .dim)
        }
        for line in lines[start..<end] {
            put(line, into: &b, x: inner.x, y: y, limit: inner.maxX)
            y += 1
        }
        // The input (or the approval question) at the bottom; the cursor row stays visible.
        let shownFrom = max(0, min(bottom.cursorRow.map { $0 - bottomRows + 1 } ?? 0, bottom.lines.count - bottomRows))
        var by = inner.maxY - bottomRows
        for (i, line) in bottom.lines.enumerated() where i >= shownFrom && i < shownFrom + bottomRows {
            var shift = 0
            if i == bottom.cursorRow, let cx = bottom.cursorCol, cx >= inner.width { shift = cx - inner.width + 1 }
            put(line, into: &b, x: inner.x, y: by, limit: inner.maxX, skip: shift)
            if focused, i == bottom.cursorRow, let cx = bottom.cursorCol { b.cursor = (inner.x + cx - shift, by) }
            by += 1
        }
    }

    /// Input lines (prompt + text) or the approval question, and where the cursor goes.
    static func bottomLines(_ c: ChatState, width: Int) -> (lines: [Line], cursorRow: Int?, cursorCol: Int?) {
        if let code = c.approval, !c.editingApproval {
            var out: [Line] = [[("▶ run_ovsm wants to run:", .warn)]]
            let codeLines = code.split(separator: "\n", omittingEmptySubsequences: false)
            for l in codeLines.prefix(6) { out.append([("  " + l, .string)]) }
            if codeLines.count > 6 { out.append([("  … \(codeLines.count - 6) more lines (e shows them all)", .dim)]) }
            out.append([("y", .footerKey), (" run  ", .text), ("n", .footerKey), (" decline  ", .text), ("e", .footerKey), (" edit", .text)])
            return (out, nil, nil)
        }
        var prompt = c.editingApproval ? "edit› " : "› "
        if let q = c.search { prompt = "(search: \(q.query))› " }
        let pw = DisplayWidth.of(prompt)
        var out: [Line] = []
        for (i, l) in c.input.lines.enumerated() {
            out.append([(i == 0 ? prompt : String(repeating: " ", count: pw), .prompt), (String(l), .text)])
        }
        let col = pw + DisplayWidth.of(String(c.input.currentLine.prefix(c.input.col)))
        if c.editingApproval {
            out.insert([("Enter runs the edited script · Esc declines", .warn)], at: 0)
            return (out, c.input.row + 1, col)
        }
        return (out, c.input.row, col)
    }

    static func drawSessions(_ c: ChatState, selected: Int, into b: inout ScreenBuffer, inner: Rect) {
        b.put(DisplayWidth.truncate("Sessions — Enter opens, Ctrl-N new, Esc closes", to: inner.width), x: inner.x, y: inner.y, role: .dim)
        guard inner.height > 1 else { return }
        if c.sessions.isEmpty {
            b.put("no saved sessions yet", x: inner.x, y: inner.y + 1, role: .dim, limit: inner.maxX)
            return
        }
        let rows = inner.height - 1
        let first = max(0, min(selected - rows + 1, c.sessions.count - rows))
        for (i, info) in c.sessions.enumerated().dropFirst(max(0, first)).prefix(rows) {
            let y = inner.y + 1 + i - max(0, first)
            let role: Role = i == selected ? .selection : .text
            if i == selected { b.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: role) }
            let mark = info.path == c.session ? "● " : "  "
            let x = b.put(mark + ChatKeys.sessionName(info.path) + "  ", x: inner.x, y: y, role: i == selected ? role : .dim, limit: inner.maxX)
            b.put(oneLine(info.title), x: x, y: y, role: role, limit: inner.maxX)
        }
    }

    /// The last transcript lines (at least `rows`, when there are that many), wrapped.
    static func transcript(_ c: ChatState, width: Int, rows: Int, focused: Bool) -> [Line] {
        var blocks: [[Line]] = []
        var count = 0
        var i = c.items.count - 1
        while i >= 0, count < rows {
            var lines = item(c.items[i], width: width, selected: focused && c.selectedCard == i,
                             streaming: c.streaming && c.streamingItem == i, last: rows - count + 8)
            if case .user = c.items[i], i > 0 { lines.insert([], at: 0) }
            blocks.append(lines)
            count += lines.count
            i -= 1
        }
        return blocks.reversed().flatMap { $0 }
    }

    /// The lines of one item; of the streaming answer only (about) the `last` ones.
    static func item(_ it: ChatState.Item, width: Int, selected: Bool, streaming: Bool, last: Int = .max) -> [Line] {
        switch it {
        case .user(let t):
            var out: [Line] = []
            for (i, l) in t.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += wrap([(i == 0 ? "› " : "  ", .prompt), (String(l), .text)], width: width)
            }
            return out
        case .assistant(let t):
            var out = streaming ? WrapCache.shared.streaming(t, width: width, last: last) : WrapCache.shared.finished(t, width: width)
            while out.count > 1, out.last?.allSatisfy({ $0.text.isEmpty }) == true { out.removeLast() }
            if streaming, var last = out.popLast() { last.append(("▌", .spinner)); out.append(last) }
            return out
        case .card(let card): return cardLines(card, width: width, selected: selected)
        case .error(let m): return wrap([("✗ " + m, .errorText)], width: width)
        case .info(let m): return [[(DisplayWidth.truncate("── " + m + " ──", to: width), .dim)]]
        }
    }

    static func cardLines(_ card: ChatCard, width: Int, selected: Bool) -> [Line] {
        let head: Role = selected ? .selection : .dim
        let resultRole: Role = card.isError ? .errorText : .result
        let status: Span = card.result == nil ? ("running…", .spinner) : (card.isError ? "failed" : "ok", card.isError ? .bad : .good)
        if !card.expanded {
            var line: Line = [("▸ ⚙ " + card.name + " ", head), (oneLine(card.arguments) + " ", head == .selection ? head : .dim)]
            line.append(status)
            if let r = card.result { line.append(("  → " + oneLine(r), resultRole)) }
            return [clip(line, width)]
        }
        var out: [Line] = [[("▾ ⚙ " + card.name + " ", head), status]]
        for l in pretty(card.arguments).split(separator: "\n", omittingEmptySubsequences: false).prefix(30) {
            out += wrap([("  │ ", .border), (String(l), .string)], width: width)
        }
        if let r = card.result {
            let lines = r.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, l) in lines.prefix(40).enumerated() {
                out += wrap([(i == 0 ? "  ↳ " : "    ", .border), (String(l), resultRole)], width: width)
            }
            if lines.count > 40 { out.append([("    … \(lines.count - 40) more lines", .dim)]) }
        }
        return out
    }

    /// `{"code": "(+ 1 2)"}` → `code: (+ 1 2)` when the arguments are a flat JSON object of strings.
    static func pretty(_ args: String) -> String {
        guard let data = args.data(using: .utf8),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any], !obj.isEmpty else { return args }
        return obj.keys.sorted().map { k in
            let v = obj[k].map { ($0 as? String) ?? "\($0)" } ?? ""
            return v.contains("\n") ? "\(k):\n" + v : "\(k): \(v)"
        }.joined(separator: "\n")
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ⏎ ")
    }

    // MARK: markdown-lite

    /// Headings, fenced code, bullets, `code` and **bold**; wrapped to `width`.
    static func markdown(_ text: String, width: Int) -> [Line] {
        var inFence = false
        return markdown(lines: text.split(separator: "\n", omittingEmptySubsequences: false), width: width, inFence: &inFence)
    }

    /// Source lines → wrapped lines; `inFence` carries the fenced-block state across calls.
    static func markdown(lines: [Substring], width: Int, inFence: inout Bool) -> [Line] {
        var out: [Line] = []
        for raw in lines {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                inFence.toggle()
                out.append([(DisplayWidth.truncate(line, to: width), .dim)])
                continue
            }
            if inFence { out += wrap([(line, .string)], width: width); continue }
            if trimmed.hasPrefix("#") {
                let h = trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                out += wrap([(h, .keyword)], width: width)
                continue
            }
            var spans: Line = []
            var body = Substring(line)
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            if rest.hasPrefix("- ") || rest.hasPrefix("* ") {
                spans.append((String(indent) + "• ", .symbol))
                body = rest.dropFirst(2)
            }
            spans += inline(body)
            out += wrap(spans, width: width)
        }
        return out
    }

    static func inline(_ s: Substring) -> Line {
        var out: Line = []
        var cur = ""
        var role: Role = .text
        var i = s.startIndex
        func flush() { if !cur.isEmpty { out.append((cur, role)); cur = "" } }
        while i < s.endIndex {
            let c = s[i]
            if c == "`" {
                flush()
                role = role == .string ? .text : .string
                i = s.index(after: i)
                continue
            }
            if c == "*", role != .string, s[i...].hasPrefix("**") {
                flush()
                role = role == .titleFocus ? .text : .titleFocus
                i = s.index(i, offsetBy: 2)
                continue
            }
            cur.append(c)
            i = s.index(after: i)
        }
        flush()
        return out
    }

    // MARK: wrapping and drawing

    /// Greedy word wrap of styled spans to `width` columns.
    static func wrap(_ spans: Line, width: Int) -> [Line] {
        let w = max(1, width)
        var lines: [[(Character, Role)]] = []
        var cur: [(Character, Role)] = []
        var used = 0
        var lastSpace: Int?
        for sp in spans {
            for ch in sp.text {
                let cw = DisplayWidth.of(ch)
                if used + cw > w, !cur.isEmpty {
                    if let at = lastSpace, at > 0 {
                        lines.append(Array(cur[..<at]))
                        cur = Array(cur[(at + 1)...])
                    } else {
                        lines.append(cur)
                        cur = []
                    }
                    used = cur.reduce(0) { $0 + DisplayWidth.of($1.0) }
                    lastSpace = cur.lastIndex { $0.0 == " " }
                }
                if ch == " " { lastSpace = cur.count }
                cur.append((ch, sp.role))
                used += cw
            }
        }
        lines.append(cur)
        return lines.map(group)
    }

    static func group(_ chars: [(Character, Role)]) -> Line {
        var out: Line = []
        for (c, r) in chars {
            if let last = out.last, last.role == r { out[out.count - 1].text.append(c) } else { out.append((String(c), r)) }
        }
        return out
    }

    static func clip(_ line: Line, _ width: Int) -> Line {
        var out: Line = []
        var left = width
        for sp in line where left > 0 {
            let w = DisplayWidth.of(sp.text)
            if w <= left { out.append(sp); left -= w } else { out.append((DisplayWidth.truncate(sp.text, to: left), sp.role)); left = 0 }
        }
        return out
    }

    static func put(_ line: Line, into b: inout ScreenBuffer, x: Int, y: Int, limit: Int, skip: Int = 0) {
        var x = x - skip
        for sp in line {
            if sp.role == .selection { b.fill(Rect(x: max(x, 0), y: y, width: max(0, min(limit, x + DisplayWidth.of(sp.text)) - max(x, 0)), height: 1), role: .selection) }
            x = b.put(sp.text, x: x, y: y, role: sp.role, limit: limit)
        }
    }
}

/// Wrapped lines of chat messages, so a frame re-wraps only what changed: finished messages
/// by (text, width), and the streaming answer incrementally — its complete source lines are
/// wrapped once, only the line still growing is wrapped again per frame.
final class WrapCache: @unchecked Sendable {
    static let shared = WrapCache()
    typealias Line = ChatView.Line

    private struct Key: Hashable { var text: String; var width: Int }
    private let lock = NSLock()
    private var done: [Key: [Line]] = [:]
    private static let doneLimit = 2_000
    // The streaming answer: wrapped lines of `prefix` (its text up to the last newline).
    private var width = -1
    private var prefix = ""
    private var prefixLines: [Line] = []
    private var prefixFence = false

    func finished(_ text: String, width: Int) -> [Line] {
        let key = Key(text: text, width: width)
        if let hit = lock.withLock({ done[key] }) { return hit }
        let lines = ChatView.markdown(text, width: width)
        lock.withLock {
            if done.count >= Self.doneLimit { done.removeAll(keepingCapacity: true) }
            done[key] = lines
        }
        return lines
    }

    /// The wrapped lines of the streaming answer `text` (the `last` ones, when fewer).
    func streaming(_ text: String, width: Int, last: Int = .max) -> [Line] {
        let nl = UInt8(ascii: "\n")
        guard let end = text.utf8.lastIndex(of: nl) else { return ChatView.markdown(text, width: width) }
        let head = text[..<end]
        var (lines, fence) = lock.withLock { prefixLinesLocked(head, width: width) }
        let tail = ChatView.markdown(lines: [text[text.index(after: end)...]], width: width, inFence: &fence)
        let keep = max(0, last - tail.count)
        if keep < lines.count { return Array(lines.suffix(keep)) + tail }
        lines += tail
        return lines
    }

    /// `a` begins with the bytes of `b` (memcmp on contiguous UTF-8).
    static func startsWith(_ a: Substring, _ b: String) -> Bool {
        let n = b.utf8.count
        guard a.utf8.count >= n else { return false }
        if n == 0 { return true }
        let fast: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in memcmp(x.baseAddress!, y.baseAddress!, n) == 0 }
        }
        if let f = fast, let f { return f }
        return a.utf8.starts(with: b.utf8)
    }

    /// Wrapped lines of `head` and the fence state after it, extending the cached prefix
    /// when `head` continues it.
    private func prefixLinesLocked(_ head: Substring, width w: Int) -> ([Line], Bool) {
        let hu = head.utf8, pu = prefix.utf8
        let cached = pu.count
        if w == width, hu.count >= cached, Self.startsWith(head, prefix) {
            if hu.count == cached { return (prefixLines, prefixFence) }
            let sep = hu.index(hu.startIndex, offsetBy: cached)
            if cached > 0, hu[sep] == UInt8(ascii: "\n") {
                let rest = head[head.index(after: sep)...]
                var fence = prefixFence
                prefixLines += ChatView.markdown(lines: rest.split(separator: "\n", omittingEmptySubsequences: false), width: w, inFence: &fence)
                prefixFence = fence
                prefix = String(head)
                return (prefixLines, prefixFence)
            }
        }
        var fence = false
        prefixLines = ChatView.markdown(lines: head.split(separator: "\n", omittingEmptySubsequences: false), width: w, inFence: &fence)
        prefixFence = fence
        prefix = String(head)
        width = w
        return (prefixLines, prefixFence)
    }
}
