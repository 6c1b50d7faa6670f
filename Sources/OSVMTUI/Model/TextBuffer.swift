/// Editable text with a cursor, stored as lines in a `LineStore` (chunked, so a large
/// file edits in time that follows the edit). Shared by the editor (many lines) and the
/// single-line inputs (REPL, palette, explorer, log filter), for which it is one chunk.
/// Positions are (row, column) with columns counted in characters (graphemes).
public struct TextBuffer: Sendable, Equatable {
    public private(set) var store: LineStore
    public var row = 0
    public var col = 0

    /// The lines as characters, read on demand (only the lines asked for are decoded).
    public struct Lines: RandomAccessCollection, Sendable {
        let store: LineStore
        public var startIndex: Int { 0 }
        public var endIndex: Int { store.lineCount }
        public subscript(i: Int) -> [Character] { Array(store.line(i)) }
    }

    public init(_ text: String = "", chunkTarget: Int = LineStore.defaultTarget) {
        store = LineStore(text, chunkTarget: chunkTarget)
    }

    public var lines: Lines { Lines(store: store) }
    public var lineCount: Int { store.lineCount }
    public func line(_ r: Int) -> String { store.line(r) }
    /// Length of line `r` in characters.
    public func lineLength(_ r: Int) -> Int { store.line(r).count }
    public var text: String { store.text }
    public var currentLine: [Character] { Array(store.line(row)) }
    public var isEmpty: Bool { store.lineCount == 1 && store.byteCount(0) == 0 }

    public mutating func setText(_ text: String) {
        store = LineStore(text, chunkTarget: store.target)
        row = 0; col = 0
    }

    public mutating func moveToEnd() {
        row = store.lineCount - 1
        col = lineLength(row)
    }

    /// Replaces the text between `a` and `b` (`a` first) with `s` and puts the cursor
    /// after the inserted text. Only lines `a.row…b.row` are read and rewritten.
    public mutating func replace(from a: (Int, Int), to b: (Int, Int), with s: String) {
        // Substrings, not character arrays: a 5 MB line is not copied into 80 MB of Characters.
        let first = store.line(a.0)
        let last = a.0 == b.0 ? first : store.line(b.0)
        let head = String(first.prefix(a.1))
        let tail = String(last.dropFirst(b.1))
        var parts = s.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        if parts.isEmpty { parts = [""] }
        parts[0] = head + parts[0]
        let end = parts[parts.count - 1].count
        parts[parts.count - 1] += tail
        store.replace(a.0..<(b.0 + 1), with: parts)
        row = a.0 + parts.count - 1
        col = end
    }

    /// Replaces whole lines (undo and redo put back the lines an edit replaced).
    public mutating func replaceLines(_ rows: Range<Int>, with lines: [String]) {
        store.replace(rows, with: lines)
    }

    public mutating func insert(_ c: Character) { insert(String(c)) }

    public mutating func insert(_ s: String) { replace(from: (row, col), to: (row, col), with: s) }

    public mutating func newline() { insert("\n") }

    public mutating func backspace() {
        if col > 0 {
            replace(from: (row, col - 1), to: (row, col), with: "")
        } else if row > 0 {
            replace(from: (row - 1, lineLength(row - 1)), to: (row, 0), with: "")
        }
    }

    public mutating func deleteForward() {
        let n = lineLength(row)
        if col < n {
            let (r, c) = (row, col)
            replace(from: (r, c), to: (r, c + 1), with: "")
        } else if row + 1 < store.lineCount {
            replace(from: (row, n), to: (row + 1, 0), with: "")
        }
    }

    public mutating func left() {
        if col > 0 { col -= 1 } else if row > 0 { row -= 1; col = lineLength(row) }
    }
    public mutating func right() {
        if col < lineLength(row) { col += 1 } else if row + 1 < store.lineCount { row += 1; col = 0 }
    }
    public mutating func up() { if row > 0 { row -= 1; col = min(col, lineLength(row)) } }
    public mutating func down() { if row + 1 < store.lineCount { row += 1; col = min(col, lineLength(row)) } }
    public mutating func home() { col = 0 }
    public mutating func end() { col = lineLength(row) }

    /// Text between two (row, col) positions, `a` before `b`.
    public func text(from a: (Int, Int), to b: (Int, Int)) -> String {
        let first = store.line(a.0)
        if a.0 == b.0 { return String(first.dropFirst(a.1).prefix(b.1 - a.1)) }
        var parts = [String(first.dropFirst(a.1))]
        for r in (a.0 + 1)..<b.0 { parts.append(store.line(r)) }
        parts.append(String(store.line(b.0).prefix(b.1)))
        return parts.joined(separator: "\n")
    }

    /// Removes the text between two positions and puts the cursor at `a`.
    public mutating func delete(from a: (Int, Int), to b: (Int, Int)) {
        replace(from: a, to: b, with: "")
    }

    /// Basic line-editing keys; returns false when the key is not an editing key.
    public mutating func apply(_ key: Key, multiline: Bool) -> Bool {
        switch key {
        case .char(let c): insert(c)
        case .backspace: backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .left, .ctrl("b"): left()
        case .right, .ctrl("f"): right()
        case .home, .ctrl("a"): home()
        case .end, .ctrl("e"): end()
        case .ctrl("k"): let (r, c) = (row, col); replace(from: (r, c), to: (r, lineLength(r)), with: "")
        case .ctrl("u"): let (r, c) = (row, col); replace(from: (r, 0), to: (r, c), with: "")
        case .up where multiline: up()
        case .down where multiline: down()
        case .enter where multiline, .ctrl("j") where multiline, .alt("\r") where multiline: newline()
        case .tab where multiline: insert("  ")
        default: return false
        }
        return true
    }
}
