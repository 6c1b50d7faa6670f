/// Editable text as lines of graphemes, with a cursor. Shared by the editor (many lines)
/// and the single-line inputs (REPL, palette, explorer, log filter).
public struct TextBuffer: Sendable, Equatable {
    public var lines: [[Character]] = [[]]
    public var row = 0
    public var col = 0

    public init(_ text: String = "") {
        setText(text)
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var currentLine: [Character] { lines[row] }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    public mutating func setText(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        if lines.isEmpty { lines = [[]] }
        row = 0; col = 0
    }

    public mutating func moveToEnd() {
        row = lines.count - 1
        col = lines[row].count
    }

    public mutating func insert(_ c: Character) {
        if c == "\n" { newline(); return }
        lines[row].insert(c, at: col)
        col += 1
    }

    public mutating func insert(_ s: String) { for c in s { insert(c) } }

    public mutating func newline() {
        let rest = Array(lines[row][col...])
        lines[row].removeSubrange(col...)
        lines.insert(rest, at: row + 1)
        row += 1; col = 0
    }

    public mutating func backspace() {
        if col > 0 {
            lines[row].remove(at: col - 1); col -= 1
        } else if row > 0 {
            let line = lines.remove(at: row)
            row -= 1
            col = lines[row].count
            lines[row].append(contentsOf: line)
        }
    }

    public mutating func deleteForward() {
        if col < lines[row].count {
            lines[row].remove(at: col)
        } else if row + 1 < lines.count {
            let next = lines.remove(at: row + 1)
            lines[row].append(contentsOf: next)
        }
    }

    public mutating func left() {
        if col > 0 { col -= 1 } else if row > 0 { row -= 1; col = lines[row].count }
    }
    public mutating func right() {
        if col < lines[row].count { col += 1 } else if row + 1 < lines.count { row += 1; col = 0 }
    }
    public mutating func up() { if row > 0 { row -= 1; col = min(col, lines[row].count) } }
    public mutating func down() { if row + 1 < lines.count { row += 1; col = min(col, lines[row].count) } }
    public mutating func home() { col = 0 }
    public mutating func end() { col = lines[row].count }

    /// Text between two (row, col) positions, `a` before `b`.
    public func text(from a: (Int, Int), to b: (Int, Int)) -> String {
        if a.0 == b.0 { return String(lines[a.0][a.1..<b.1]) }
        var parts = [String(lines[a.0][a.1...])]
        if b.0 - a.0 > 1 { parts += lines[(a.0 + 1)..<b.0].map { String($0) } }
        parts.append(String(lines[b.0][..<b.1]))
        return parts.joined(separator: "\n")
    }

    /// Removes the text between two positions and puts the cursor at `a`.
    public mutating func delete(from a: (Int, Int), to b: (Int, Int)) {
        let tail = Array(lines[b.0][b.1...])
        lines[a.0].removeSubrange(a.1...)
        lines[a.0].append(contentsOf: tail)
        if b.0 > a.0 { lines.removeSubrange((a.0 + 1)...b.0) }
        row = a.0; col = a.1
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
        case .ctrl("k"): lines[row].removeSubrange(col...)
        case .ctrl("u"): lines[row].removeSubrange(..<col); col = 0
        case .up where multiline: up()
        case .down where multiline: down()
        case .enter where multiline, .ctrl("j") where multiline, .alt("\r") where multiline: newline()
        case .tab where multiline: insert("  ")
        default: return false
        }
        return true
    }
}
