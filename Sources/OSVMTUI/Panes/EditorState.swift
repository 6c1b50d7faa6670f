import OVSMKit

/// The script editor: one buffer, its file, undo/redo, and what the lexer and reader
/// found (syntax roles per character, matching brackets, the first reader error).
public struct EditorState: Sendable, Equatable {
    public struct Snapshot: Sendable, Equatable { var lines: [[Character]]; var row: Int; var col: Int }
    public struct Position: Sendable, Hashable { public var row: Int; public var col: Int }

    public var buffer = TextBuffer()
    public var path: String?
    public var modified = false
    var undoStack: [Snapshot] = []
    var redoStack: [Snapshot] = []
    /// Syntax role for every character, line by line (recomputed after each edit).
    public var roles: [[Role]] = [[]]
    /// Bracket partner of every bracket character.
    public var partners: [Position: Position] = [:]
    /// First reader error, if the buffer does not read.
    public var readError: (position: Position, message: String)?
    public var top = 0
    /// Selection anchor (Ctrl-Space); the selection runs from here to the cursor.
    public var mark: Position?

    /// The selection as (start, end), start first.
    public var selection: (Position, Position)? {
        guard let m = mark else { return nil }
        let c = Position(row: buffer.row, col: buffer.col)
        return (m.row, m.col) <= (c.row, c.col) ? (m, c) : (c, m)
    }

    public var selectedText: String? {
        guard let (a, b) = selection else { return nil }
        return buffer.text(from: (a.row, a.col), to: (b.row, b.col))
    }

    mutating func deleteSelection() {
        guard let (a, b) = selection else { return }
        recordUndo()
        buffer.delete(from: (a.row, a.col), to: (b.row, b.col))
        mark = nil
        modified = true
        analyze()
    }

    public static func == (a: EditorState, b: EditorState) -> Bool {
        a.buffer == b.buffer && a.path == b.path && a.modified == b.modified && a.top == b.top
    }

    static let undoLimit = 500

    mutating func recordUndo() {
        undoStack.append(Snapshot(lines: buffer.lines, row: buffer.row, col: buffer.col))
        if undoStack.count > Self.undoLimit { undoStack.removeFirst() }
        redoStack.removeAll()
    }

    mutating func undo() {
        guard let s = undoStack.popLast() else { return }
        redoStack.append(Snapshot(lines: buffer.lines, row: buffer.row, col: buffer.col))
        restore(s)
    }

    mutating func redo() {
        guard let s = redoStack.popLast() else { return }
        undoStack.append(Snapshot(lines: buffer.lines, row: buffer.row, col: buffer.col))
        restore(s)
    }

    private mutating func restore(_ s: Snapshot) {
        buffer.lines = s.lines; buffer.row = s.row; buffer.col = s.col
        mark = nil
        modified = true
        analyze()
    }

    public mutating func load(text: String, path: String?) {
        buffer = TextBuffer(text)
        self.path = path
        modified = false
        undoStack.removeAll(); redoStack.removeAll()
        mark = nil
        top = 0
        analyze()
    }

    /// Keeps the cursor row inside a viewport of `height` rows.
    mutating func scroll(height: Int) {
        guard height > 0 else { return }
        if buffer.row < top { top = buffer.row }
        if buffer.row >= top + height { top = buffer.row - height + 1 }
    }

    /// Re-lexes and re-reads the buffer (pure; done after every edit).
    public mutating func analyze() {
        let analysis = SyntaxAnalysis(lines: buffer.lines)
        roles = analysis.roles
        partners = analysis.partners
        readError = analysis.readError
    }
}
