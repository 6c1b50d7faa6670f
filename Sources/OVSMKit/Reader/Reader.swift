/// Tokens → datums (spec §1). Incremental: a read either yields all forms, says the input
/// stops inside a form (*need more*: the REPL shows a continuation prompt), or reports a
/// located `syntax`/`limit` error. The REPL, the editor and `run` share it.
///
///     Reader.read("(+ 1")        // .needMore
///     Reader.read("(+ 1 2) x")  // .forms([(+ 1 2), x])
public enum ReadResult: Sendable {
    case forms([Datum])
    case needMore
    case error(OVSMError)
}

public struct Reader {
    /// Nesting beyond this is a `limit` error (spec §1).
    public static let maxNesting = 1000

    var lexer: Lexer
    var peeked: Token?
    var depth = 0

    init(_ source: String) { lexer = Lexer(source) }

    /// Reads every form of `source`.
    public static func read(_ source: String) -> ReadResult {
        var r = Reader(source)
        var forms: [Datum] = []
        do throws(ReadFailure) {
            while let d = try r.readForm() { forms.append(d) }
            return .forms(forms)
        } catch {
            switch error {
            case .needMore: return .needMore
            case .error(let err): return .error(err)
            }
        }
    }

    /// Reads a whole program; running out of input inside a form is a `syntax` error.
    public static func readProgram(_ source: String) -> Result<[Datum], OVSMError> {
        switch read(source) {
        case .forms(let f): return .success(f)
        case .error(let e): return .failure(e)
        case .needMore:
            var r = Reader(source)
            return .failure(r.unclosedError())
        }
    }

    enum ReadFailure: Error {
        case needMore
        case error(OVSMError)
    }

    mutating func nextToken() -> Token? {
        if let p = peeked {
            peeked = nil
            return p
        }
        return lexer.next()
    }

    /// form ::= atom | string | '(' form* ')' | '[' form* ']' | '{' (key form)* '}'
    ///        | "'" form | '`' form | ',' form | ',@' form
    mutating func readForm() throws(ReadFailure) -> Datum? {
        guard let t = nextToken() else { return nil }
        return try readForm(startingWith: t)
    }

    mutating func readForm(startingWith t: Token) throws(ReadFailure) -> Datum {
        switch t.kind {
        case .open(let c):
            depth += 1
            if depth > Reader.maxNesting {
                throw .error(OVSMError(.limit, "nesting deeper than \(Reader.maxNesting) levels", span: t.span))
            }
            defer { depth -= 1 }
            let close: Character = c == "(" ? ")" : c == "[" ? "]" : "}"
            var items: [Datum] = []
            while true {
                guard let n = nextToken() else { throw .needMore }
                if case .close(let cc) = n.kind {
                    if cc != close {
                        throw .error(OVSMError(.syntax, "expected '\(close)' to close '\(c)' opened at \(t.span.line):\(t.span.column), found '\(cc)'", span: n.span))
                    }
                    break
                }
                items.append(try readForm(startingWith: n))
            }
            switch c {
            case "(": return Datum(.list(items), t.span)
            case "[": return Datum(.array(items), t.span)
            default: return try objectLiteral(items, t.span)
            }
        case .close(let c):
            throw .error(OVSMError(.syntax, "unexpected '\(c)'", span: t.span))
        case .quote, .quasiquote, .unquote, .unquoteSplicing:
            let name: String
            switch t.kind {
            case .quote: name = "quote"
            case .quasiquote: name = "quasiquote"
            case .unquote: name = "unquote"
            default: name = "unquote-splicing"
            }
            guard let n = nextToken() else { throw .needMore }
            if case .close = n.kind {
                throw .error(OVSMError(.syntax, "nothing to quote before closing bracket", span: n.span))
            }
            depth += 1
            defer { depth -= 1 }
            if depth > Reader.maxNesting {
                throw .error(OVSMError(.limit, "nesting deeper than \(Reader.maxNesting) levels", span: t.span))
            }
            let inner = try readForm(startingWith: n)
            return Datum(.list([Datum(.atom(.symbol(Symbol.intern(name))), t.span), inner]), t.span)
        case .string(let s):
            return Datum(.atom(.string(s)), t.span)
        case .atom(let text):
            return Datum(.atom(try Reader.classify(text, t.span)), t.span)
        case .comment:
            guard let n = nextToken() else { throw .needMore }
            return try readForm(startingWith: n)
        case .error(let m):
            if m == Lexer.unterminated { throw .needMore }
            throw .error(OVSMError(.syntax, m, span: t.span))
        }
    }

    /// '{' (key value)* '}' with keyword or string-literal keys.
    func objectLiteral(_ items: [Datum], _ span: SourceSpan) throws(ReadFailure) -> Datum {
        guard items.count % 2 == 0 else {
            throw .error(OVSMError(.syntax, "object literal needs key/value pairs (odd number of items)", span: span))
        }
        var pairs: [(key: String, value: Datum)] = []
        pairs.reserveCapacity(items.count / 2)
        var i = 0
        while i < items.count {
            let k = items[i]
            let key: String
            switch k.kind {
            case .atom(.keyword(let s)): key = s.name
            case .atom(.string(let s)): key = s
            default:
                throw .error(OVSMError(.syntax, "object key must be a keyword or a string literal", span: k.span))
            }
            if let idx = pairs.firstIndex(where: { $0.key == key }) {
                pairs[idx].value = items[i + 1]   // later wins, first position kept
            } else {
                pairs.append((key, items[i + 1]))
            }
            i += 2
        }
        return Datum(.object(pairs), span)
    }

    /// Atom classification of spec §1: integer, float, reserved literal, keyword, symbol.
    /// Decided from the first bytes, so most atoms are classified without scanning twice.
    static func classify(_ text: String, _ span: SourceSpan) throws(ReadFailure) -> Value {
        let utf8 = text.utf8
        let first = utf8.first ?? 0
        let isDigit = first >= 0x30 && first <= 0x39
        let isSign = first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
        if isDigit || (isSign && utf8.count > 1) {
            let parsed: Value?? = utf8.withContiguousStorageIfAvailable { buf -> Value? in
                parseNumber(buf, text, span)
            }
            if let p = parsed {
                if let v = p { return v }
            } else if let v = parseNumber(Array(utf8), text, span) {
                return v
            }
            if isDigit || isSign {
                // Out-of-range integers are syntax errors, not symbols.
                if let e = integerOverflow(text, span) { throw e }
            }
        }
        switch first {
        case UInt8(ascii: "t"):
            if text == "true" || text == "t" { return .bool(true) }
        case UInt8(ascii: "f"):
            if text == "false" { return .bool(false) }
        case UInt8(ascii: "n"):
            if text == "null" || text == "nil" { return .null }
        case UInt8(ascii: ":"):
            if utf8.count == 1 { throw .error(OVSMError(.syntax, "lone ':' is not a keyword", span: span)) }
            return .keyword(Symbol.intern(String(text.dropFirst())))
        case UInt8(ascii: "#"):
            throw .error(OVSMError(.syntax, "'\(text)': atoms starting with '#' are reserved", span: span))
        default:
            break
        }
        return .symbol(Symbol.intern(text))
    }

    /// A syntax error when `text` is an integer literal outside the 64-bit range.
    static func integerOverflow(_ text: String, _ span: SourceSpan) -> ReadFailure? {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return .error(OVSMError(.syntax, "integer literal \(text) is out of the 64-bit range", span: span))
    }

    /// int ::= [+-]?[0-9]+ ; float ::= [+-]?[0-9]+\.[0-9]+([eE][+-]?[0-9]+)? | [+-]?[0-9]+[eE][+-]?[0-9]+
    /// nil when `u` is not a number (an out-of-range integer is nil too; see `integerOverflow`).
    static func parseNumber<C: RandomAccessCollection>(_ u: C, _ text: String, _ span: SourceSpan) -> Value?
        where C.Element == UInt8, C.Index == Int {
        let start = u.startIndex, end = u.endIndex
        var i = start
        var negative = false
        if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            negative = u[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var value = 0
        var overflow = false
        while i < end, u[i] >= 0x30, u[i] <= 0x39 {
            let d = Int(u[i] - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { overflow = true }
            value = a
            i += 1
        }
        if i == digitsStart { return nil }
        if i == end { return overflow ? nil : .int(value) }
        var j = i
        var isFloat = false
        if u[j] == UInt8(ascii: ".") {
            var k = j + 1
            while k < end, u[k] >= 0x30, u[k] <= 0x39 { k += 1 }
            if k == j + 1 { return nil }
            j = k
            isFloat = true
        }
        if j < end && (u[j] == UInt8(ascii: "e") || u[j] == UInt8(ascii: "E")) {
            var k = j + 1
            if k < end && (u[k] == UInt8(ascii: "+") || u[k] == UInt8(ascii: "-")) { k += 1 }
            let expStart = k
            while k < end, u[k] >= 0x30, u[k] <= 0x39 { k += 1 }
            if k == expStart { return nil }
            j = k
            isFloat = true
        }
        guard isFloat, j == end, let d = Double(text) else { return nil }
        return .float(d)
    }

    /// The error for input that ends inside a form: points at the innermost unclosed opener.
    mutating func unclosedError() -> OVSMError {
        var stack: [Token] = []
        var lastString: Token? = nil
        while let t = lexer.next() {
            switch t.kind {
            case .open: stack.append(t)
            case .close: if !stack.isEmpty { stack.removeLast() }
            case .error(let m) where m == Lexer.unterminated: lastString = t
            default: break
            }
        }
        if let s = lastString { return OVSMError(.syntax, "unterminated string", span: s.span) }
        if let open = stack.last, case .open(let c) = open.kind {
            return OVSMError(.syntax, "unexpected end of input: '\(c)' is never closed", span: open.span)
        }
        return OVSMError(.syntax, "unexpected end of input")
    }
}
