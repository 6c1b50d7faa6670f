import Foundation
import Testing
import TestSupport
@testable import OSVMTUI

/// The obvious model: lines of characters, edited in place (the buffer before the rope).
struct NaiveBuffer {
    var lines: [[Character]] = [[]]
    var row = 0, col = 0
    init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) } }
    var text: String { lines.map { String($0) }.joined(separator: "\n") }

    mutating func insert(_ s: String) {
        for c in s {
            if c == "\n" {
                let rest = Array(lines[row][col...])
                lines[row].removeSubrange(col...)
                lines.insert(rest, at: row + 1)
                row += 1; col = 0
            } else { lines[row].insert(c, at: col); col += 1 }
        }
    }
    mutating func backspace() {
        if col > 0 { lines[row].remove(at: col - 1); col -= 1 }
        else if row > 0 { let l = lines.remove(at: row); row -= 1; col = lines[row].count; lines[row] += l }
    }
    mutating func deleteForward() {
        if col < lines[row].count { lines[row].remove(at: col) }
        else if row + 1 < lines.count { let n = lines.remove(at: row + 1); lines[row] += n }
    }
    mutating func delete(from a: (Int, Int), to b: (Int, Int)) {
        let tail = Array(lines[b.0][b.1...])
        lines[a.0].removeSubrange(a.1...)
        lines[a.0] += tail
        if b.0 > a.0 { lines.removeSubrange((a.0 + 1)...b.0) }
        row = a.0; col = a.1
    }
}

@Suite struct TextBufferTests {
    static let alphabet: [String] = ["a", "b", "(", ")", " ", "é", "日", "👍", "\n", "x\ny", "\n\n", "long line of text "]

    /// Random edits (typing, newlines, pastes, backspace, delete, range deletes, cursor
    /// moves) applied to the chunked buffer and to the naive model: same text and cursor
    /// after every step. Tiny chunks make the rope split and drop chunks all the time.
    @Test(arguments: [1 as UInt64, 7, 42, 2026])
    func randomEditsMatchTheNaiveModel(seed: UInt64) {
        var rng = SeededRandom(state: seed)
        let start = (0..<40).map { "(line \($0) 日本)" }.joined(separator: "\n")
        var b = TextBuffer(start, chunkTarget: 24)
        var m = NaiveBuffer(start)
        var most = 0
        for step in 0..<3000 {
            switch Int.random(in: 0..<12, using: &rng) {
            case 0, 1, 2, 3, 4:
                let s = Self.alphabet.randomElement(using: &rng)!
                b.insert(s); m.insert(s)
            case 5, 6: b.backspace(); m.backspace()
            case 7: b.deleteForward(); m.deleteForward()
            case 8:
                let r1 = Int.random(in: 0..<m.lines.count, using: &rng)
                let r2 = Int.random(in: r1..<min(m.lines.count, r1 + 4), using: &rng)
                let c1 = Int.random(in: 0...m.lines[r1].count, using: &rng)
                let c2 = r1 == r2 ? Int.random(in: c1...m.lines[r2].count, using: &rng) : Int.random(in: 0...m.lines[r2].count, using: &rng)
                #expect(b.text(from: (r1, c1), to: (r2, c2)) == NaiveBuffer(m.text).slice((r1, c1), (r2, c2)))
                b.delete(from: (r1, c1), to: (r2, c2)); m.delete(from: (r1, c1), to: (r2, c2))
            default:
                let r = Int.random(in: 0..<m.lines.count, using: &rng)
                let c = Int.random(in: 0...m.lines[r].count, using: &rng)
                b.row = r; b.col = c; m.row = r; m.col = c
            }
            guard b.text == m.text, b.row == m.row, b.col == m.col, b.lineCount == m.lines.count else {
                Issue.record("seed \(seed) step \(step): buffer and model differ"); return
            }
            most = max(most, b.store.chunkCount)
        }
        #expect(most > 10, "the rope never split: at most \(most) chunks")
        for r in 0..<m.lines.count { #expect(b.lines[r] == m.lines[r]) }
    }

    @Test func storeReplaceKeepsAtLeastOneLineAndReindexes() {
        var s = LineStore("a\nb\nc\nd", chunkTarget: 2)
        #expect(s.lineCount == 4 && s.chunkCount > 1)
        s.replace(1..<3, with: ["x", "y", "z"])
        #expect(s.text == "a\nx\ny\nz\nd" && s.lineCount == 5 && s.line(4) == "d")
        s.replace(5..<5, with: ["end"])
        #expect(s.text == "a\nx\ny\nz\nd\nend")
        s.replace(0..<6, with: [])
        #expect(s.text == "" && s.lineCount == 1)
        #expect(LineStore("same\ntext", chunkTarget: 1) == LineStore("same\ntext"))
        #expect(LineStore("same\ntext") != LineStore("same\ntexT"))
    }

    @Test func singleLineInputsEditAsBefore() {
        var b = TextBuffer("(+ 1 2)")
        b.moveToEnd()
        #expect(b.apply(.backspace, multiline: false) && b.text == "(+ 1 2" && b.col == 6)
        #expect(b.apply(.ctrl("u"), multiline: false) && b.text == "" && b.col == 0 && b.isEmpty)
        #expect(!b.apply(.enter, multiline: false) && b.lineCount == 1)
        b.insert("abc"); b.home(); b.right()
        #expect(b.apply(.ctrl("k"), multiline: false) && b.text == "a" && b.col == 1)
    }

    /// Undo and redo through random editing keys return exactly to each state, and the
    /// modified flag is exact: undo back to the loaded or saved text clears it.
    @Test func undoRedoRestoreTextAndSavedState() {
        var rng = SeededRandom(state: 99)
        var e = EditorState()
        // Some lines end in "\r" (a CRLF file) and hold wide and combined characters.
        let original = (0..<30).map { $0 % 3 == 0 ? "(define v\($0) \"日本\")\r" : "(define e\u{301}\($0) \($0))" }.joined(separator: "\n")
        e.load(text: original, path: "/tmp/x.ovsm")
        let keys: [Key] = [.char("a"), .char(" "), .char("("), .char("\u{301}"), .char("界"), .backspace, .delete, .enter, .tab,
                           .ctrl("k"), .ctrl("u"), .left, .right, .down, .up, .end]
        var texts = [e.buffer.text]
        for _ in 0..<400 {
            let k = keys.randomElement(using: &rng)!
            let before = e.buffer.text
            if e.apply(k) { e.history.seal(); if e.buffer.text != before { texts.append(e.buffer.text) } }
            else { _ = e.buffer.apply(k, multiline: true); e.history.seal() }
        }
        #expect(e.modified)
        let final = e.buffer.text
        var undone = 0
        while e.history.undo.count > 0 {
            e.undo(); undone += 1
            #expect(e.buffer.text == texts[texts.count - 1 - undone])
        }
        #expect(e.buffer.text == original && !e.modified)
        while !e.history.redo.isEmpty { e.redo() }
        #expect(e.buffer.text == final && e.modified)

        // Saved state: save, type a word, undo it → not modified; undo past the save → modified.
        e.saving(); e.saved()
        #expect(!e.modified)
        for c in "word" { _ = e.apply(.char(c)) }
        #expect(e.modified)
        e.undo()
        #expect(!e.modified && e.buffer.text == final)
        e.undo()
        #expect(e.modified)
        e.redo()
        #expect(!e.modified)
    }

    /// A 5 MB buffer: a keystroke rewrites one chunk and keeps a few lines for undo; the
    /// rest of the text stays shared with the copy taken before it (no timing involved).
    @Test func aKeystrokeInALargeBufferTouchesOneChunk() {
        let line = "(define account-balance (getBalance \"9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin\"))"
        let count = 5_000_000 / (line.utf8.count + 1)
        var e = EditorState()
        e.load(text: Array(repeating: line, count: count).joined(separator: "\n"), path: nil)
        #expect(e.buffer.lineCount == count && e.buffer.store.chunkCount > 250)
        e.buffer.row = count / 2
        e.scroll(height: 40)
        let before = e.buffer.store
        for c in "(x)" { _ = e.apply(.char(c)) }
        _ = e.apply(.enter)
        _ = e.apply(.backspace)
        #expect(e.buffer.store.chunksNotShared(with: before) == 1)
        #expect(e.history.undo.flatMap(\.edits).allSatisfy { $0.removed.count <= 1 && $0.inserted.count <= 1 })
        #expect(e.roles.count <= EditorState.window + 40)
        // Back to the top, then undo: the cursor jumps to the middle; the analysis covers
        // the rows around it, not everything from the old view down to it.
        e.buffer.row = 0; e.buffer.col = 0
        e.scroll(height: 40)
        #expect(e.top == 0 && e.rolesStart == 0)
        e.undo()
        #expect(e.roles.count <= 2 * EditorState.context + 40 + EditorState.formSearch)
        #expect(e.rolesStart > count / 2 - 400 && e.rolesStart <= count / 2)
        e.undo(); e.undo()
        #expect(e.buffer.store == before && !e.modified)
        #expect(e.buffer.store.chunksNotShared(with: before) <= 1)
    }
}

extension TextBufferTests {
    /// A 5 MB file on one line (minified): a keystroke keeps one character for undo, the
    /// line is shown uncoloured, and undo restores it exactly.
    @Test func aLongLineKeepsUndoSmall() {
        let line = String(repeating: "(define x 1) ", count: 400_000)
        var e = EditorState()
        e.load(text: "(first)\n" + line + "\n(last)", path: nil)
        e.buffer.row = 1; e.buffer.col = 2_000_000
        for c in "ab" { _ = e.apply(.char(c)) }
        _ = e.apply(.backspace)
        let edits = e.history.undo.flatMap(\.edits)
        #expect(edits.count == 3 && edits.allSatisfy { $0.removed.utf8.count + $0.inserted.utf8.count == 1 })
        #expect(e.role(row: 1, col: 0) == .text && e.role(row: 0, col: 0) == .bracket)   // long: uncoloured
        #expect(e.buffer.line(1).utf8.count == line.utf8.count + 1)
        e.undo(); e.undo()
        #expect(e.buffer.line(1) == line && !e.modified)
    }
}

extension NaiveBuffer {
    func slice(_ a: (Int, Int), _ b: (Int, Int)) -> String {
        if a.0 == b.0 { return String(lines[a.0][a.1..<b.1]) }
        var parts = [String(lines[a.0][a.1...])]
        for r in (a.0 + 1)..<b.0 { parts.append(String(lines[r])) }
        parts.append(String(lines[b.0][..<b.1]))
        return parts.joined(separator: "\n")
    }
}
