import OVSMKit

/// The script editor: one buffer, its file, undo/redo, and what the lexer and reader
/// found (syntax roles per character, matching brackets, the first reader error).
///
/// Per-keystroke work follows the edit and the visible lines, not the file: an edit keeps
/// the text it removed and inserted for undo, and the syntax analysis covers a window of lines
/// around the viewport (the whole buffer when it is small).
public struct EditorState: Sendable, Equatable {
    public struct Position: Sendable, Hashable { public var row: Int; public var col: Int }

    public var buffer = TextBuffer()
    public var path: String?
    /// True while the text differs from the saved (or loaded) version.
    public var modified = false
    var history = EditHistory()
    /// The version last written to `path` (-1: none, e.g. a recovered buffer).
    var savedVersion = 0
    /// The version a pending save is writing (it becomes `savedVersion` when it lands).
    var savingVersion: Int?
    /// Syntax roles of rows `rolesStart ..< rolesStart + roles.count`.
    public var roles: [[Role]] = [[]]
    public var rolesStart = 0
    /// Bracket partner of every bracket character (inside the analysed window).
    public var partners: [Position: Position] = [:]
    /// First reader error, if the buffer does not read (only when the window is the whole buffer).
    public var readError: (position: Position, message: String)?
    public var top = 0
    /// Selection anchor (Ctrl-Space); the selection runs from here to the cursor.
    public var mark: Position?
    /// Rows (0-based) with a breakpoint (F9). They follow lines inserted or deleted above
    /// them; a run with any set starts under the debugger (`DebugKeys`).
    public var breakpoints: Set<Int> = []

    /// A buffer of at most this many lines is analysed whole (with the reader).
    static let window = 400
    /// A large buffer is lexed from the viewport minus `context` rows (or from a line that
    /// starts a top-level form at most `formSearch` rows above that) to the viewport plus
    /// `context`: at most about 350 lines per keystroke, whatever the file.
    static let context = 60
    static let formSearch = 200
    /// Rows of the editor pane (the last `scroll(height:)`).
    var viewHeight = 60
    /// Longer lines are shown uncoloured (and their brackets unmatched): a minified 5 MB
    /// line would otherwise be lexed, character by character, on every key.
    static let longLine = 4096

    /// Line `r` for the analysis (empty when it is too long to colour).
    private func analysable(_ r: Int) -> [Character] {
        buffer.store.byteCount(r) > Self.longLine ? [] : Array(buffer.line(r))
    }

    public static func == (a: EditorState, b: EditorState) -> Bool {
        a.buffer == b.buffer && a.path == b.path && a.modified == b.modified && a.top == b.top
            && a.breakpoints == b.breakpoints
    }

    public var cursor: Position { Position(row: buffer.row, col: buffer.col) }
    public var version: Int { history.version }

    /// The selection as (start, end), start first.
    public var selection: (Position, Position)? {
        guard let m = mark else { return nil }
        let c = cursor
        return (m.row, m.col) <= (c.row, c.col) ? (m, c) : (c, m)
    }

    public var selectedText: String? {
        guard let (a, b) = selection else { return nil }
        return buffer.text(from: (a.row, a.col), to: (b.row, b.col))
    }

    /// The role of one character for the renderer (text outside the analysed window).
    func role(row: Int, col: Int) -> Role {
        let r = row - rolesStart
        guard r >= 0, r < roles.count, col < roles[r].count else { return .text }
        return roles[r][col]
    }

    /// Runs `body`, which changes only rows `rows` (and may insert or remove rows there),
    /// and records the change for undo. Returns false when nothing changed.
    @discardableResult
    mutating func edit(rows: ClosedRange<Int>, kind: EditHistory.Kind, char: Character? = nil,
                       _ body: (inout TextBuffer) -> Void) -> Bool {
        let lo = max(0, min(rows.lowerBound, buffer.lineCount - 1))
        let hi = max(lo, min(rows.upperBound, buffer.lineCount - 1))
        let before = (lo...hi).map { buffer.line($0) }
        let count = buffer.lineCount
        let cursorBefore = cursor
        body(&buffer)
        let afterHi = hi + buffer.lineCount - count
        let after = afterHi >= lo ? (lo...afterHi).map { buffer.line($0) } : []
        guard after != before else { return false }
        moveBreakpoints(from: cursorBefore, by: buffer.lineCount - count)
        history.record(.between(before, after, row: lo, cursorBefore: cursorBefore, cursorAfter: cursor),
                       kind: kind, char: char)
        changed()
        return true
    }

    /// Applies an editing key to the buffer (with undo); false when `k` is not an edit.
    mutating func apply(_ k: Key) -> Bool {
        let row = buffer.row
        let rows = max(0, row - 1)...(row + 1)
        switch k {
        case .char(let c):
            return edit(rows: rows, kind: .typing, char: c) { _ = $0.apply(k, multiline: true) }
        case .backspace, .delete, .ctrl("d"):
            return edit(rows: rows, kind: .deleting) { _ = $0.apply(k, multiline: true) }
        case .enter, .ctrl("j"), .alt("\r"), .tab, .ctrl("k"), .ctrl("u"):
            return edit(rows: rows, kind: .other) { _ = $0.apply(k, multiline: true) }
        default:
            return false
        }
    }

    mutating func insert(_ text: String) {
        edit(rows: buffer.row...buffer.row, kind: .other) { $0.insert(text) }
    }

    /// A paste: replaces the selection (if any) with `text` as ONE undo group, through the
    /// buffer's `replace` (only the touched lines are rewritten, however long the text).
    mutating func paste(_ text: String) {
        let (a, b) = selection ?? (cursor, cursor)
        history.seal()
        edit(rows: a.row...b.row, kind: .other) { $0.replace(from: (a.row, a.col), to: (b.row, b.col), with: text) }
        mark = nil
    }

    mutating func deleteSelection() {
        guard let (a, b) = selection else { return }
        edit(rows: a.row...b.row, kind: .other) { $0.delete(from: (a.row, a.col), to: (b.row, b.col)) }
        mark = nil
    }

    mutating func undo() {
        guard let g = history.undo.popLast() else { return }
        for e in g.edits.reversed() {
            let z = EditHistory.Edit.end(of: e.inserted, at: e.at)
            buffer.replace(from: (e.at.row, e.at.col), to: (z.row, z.col), with: e.removed)
        }
        if let c = g.edits.first?.cursorBefore { place(c) }
        var sealed = g; sealed.sealed = true
        history.redo.append(sealed)
        history.seal()
        mark = nil
        changed()
    }

    mutating func redo() {
        guard let g = history.redo.popLast() else { return }
        for e in g.edits {
            let z = EditHistory.Edit.end(of: e.removed, at: e.at)
            buffer.replace(from: (e.at.row, e.at.col), to: (z.row, z.col), with: e.inserted)
        }
        if let c = g.edits.last?.cursorAfter { place(c) }
        history.undo.append(g)
        mark = nil
        changed()
    }

    private mutating func place(_ p: Position) {
        buffer.row = min(p.row, buffer.lineCount - 1)
        buffer.col = min(p.col, buffer.lineLength(buffer.row))
    }

    /// Sets or clears the breakpoint on `row`; true when it is now set.
    @discardableResult
    public mutating func toggleBreakpoint(row: Int) -> Bool {
        if breakpoints.remove(row) != nil { return false }
        breakpoints.insert(row)
        return true
    }

    /// An edit at `at` added (`delta` > 0) or removed lines: breakpoints below it move with
    /// their lines. A line break typed at column 0 pushes the cursor's own line down too.
    private mutating func moveBreakpoints(from at: Position, by delta: Int) {
        guard delta != 0, !breakpoints.isEmpty else { return }
        let pivot = at.col == 0 ? at.row - 1 : at.row
        breakpoints = Set(breakpoints.map { r in r > pivot ? max(pivot + (delta < 0 ? 0 : 1), r + delta) : r })
    }

    private mutating func changed() {
        modified = history.version != savedVersion
        if breakpoints.contains(where: { $0 >= buffer.lineCount }) {
            breakpoints = breakpoints.filter { $0 < buffer.lineCount }
        }
        analyze()
    }

    /// A save of the current version started; `saved()` marks it written.
    mutating func saving() { savingVersion = history.version; history.seal() }
    mutating func saved() {
        if let v = savingVersion { savedVersion = v }
        savingVersion = nil
        modified = history.version != savedVersion
    }

    public mutating func load(text: String, path: String?) {
        buffer = TextBuffer(text)
        self.path = path
        history.reset()
        savedVersion = 0
        savingVersion = nil
        modified = false
        mark = nil
        top = 0
        breakpoints = []
        analyze()
    }

    /// A buffer whose text matches no saved file (recovered after a crash).
    mutating func loadUnsaved(text: String, path: String?) {
        load(text: text, path: path)
        savedVersion = -1
        modified = true
    }

    /// Keeps the cursor row inside a viewport of `height` rows (and the analysis on it).
    mutating func scroll(height: Int) {
        guard height > 0 else { return }
        viewHeight = height
        if buffer.row < top { top = buffer.row }
        if buffer.row >= top + height { top = buffer.row - height + 1 }
        if top < rolesStart || top + height > rolesStart + roles.count, buffer.lineCount > Self.window { analyze() }
    }

    /// Re-lexes the lines around the viewport (pure; done after every edit). A small buffer
    /// is read whole, so the reader's first error shows; a large one is lexed from the
    /// nearest top-level form above the viewport (a line starting with `(`).
    public mutating func analyze() {
        let n = buffer.lineCount
        if n <= Self.window {
            let a = SyntaxAnalysis(lines: (0..<n).map(analysable), firstRow: 0, whole: true)
            rolesStart = 0; roles = a.roles; partners = a.partners; readError = a.readError
            return
        }
        // The rows the viewport will show (the cursor may have jumped: undo, paging), so the
        // window never spans from a stale `top` to a far cursor.
        var view = top
        if buffer.row < view { view = buffer.row }
        if buffer.row >= view + viewHeight { view = buffer.row - viewHeight + 1 }
        var start = max(0, view - Self.context)
        var probe = start
        let open = UInt8(ascii: "(")
        while probe > 0, start - probe < Self.formSearch, buffer.store.firstByte(probe) != open { probe -= 1 }
        if buffer.store.firstByte(probe) == open || probe == 0 { start = probe }
        let end = min(n, view + viewHeight + Self.context)
        let a = SyntaxAnalysis(lines: (start..<end).map(analysable), firstRow: start, whole: false, atEnd: end == n)
        rolesStart = start; roles = a.roles; partners = a.partners; readError = nil
    }
}
