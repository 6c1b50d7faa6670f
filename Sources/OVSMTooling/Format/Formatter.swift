import OVSMKit

/// `osvm ovsm fmt`: one canonical layout for OVSM source (docs/FMT.md).
///
/// The layout depends only on the forms, the comments (and whether each one trails code on
/// its line) and the blank lines between items — never on the input's indentation — so
/// formatting is idempotent. Atoms and strings are copied as written, so the formatted
/// program reads to the same forms.
///
///     try Formatter.format("(defun f (x)\n(* x x))")   // "(defun f (x) (* x x))\n"
public enum Formatter {
    public static let defaultWidth = 100

    /// The formatted source. Source that does not read throws the reader's error.
    public static func format(_ source: String, width: Int = defaultWidth) throws(OVSMError) -> String {
        let nodes = try SyntaxTree.parse(source)
        return Layout(width: width).top(nodes)
    }
}

struct Layout {
    let width: Int

    /// Top level: one item per line, blank-line groups kept (as one empty line), trailing
    /// comments kept on their line, exactly one final newline.
    func top(_ nodes: [SyntaxNode]) -> String {
        var out = ""
        var pendingBlank = false
        for n in nodes {
            switch n.kind {
            case .blankLine:
                pendingBlank = !out.isEmpty
            case .comment where n.trailing && !out.isEmpty:
                out += " " + n.text
            default:
                if !out.isEmpty { out += pendingBlank ? "\n\n" : "\n" }
                pendingBlank = false
                out += n.kind == .comment ? n.text : render(n, col: 0, role: .normal)
            }
        }
        return out.isEmpty ? "" : out + "\n"
    }

    static func width(_ s: String) -> Int { s.unicodeScalars.count }

    /// The node on one line, or nil when it cannot be (a comment, a blank line or a
    /// multi-line string inside).
    func flat(_ n: SyntaxNode) -> String? {
        if let memo = n.flatMemo { return memo }
        let result: String?
        switch n.kind {
        case .atom: result = n.text
        case .string: result = n.text.contains("\n") ? nil : n.text
        case .comment, .blankLine: result = nil
        case .prefix:
            if n.children.count == 1, let d = flat(n.children[0]) { result = n.text + d } else { result = nil }
        case .list(let open, let close):
            var parts: [String] = []
            var ok = true
            for c in n.children {
                guard let f = flat(c) else { ok = false; break }
                parts.append(f)
            }
            result = ok ? String(open) + parts.joined(separator: " ") + String(close) : nil
        }
        n.flatMemo = .some(result)
        return result
    }

    func render(_ n: SyntaxNode, col: Int, role: FormRole) -> String {
        switch n.kind {
        case .atom, .string, .comment, .blankLine:
            return n.text
        case .prefix:
            let inner = col + Layout.width(n.text)
            var out = n.text
            for c in n.children.dropLast() where c.kind == .comment {
                out += c.text + "\n" + String(repeating: " ", count: inner)
            }
            if let d = n.children.last { out += render(d, col: inner, role: role) }
            return out
        case .list:
            let style = FormStyles.style(of: n, role: role)
            if let f = flat(n), col + Layout.width(f) <= width, allowsFlat(n, style) { return f }
            return broken(n, col: col, style: style, role: role)
        }
    }

    /// Body forms with two or more body forms always break, whatever their width.
    func allowsFlat(_ n: SyntaxNode, _ style: FormStyle) -> Bool {
        if case .body(let k) = style { return n.datums.count - 1 - k <= 1 }
        return true
    }

    /// The multi-line layout of a list in `style`, starting at column `col`.
    func broken(_ n: SyntaxNode, col: Int, style: FormStyle, role: FormRole) -> String {
        guard case .list(let open, let close) = n.kind else { return n.text }
        let datums = n.datums
        let head = datums.first?.symbolName
        let inner = col + 1
        var out = String(open)
        var curCol = inner
        var lineHasItem = false      // something follows the opener on the current line
        var onFirstLine = true
        var afterComment = false     // a comment ended the line: the next item starts a new one
        var emitted = false
        var pendingBlank = false
        var index = 0
        // Call style aligns arguments under the first when the head is a short symbol.
        let alignCol: Int? = {
            guard style == .call, let h = head, Layout.width(h) <= 20 else { return nil }
            return col + 2 + Layout.width(h)
        }()
        let loopStarts = style == .loop ? loopSegmentStarts(datums) : []
        var segmentCol = col + 2

        func newline(_ c: Int) {
            out += pendingBlank ? "\n\n" : "\n"
            out += String(repeating: " ", count: c)
            pendingBlank = false
            curCol = c
            lineHasItem = false
            onFirstLine = false
            afterComment = false
        }
        func fits(_ d: SyntaxNode) -> Bool {
            guard let f = flat(d) else { return false }
            return curCol + (lineHasItem ? 1 : 0) + Layout.width(f) <= width
        }
        func append(_ text: String) {
            if let nl = text.lastIndex(of: "\n") {
                curCol = Layout.width(String(text[text.index(after: nl)...]))
            } else {
                curCol += Layout.width(text)
            }
            out += text
            lineHasItem = true
        }
        /// Where the datum at `i` goes: nil = on the current line, else the column of a new line.
        func placement(_ i: Int, _ d: SyntaxNode) -> Int? {
            if i == 0 { return nil }
            // A multi-line string continues the first line: `(define doc "…` not `(define doc\n  "…`.
            if onFirstLine && d.kind == .string && d.text.contains("\n") { return nil }
            switch style {
            case .body(let k), .clauses(let k):
                // A header form that is itself a list (a binding list, a parameter list, a
                // test) stays on the opening line and breaks in place, the usual Lisp layout.
                if i <= k {
                    if onFirstLine, fits(d) || d.isList { return nil }
                    return col + 4
                }
                return col + 2
            case .call:
                if let a = alignCol {
                    if i == 1 && onFirstLine { return nil }
                    return a
                }
                return col + 2
            case .data:
                return inner
            case .fill:
                return fits(d) ? nil : inner
            case .pairs:
                return i % 2 == 1 ? nil : inner
            case .loop:
                if loopStarts.contains(i) {
                    if i == 1 && onFirstLine && fits(d) { return nil }
                    segmentCol = col + 2
                    return segmentCol
                }
                return fits(d) ? nil : segmentCol + 2
            }
        }

        for child in n.children {
            switch child.kind {
            case .blankLine:
                pendingBlank = emitted
                continue
            case .comment:
                if child.trailing && lineHasItem {
                    out += " " + child.text
                } else {
                    newline(index == 0 ? inner : restColumn(style, col: col, alignCol: alignCol))
                    out += child.text
                }
                afterComment = true
                lineHasItem = true
                emitted = true
                continue
            default:
                break
            }
            var target = placement(index, child)
            if target == nil && (afterComment || pendingBlank) {
                target = index == 0 ? inner : restColumn(style, col: col, alignCol: alignCol)
            }
            if let c = target { newline(c) }
            let childRole = FormStyles.childRole(head: head, style: style, parentRole: role, index: index)
            let at = curCol + (lineHasItem ? 1 : 0)
            if lineHasItem { out += " "; curCol += 1 }
            append(render(child, col: at, role: childRole))
            emitted = true
            index += 1
        }
        if afterComment { newline(inner) }
        out += String(close)
        return out
    }

    /// The column of an item that must start a new line (after a comment or a blank line).
    func restColumn(_ style: FormStyle, col: Int, alignCol: Int?) -> Int {
        switch style {
        case .body, .clauses, .loop: return col + 2
        case .call: return alignCol ?? col + 2
        case .data, .fill, .pairs: return col + 1
        }
    }

    /// Indices of the datums that start a `loop` clause; a guard (`when TEST`) keeps the
    /// clause it guards on its line.
    func loopSegmentStarts(_ datums: [SyntaxNode]) -> Set<Int> {
        var starts: Set<Int> = []
        var lastStart = -1
        for (i, d) in datums.enumerated() where i > 0 {
            guard let s = d.symbolName, FormStyles.loopKeywords.contains(s) else { continue }
            if lastStart > 0, i == lastStart + 2, let g = datums[lastStart].symbolName, FormStyles.loopGuards.contains(g) {
                continue
            }
            // `for x in xs` / `sum x into y`: keywords inside a clause (`in`, `into`) are not in the set.
            starts.insert(i)
            lastStart = i
        }
        if datums.count > 1 { starts.insert(1) }
        return starts
    }
}
