import OVSMKit

/// Lexer tokens → a role per character, bracket pairs and the reader's first error.
/// Token spans are UTF-8 byte offsets; they are mapped back to (line, character).
struct SyntaxAnalysis {
    var roles: [[Role]]
    var partners: [EditorState.Position: EditorState.Position] = [:]
    var readError: (position: EditorState.Position, message: String)?

    static let keywords: Set<String> = [
        "define", "defun", "defmacro", "lambda", "fn", "let", "let*", "letrec", "if", "when", "unless",
        "cond", "case", "while", "for", "do", "dotimes", "dolist", "loop", "set!", "setq", "setf",
        "begin", "progn", "return", "return-from", "quote", "quasiquote", "try", "catch", "throw",
        "and", "or", "not", "block", "break", "continue", "const", "defvar", "defparameter",
        "destructuring-bind", "multiple-value-bind", "unwind-protect", "else", "eval", "apply",
    ]

    /// Analyses `lines` (rows `firstRow…` of the buffer). `whole`: they are the entire
    /// buffer, so the reader runs and an unmatched `)` is an error; `atEnd`: they reach
    /// the end of the buffer, so a bracket left open is an error.
    init(lines: [[Character]], firstRow: Int = 0, whole: Bool = true, atEnd: Bool = true) {
        roles = lines.map { Array(repeating: Role.text, count: $0.count) }
        // Byte offset of every character, and the (row, col) it belongs to.
        var starts: [Int] = []
        var positions: [EditorState.Position] = []
        var offset = 0
        for (r, line) in lines.enumerated() {
            for (c, ch) in line.enumerated() {
                starts.append(offset); positions.append(.init(row: firstRow + r, col: c))
                offset += ch.utf8.count
            }
            offset += 1  // newline
        }
        let text = lines.map { String($0) }.joined(separator: "\n")
        let tokens = Lexer.tokenize(text)
        var stack: [(Character, EditorState.Position)] = []
        var idx = 0
        for t in tokens {
            let role = Self.role(of: t)
            while idx < starts.count, starts[idx] < t.span.offset { idx += 1 }
            var j = idx
            while j < starts.count, starts[j] < t.span.offset + max(1, t.span.length) {
                let p = positions[j]
                roles[p.row - firstRow][p.col] = role
                j += 1
            }
            guard idx < positions.count else { continue }
            let here = positions[idx]
            switch t.kind {
            case .open(let c): stack.append((c, here))
            case .close:
                if let (_, open) = stack.popLast() {
                    partners[open] = here; partners[here] = open
                } else if whole {
                    roles[here.row - firstRow][here.col] = .syntaxError
                }
            default: break
            }
        }
        if atEnd { for (_, p) in stack { roles[p.row - firstRow][p.col] = .syntaxError } }
        if whole, case .error(let e) = Reader.read(text), let span = e.span {
            readError = (EditorState.Position(row: max(0, span.line - 1), col: max(0, span.column - 1)), e.message)
        }
    }

    static func role(of t: Token) -> Role {
        switch t.kind {
        case .open, .close: return .bracket
        case .quote, .quasiquote, .unquote, .unquoteSplicing: return .keyword
        case .string: return .string
        case .comment: return .comment
        case .error: return .syntaxError
        case .atom(let a):
            if keywords.contains(a) { return .keyword }
            if a.hasPrefix(":") { return .symbol }
            if let f = a.first, f.isNumber || ((f == "-" || f == "+") && a.count > 1 && a.dropFirst().first?.isNumber == true) {
                return .number
            }
            if a == "true" || a == "false" || a == "null" || a == "nil" { return .number }
            return .text
        }
    }
}
