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
        do {
            while let d = try r.readForm() { forms.append(d) }
            return .forms(forms)
        } catch let e as ReadFailure {
            switch e {
            case .needMore: return .needMore
            case .error(let err): return .error(err)
            }
        } catch {
            return .error(OVSMError(.syntax, "\(error)"))
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
    static func classify(_ text: String, _ span: SourceSpan) throws(ReadFailure) -> Value {
        let u = Array(text.utf8)
        if let num = try parseNumber(u, text, span) { return num }
        switch text {
        case "true", "t": return .bool(true)
        case "false": return .bool(false)
        case "null", "nil": return .null
        default: break
        }
        if u[0] == UInt8(ascii: ":") {
            if u.count == 1 { throw .error(OVSMError(.syntax, "lone ':' is not a keyword", span: span)) }
            return .keyword(Symbol.intern(String(text.dropFirst())))
        }
        if u[0] == UInt8(ascii: "#") {
            throw .error(OVSMError(.syntax, "'\(text)': atoms starting with '#' are reserved", span: span))
        }
        return .symbol(Symbol.intern(text))
    }

    /// int ::= [+-]?[0-9]+ ; float ::= [+-]?[0-9]+\.[0-9]+([eE][+-]?[0-9]+)? | [+-]?[0-9]+[eE][+-]?[0-9]+
    static func parseNumber(_ u: [UInt8], _ text: String, _ span: SourceSpan) throws(ReadFailure) -> Value? {
        var i = 0
        if u[0] == UInt8(ascii: "+") || u[0] == UInt8(ascii: "-") { i = 1 }
        func digits(_ from: Int) -> Int {
            var j = from
            while j < u.count && u[j] >= 0x30 && u[j] <= 0x39 { j += 1 }
            return j
        }
        let intEnd = digits(i)
        if intEnd == i { return nil }
        if intEnd == u.count {
            // Integer: overflow is a syntax error.
            var s = Substring(text)
            if s.first == "+" { s = s.dropFirst() }
            guard let n = Int(s) else {
                throw .error(OVSMError(.syntax, "integer literal \(text) is out of the 64-bit range", span: span))
            }
            return .int(n)
        }
        var j = intEnd
        var isFloat = false
        if u[j] == UInt8(ascii: ".") {
            let fracEnd = digits(j + 1)
            if fracEnd == j + 1 { return nil }
            j = fracEnd
            isFloat = true
        }
        if j < u.count && (u[j] == UInt8(ascii: "e") || u[j] == UInt8(ascii: "E")) {
            var k = j + 1
            if k < u.count && (u[k] == UInt8(ascii: "+") || u[k] == UInt8(ascii: "-")) { k += 1 }
            let expEnd = digits(k)
            if expEnd == k { return nil }
            j = expEnd
            isFloat = true
        }
        guard isFloat, j == u.count, let d = Double(text) else { return nil }
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
