/// The reading loop behind `Reader.read`, over the source's UTF-8 bytes. It does not
/// recurse: forms still open (brackets, quote prefixes) sit on `open`, and finished datums
/// on `items` until their bracket closes; the top-level forms end up at the bottom.
struct FormReader: ~Copyable {
    typealias ReadFailure = Reader.ReadFailure

    let bytes: UnsafeBufferPointer<UInt8>
    var scanner: SourceScanner
    var symbols: SymbolCache
    var open = ReaderStack<OpenForm>()
    /// Whether the top of `open` is a quote prefix; kept up to date so the common token
    /// does not have to look at the stack.
    var quoteOnTop = false
    var items = ReaderStack<Datum>()

    /// A bracket or quote prefix whose form has not ended yet; its items start at `base`.
    struct OpenForm {
        enum Kind { case list, array, object, quote, quasiquote, unquote, unquoteSplicing }
        var kind: Kind
        var span: SourceSpan
        var base: Int

        var isQuote: Bool {
            switch kind {
            case .list, .array, .object: return false
            default: return true
            }
        }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        scanner = SourceScanner(bytes)
        symbols = SymbolCache(bytes)
    }

    /// form ::= atom | string | '(' form* ')' | '[' form* ']' | '{' (key form)* '}'
    ///        | "'" form | '`' form | ',' form | ',@' form
    mutating func readAll() throws(ReadFailure) -> [Datum] {
        while let t = scanner.next(keepComments: false) {
            if quoteOnTop {
                // `t` starts the quoted form.
                if case .close = t.kind {
                    throw .error(OVSMError(.syntax, "nothing to quote before closing bracket", span: t.span))
                }
                if open.count > Reader.maxNesting { throw nestingError(open.top.span) }
            }
            var datum: Datum
            switch t.kind {
            case .open:
                let kind: OpenForm.Kind
                switch bytes[t.start] {
                case UInt8(ascii: "("): kind = .list
                case UInt8(ascii: "["): kind = .array
                default: kind = .object
                }
                if open.count >= Reader.maxNesting { throw nestingError(t.span) }
                open.push(OpenForm(kind: kind, span: t.span, base: items.count))
                quoteOnTop = false
                continue
            case .quote, .quasiquote, .unquote, .unquoteSplicing:
                let kind: OpenForm.Kind
                switch t.kind {
                case .quote: kind = .quote
                case .quasiquote: kind = .quasiquote
                case .unquote: kind = .unquote
                default: kind = .unquoteSplicing
                }
                open.push(OpenForm(kind: kind, span: t.span, base: items.count))
                quoteOnTop = true
                continue
            case .close:
                datum = try close(t)
            case .atom:
                let span = t.span
                datum = Datum(.atom(try atom(t.start, t.end, span)), span)
            case .string:
                let s = String(decoding: bytes[t.start + 1..<t.end - 1], as: UTF8.self)
                datum = Datum(.atom(.string(s)), t.span)
            case .escapedString:
                switch scanner.decode(t) {
                case .success(let s): datum = Datum(.atom(.string(s)), t.span)
                case .failure(let e): throw .error(OVSMError(.syntax, e.message, span: t.span))
                }
            case .unterminatedString:
                throw .needMore
            case .comment:
                continue // only produced when comments are kept
            }
            while quoteOnTop {
                let quote = open.removeLast()
                quoteOnTop = !open.isEmpty && open.top.isQuote
                let head = Datum(.atom(.symbol(FormReader.symbol(quote.kind))), quote.span)
                datum = Datum(.list([head, datum]), quote.span)
            }
            items.push(datum)
        }
        if !open.isEmpty { throw .needMore }
        return items.pop(from: 0)
    }

    func nestingError(_ span: SourceSpan) -> ReadFailure {
        .error(OVSMError(.limit, "nesting deeper than \(Reader.maxNesting) levels", span: span))
    }

    /// A closing bracket: ends the innermost open bracket, which must be of the same kind.
    mutating func close(_ t: RawToken) throws(ReadFailure) -> Datum {
        let cc = bytes[t.start]
        guard !open.isEmpty else {
            throw .error(OVSMError(.syntax, "unexpected '\(Character(Unicode.Scalar(cc)))'", span: t.span))
        }
        let top = open.top
        let (c, close): (UInt8, UInt8)
        switch top.kind {
        case .list: (c, close) = (UInt8(ascii: "("), UInt8(ascii: ")"))
        case .array: (c, close) = (UInt8(ascii: "["), UInt8(ascii: "]"))
        default: (c, close) = (UInt8(ascii: "{"), UInt8(ascii: "}"))
        }
        if cc != close {
            let (c, close, cc) = (Character(Unicode.Scalar(c)), Character(Unicode.Scalar(close)), Character(Unicode.Scalar(cc)))
            throw .error(OVSMError(.syntax, "expected '\(close)' to close '\(c)' opened at \(top.span.line):\(top.span.column), found '\(cc)'", span: t.span))
        }
        open.removeLast()
        quoteOnTop = !open.isEmpty && open.top.isQuote
        switch top.kind {
        case .list: return Datum(.list(items.pop(from: top.base)), top.span)
        case .array: return Datum(.array(items.pop(from: top.base)), top.span)
        default: return try objectLiteral(from: top.base, top.span)
        }
    }

    /// The head symbol of a quote prefix's form.
    static func symbol(_ kind: OpenForm.Kind) -> Symbol {
        switch kind {
        case .quote: return quoteSymbol
        case .quasiquote: return quasiquoteSymbol
        case .unquote: return unquoteSymbol
        default: return unquoteSplicingSymbol
        }
    }
    static let quoteSymbol = Symbol.intern("quote")
    static let quasiquoteSymbol = Symbol.intern("quasiquote")
    static let unquoteSymbol = Symbol.intern("unquote")
    static let unquoteSplicingSymbol = Symbol.intern("unquote-splicing")
}
