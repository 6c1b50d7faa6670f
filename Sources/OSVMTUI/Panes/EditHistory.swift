/// Undo that stores edits, not snapshots: each edit keeps only the lines it replaced and
/// the lines it wrote, so undo memory and time follow the edit, not the file size.
/// Edits are grouped (a word typed, a run of deletions, one command) and every group has
/// a version number, which makes "is this the saved text?" an exact comparison.
struct EditHistory: Sendable {
    struct Edit: Sendable {
        var row: Int
        var before: [String]
        var after: [String]
        var cursorBefore: EditorState.Position
        var cursorAfter: EditorState.Position
    }
    enum Kind: Sendable, Equatable { case typing, deleting, other }
    struct Group: Sendable {
        var version: Int
        var kind: Kind
        var edits: [Edit]
        var sealed = false
        var lastChar: Character?
    }

    var undo: [Group] = []
    var redo: [Group] = []
    var nextVersion = 1
    static let limit = 1000

    /// The version of the current text (0: as loaded).
    var version: Int { undo.last?.version ?? 0 }

    /// Records `edit`; continues the open group when it is the same kind of edit right
    /// where the last one ended (typing stops a group at the start of a new word).
    mutating func record(_ edit: Edit, kind: Kind, char: Character? = nil) {
        redo.removeAll()
        if var g = undo.last, !g.sealed, kind != .other, g.kind == kind,
           g.edits.last?.cursorAfter == edit.cursorBefore,
           !(kind == .typing && (char?.isWhitespace ?? false) && !(g.lastChar?.isWhitespace ?? false)) {
            g.edits.append(edit)
            g.lastChar = char
            undo[undo.count - 1] = g
            return
        }
        undo.append(Group(version: nextVersion, kind: kind, edits: [edit], sealed: kind == .other, lastChar: char))
        nextVersion += 1
        if undo.count > Self.limit { undo.removeFirst(undo.count - Self.limit) }
    }

    /// Ends the open group (after a save, an undo, a cursor jump).
    mutating func seal() {
        if !undo.isEmpty { undo[undo.count - 1].sealed = true }
    }

    mutating func reset() { undo.removeAll(); redo.removeAll() }
}
