/// Undo that stores edits, not snapshots: each edit keeps where it happened, the text it
/// removed and the text it inserted (a typed character is one character, even on a
/// 5 MB line), so undo memory and time follow the edit, not the file size.
/// Edits are grouped (a word typed, a run of deletions, one command) and every group has
/// a version number, which makes "is this the saved text?" an exact comparison.
struct EditHistory: Sendable {
    struct Edit: Sendable {
        /// Where the change starts (the same in the text before and after it).
        var at: EditorState.Position
        var removed: String
        var inserted: String
        var cursorBefore: EditorState.Position
        var cursorAfter: EditorState.Position

        /// The change that turns lines `before` into `after` (both starting at row `row`):
        /// what lies between their common prefix and common suffix, in characters.
        static func between(_ before: [String], _ after: [String], row: Int,
                            cursorBefore: EditorState.Position, cursorAfter: EditorState.Position) -> Edit {
            let b = before.joined(separator: "\n"), a = after.joined(separator: "\n")
            var ib = b.startIndex, ia = a.startIndex
            var at = EditorState.Position(row: row, col: 0)
            while ib < b.endIndex, ia < a.endIndex, b[ib] == a[ia] {
                // "\r\n" is one character in a joined text, two positions in the buffer's
                // lines ("\r" ends the line): either way it ends a row.
                if b[ib] == "\n" || b[ib] == "\r\n" { at.row += 1; at.col = 0 } else { at.col += 1 }
                b.formIndex(after: &ib); a.formIndex(after: &ia)
            }
            var jb = b.endIndex, ja = a.endIndex
            while jb > ib, ja > ia {
                let pb = b.index(before: jb), pa = a.index(before: ja)
                guard b[pb] == a[pa] else { break }
                jb = pb; ja = pa
            }
            return Edit(at: at, removed: String(b[ib..<jb]), inserted: String(a[ia..<ja]),
                        cursorBefore: cursorBefore, cursorAfter: cursorAfter)
        }

        /// The position after `text` written at `p`.
        static func end(of text: String, at p: EditorState.Position) -> EditorState.Position {
            // Rows split at the newline byte, as the buffer's lines do.
            let parts = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            return parts.count <= 1 ? .init(row: p.row, col: p.col + text.count)
                : .init(row: p.row + parts.count - 1, col: String(Substring(parts[parts.count - 1])).count)
        }
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
