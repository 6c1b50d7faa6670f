import OVSMKit

/// A concrete syntax tree: the reader's forms plus what the reader throws away — comments,
/// blank lines and the exact spelling of atoms and strings. The formatter prints it; the
/// reader (`Reader.read`) stays the authority on what a program means.
///
///     let tree = try SyntaxTree.parse("(+ 1 2) ; sum")
///     tree.nodes  // [list (+ 1 2), comment "; sum" (trailing)]
public final class SyntaxNode {
    public enum Kind: Equatable {
        case atom           // number, symbol, keyword, literal: `text` as written
        case string         // `text` is the raw literal, quotes and escapes included
        case list(open: Character, close: Character)
        case prefix         // ' ` , ,@ : `text` is the prefix; the datum is the last child
        case comment        // `text` is the comment, from `;` to the end of its line
        case blankLine      // one or more empty lines between two items
    }

    public let kind: Kind
    public let text: String
    public var children: [SyntaxNode]
    /// Where the node starts (line, column, UTF-8 offset).
    public let line: Int
    public let column: Int
    public let offset: Int
    /// A comment that shares its line with the token before it (`(f x) ; why`).
    public let trailing: Bool

    init(_ kind: Kind, text: String = "", children: [SyntaxNode] = [], line: Int, column: Int, offset: Int, trailing: Bool = false) {
        self.kind = kind
        self.text = text
        self.children = children
        self.line = line
        self.column = column
        self.offset = offset
        self.trailing = trailing
    }

    /// Atoms, strings, lists and prefixed forms: the nodes that are forms.
    public var isDatum: Bool {
        switch kind {
        case .comment, .blankLine: return false
        default: return true
        }
    }

    /// Children that are forms (comments and blank lines skipped).
    public var datums: [SyntaxNode] { children.filter { $0.isDatum } }
    /// A parenthesised, bracketed or braced form.
    public var isList: Bool {
        if case .list = kind { return true }
        return false
    }

    /// The symbol an atom spells, if it is one (not a number, keyword or literal).
    public var symbolName: String? {
        guard kind == .atom, let first = text.unicodeScalars.first else { return nil }
        if first == ":" || text == "true" || text == "false" || text == "t" || text == "nil" || text == "null" { return nil }
        if Int(text) != nil || Double(text) != nil { return nil }
        return text
    }

    // Memo for the formatter (single line spelling or nil).
    var flatMemo: String??
}

public enum SyntaxTree {
    /// Parses `source` into top-level nodes. The source must read (`Reader.readProgram`);
    /// otherwise the reader's error is thrown, so broken code is never reformatted.
    public static func parse(_ source: String) throws(OVSMError) -> [SyntaxNode] {
        if case .failure(let e) = Reader.readProgram(source) { throw e }
        let bytes = Array(source.utf8)
        var stack: [(node: SyntaxNode?, items: [SyntaxNode])] = [(nil, [])]
        var previousEndLine = 0
        var sawToken = false

        func raw(_ t: Token) -> String {
            String(decoding: bytes[t.span.offset..<min(bytes.count, t.span.offset + t.span.length)], as: UTF8.self)
        }
        /// Adds a finished form to the innermost container, closing prefix forms it completes.
        func add(_ node: SyntaxNode) {
            var node = node
            while let top = stack.last?.node, top.kind == .prefix {
                let frame = stack.removeLast()
                top.children = frame.items.filter { $0.kind != .blankLine } + [node]
                node = top
            }
            stack[stack.count - 1].items.append(node)
        }

        for t in Lexer.tokenize(source) {
            let text = raw(t)
            if sawToken && t.span.line > previousEndLine + 1 {
                stack[stack.count - 1].items.append(SyntaxNode(.blankLine, line: t.span.line, column: 1, offset: t.span.offset))
            }
            let trailing = sawToken && t.span.line == previousEndLine
            sawToken = true
            previousEndLine = t.span.line + text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let (line, column, offset) = (t.span.line, t.span.column, t.span.offset)
            switch t.kind {
            case .open(let c):
                let close: Character = c == "(" ? ")" : c == "[" ? "]" : "}"
                stack.append((SyntaxNode(.list(open: c, close: close), line: line, column: column, offset: offset), []))
            case .close:
                let frame = stack.removeLast()
                guard let node = frame.node else { continue } // unreachable: the source reads
                node.children = trimBlankLines(frame.items)
                add(node)
            case .quote, .quasiquote, .unquote, .unquoteSplicing:
                stack.append((SyntaxNode(.prefix, text: text, line: line, column: column, offset: offset), []))
            case .string:
                add(SyntaxNode(.string, text: text, line: line, column: column, offset: offset))
            case .atom:
                add(SyntaxNode(.atom, text: text, line: line, column: column, offset: offset))
            case .comment:
                var c = Substring(text)
                // Comment text is kept (corpus headers are data) but for its line end: every
                // trailing CR goes, not only a CRLF's — dropping one per run made fmt change
                // a comment ending in several CRs at every run (found by the `tooling` fuzzer).
                while c.last == "\r" { c = c.dropLast() }
                stack[stack.count - 1].items.append(SyntaxNode(.comment, text: String(c), line: line, column: column, offset: offset, trailing: trailing))
            case .error(let message):
                throw OVSMError(.syntax, message, span: t.span)
            }
        }
        return trimBlankLines(stack.first?.items ?? [])
    }

    /// Blank lines count only between two items: the formatter drops leading and trailing
    /// ones, so the tree it reads back from its own output is the same tree (idempotence).
    static func trimBlankLines(_ items: [SyntaxNode]) -> [SyntaxNode] {
        var items = items[...]
        while items.first?.kind == .blankLine { items = items.dropFirst() }
        while items.last?.kind == .blankLine { items = items.dropLast() }
        return Array(items)
    }
}
