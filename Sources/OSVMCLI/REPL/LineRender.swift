/// What the line editor writes to redraw its input: a pure function of the prompt, the
/// buffer, the cursor and the terminal width, linear in the buffer's length (one pass to
/// emit the text, one to find where it ends and where the cursor goes).
enum LineRender {
    /// The escape sequences and text that redraw `prompt` + `buffer` starting from the
    /// prompt's first row (the cursor being `cursorRow` rows below it), and the row the
    /// cursor is left on.
    static func frame(prompt: String, continuationPrompt: String, buffer: [Character], cursor pos: Int,
                      cursorRow: Int, columns: Int) -> (text: String, cursorRow: Int) {
        let cols = max(columns, 2)
        var out = ""
        out.reserveCapacity(buffer.count + prompt.utf8.count + 32)
        if cursorRow > 0 { out += "\u{1B}[\(cursorRow)A" }
        out += "\r\u{1B}[J" + prompt
        // One walk computes both the end of the text and where the cursor goes.
        let contWidth = TextWidth.of(continuationPrompt)
        var row = 0
        var col = TextWidth.of(prompt)
        if col >= cols { row += col / cols; col %= cols }
        var cursor = (row: row, col: col)
        for (i, ch) in buffer.enumerated() {
            if i == pos { cursor = (row, col) }
            if ch == "\n" {
                out += "\r\n"
                out += continuationPrompt
                row += 1
                col = contWidth
                continue
            }
            out.append(ch)
            let w = TextWidth.of(ch)
            if col + w > cols {
                row += 1
                col = 0
            }
            col += w
        }
        if pos >= buffer.count { cursor = (row, col) }
        var endRow = row
        if col >= cols {
            out += "\r\n"
            endRow += 1
        }
        if cursor.col >= cols { cursor = (cursor.row + 1, 0) }
        if endRow > cursor.row { out += "\u{1B}[\(endRow - cursor.row)A" }
        out += "\r"
        if cursor.col > 0 { out += "\u{1B}[\(cursor.col)C" }
        return (out, cursor.row)
    }
}
