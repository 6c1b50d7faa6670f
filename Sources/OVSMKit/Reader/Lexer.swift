/// Source text → tokens with spans (spec §1). Bad input becomes an `.error` token, never a
/// crash, so the editor can colour broken code and the reader can report a position.
///
///     Lexer.tokenize("(+ 1 \"a\")")   // ( atom(+) atom(1) string(a) )
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case open(Character)        // ( [ {
        case close(Character)       // ) ] }
        case quote, quasiquote, unquote, unquoteSplicing
        case string(String)
        case atom(String)
        case comment
        case error(String)
    }
    public var kind: Kind
    /// Start position; `span.offset`/`span.length` are UTF-8 byte offsets into the source.
    public var span: SourceSpan
}

/// The token-at-a-time view of `SourceScanner` for the editor; `Reader` scans the bytes
/// itself and never materialises these tokens.
public struct Lexer {
    static let unterminated = "unterminated string"
    let bytes: [UInt8]
    var state = SourceScanner.State()

    public init(_ source: String) { bytes = Array(source.utf8) }

    /// All tokens, comments included (for syntax colouring).
    public static func tokenize(_ source: String) -> [Token] {
        var lx = Lexer(source)
        var out: [Token] = []
        while let t = lx.next(keepComments: true) { out.append(t) }
        return out
    }

    /// The next token, or nil at the end of input.
    public mutating func next(keepComments: Bool = false) -> Token? {
        bytes.withUnsafeBufferPointer { buf in
            var scanner = SourceScanner(buf, state)
            defer { state = scanner.state }
            return scanner.next(keepComments: keepComments).map { Lexer.token($0, buf) }
        }
    }

    static func token(_ t: RawToken, _ bytes: UnsafeBufferPointer<UInt8>) -> Token {
        let kind: Token.Kind
        switch t.kind {
        case .open: kind = .open(Character(Unicode.Scalar(bytes[t.start])))
        case .close: kind = .close(Character(Unicode.Scalar(bytes[t.start])))
        case .quote: kind = .quote
        case .quasiquote: kind = .quasiquote
        case .unquote: kind = .unquote
        case .unquoteSplicing: kind = .unquoteSplicing
        case .atom: kind = .atom(String(decoding: bytes[t.start..<t.end], as: UTF8.self))
        case .string: kind = .string(String(decoding: bytes[t.start + 1..<t.end - 1], as: UTF8.self))
        case .escapedString:
            switch SourceScanner(bytes).decode(t) {
            case .success(let s): kind = .string(s)
            case .failure(let e): kind = .error(e.message)
            }
        case .unterminatedString: kind = .error(unterminated)
        case .comment: kind = .comment
        }
        return Token(kind: kind, span: t.span)
    }
}
