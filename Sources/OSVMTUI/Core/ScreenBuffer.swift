/// One terminal cell: a grapheme, its display width (2 for CJK/emoji; the cell to its
/// right is then a width-0 continuation) and a style role.
public struct Cell: Sendable, Equatable {
    public var char: Character
    public var width: UInt8
    public var role: Role
    public static let blank = Cell(char: " ", width: 1, role: .text)
}

/// The frame every renderer draws into; the terminal adapter diffs two of them.
/// Pure data: tests render panes into one and compare plain-text snapshots.
///
///     var b = ScreenBuffer(width: 10, height: 1)
///     b.put("日本", x: 0, y: 0, role: .text)   // 4 columns used
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (nil = hidden).
    public var cursor: (x: Int, y: Int)? = nil

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
            && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Fills a rectangle with blanks of `role`.
    public mutating func fill(_ r: Rect, role: Role = .text, char: Character = " ") {
        let x0 = max(0, r.x), x1 = min(width, r.maxX), y0 = max(0, r.y), y1 = min(height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        let c = Cell(char: char, width: 1, role: role)
        for y in y0..<y1 {
            let base = y * width
            for x in x0..<x1 { cells[base + x] = c }
        }
    }

    /// Writes `text` from (x, y), clipped at `limit` (exclusive column, default the
    /// buffer edge). Returns the column after the last written cell.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(limit ?? width, width)
        var col = x
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Fast path: printable ASCII, one cell per byte.
            for byte in text.utf8 {
                if col + 1 > end { break }
                if col >= 0 { setCell(col, y, Cell(char: Character(Unicode.Scalar(byte)), width: 1, role: role)) }
                col += 1
            }
            return col
        }
        for ch in text {
            var w = DisplayWidth.of(ch)
            var c = ch
            if w == 0 {
                if ch == "\t" { c = " "; w = 1 } else { continue }
            }
            if col + w > end { break }
            if col >= 0 { setCell(col, y, Cell(char: c, width: UInt8(w), role: role)) }
            col += w
        }
        return col
    }

    /// `count` copies of a single-width character (borders, rules).
    public mutating func repeatChar(_ ch: Character, x: Int, y: Int, count: Int, role: Role) {
        guard y >= 0, y < height else { return }
        let x0 = max(0, x), x1 = min(width, x + count)
        guard x0 < x1 else { return }
        let cell = Cell(char: ch, width: 1, role: role)
        for i in x0..<x1 { setCell(i, y, cell) }
    }

    /// Changes the role of cells in a row span without touching their characters.
    public mutating func restyle(x: Int, y: Int, count: Int, role: Role) {
        guard y >= 0, y < height else { return }
        let x0 = max(0, x), x1 = min(width, x + count)
        guard x0 < x1 else { return }
        for i in x0..<x1 { cells[y * width + i].role = role }
    }

    mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * width + x
        // Never leave half a wide character behind.
        if cells[i].width == 0, x > 0 { cells[i - 1] = Cell(char: " ", width: 1, role: cells[i - 1].role) }
        if cells[i].width == 2, x + 1 < width { cells[i + 1] = Cell(char: " ", width: 1, role: cells[i + 1].role) }
        if cell.width == 2 {
            guard x + 1 < width else { cells[i] = Cell(char: " ", width: 1, role: cell.role); return }
            if cells[i + 1].width == 2, x + 2 < width {
                cells[i + 2] = Cell(char: " ", width: 1, role: cells[i + 2].role)
            }
            cells[i] = cell
            cells[i + 1] = Cell(char: " ", width: 0, role: cell.role)
        } else {
            cells[i] = cell
        }
    }

    /// Row `y` as plain text (continuation cells skipped, trailing spaces kept).
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where cells[y * width + x].width != 0 { s.append(cells[y * width + x].char) }
        return s
    }

    /// Every row as text with trailing spaces trimmed (tests and snapshots).
    public var lines: [String] {
        (0..<height).map { y in
            var l = line(y)
            while l.last == " " { l.removeLast() }
            return l
        }
    }

    /// Snapshot text: the lines, then the style runs per row (`row: start-end role`).
    public var snapshot: String {
        var out = lines.map { "|" + $0 }.joined(separator: "\n") + "\n--- styles\n"
        for y in 0..<height where width > 0 {
            var runs: [String] = []
            var start = 0
            for x in 1...width {
                if x == width || cells[y * width + x].role != cells[y * width + start].role {
                    let role = cells[y * width + start].role
                    if role != .text { runs.append("\(start)-\(x - 1) \(role.themeKey)") }
                    start = x
                }
            }
            if !runs.isEmpty { out += "\(y): " + runs.joined(separator: ", ") + "\n" }
        }
        return out
    }
}
