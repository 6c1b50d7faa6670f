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

public struct Lexer {
    static let unterminated = "unterminated string"
    let bytes: [UInt8]
    var pos = 0
    var line = 1
    var col = 1

    public init(_ source: String) { bytes = Array(source.utf8) }

    /// All tokens, comments included (for syntax colouring).
    public static func tokenize(_ source: String) -> [Token] {
        var lx = Lexer(source)
        var out: [Token] = []
        while let t = lx.next(keepComments: true) { out.append(t) }
        return out
    }

    @inline(__always) static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x22, 0x27, 0x60, 0x2C, 0x3B:
            return true
        default:
            return false
        }
    }

    @inline(__always) mutating func advance() {
        let b = bytes[pos]
        pos += 1
        if b == 0x0A {
            line += 1
            col = 1
        } else if b & 0xC0 != 0x80 {
            col += 1   // count scalars, not continuation bytes
        }
    }

    /// Column fix-up: a continuation byte never starts a scalar, so `advance` counts a
    /// multi-byte scalar once (on its lead byte).
    func span(from start: Int, line l: Int, col c: Int) -> SourceSpan {
        SourceSpan(line: l, column: c, offset: start, length: pos - start)
    }

    /// The next token, or nil at the end of input.
    public mutating func next(keepComments: Bool = false) -> Token? {
        while pos < bytes.count {
            let b = bytes[pos]
            let start = pos, l = line, c = col
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                advance()
            case 0x3B: // ; comment
                while pos < bytes.count && bytes[pos] != 0x0A { advance() }
                if keepComments { return Token(kind: .comment, span: span(from: start, line: l, col: c)) }
            case 0x28, 0x5B, 0x7B:
                advance()
                return Token(kind: .open(Character(Unicode.Scalar(b))), span: span(from: start, line: l, col: c))
            case 0x29, 0x5D, 0x7D:
                advance()
                return Token(kind: .close(Character(Unicode.Scalar(b))), span: span(from: start, line: l, col: c))
            case 0x27:
                advance()
                return Token(kind: .quote, span: span(from: start, line: l, col: c))
            case 0x60:
                advance()
                return Token(kind: .quasiquote, span: span(from: start, line: l, col: c))
            case 0x2C:
                advance()
                if pos < bytes.count && bytes[pos] == 0x40 {
                    advance()
                    return Token(kind: .unquoteSplicing, span: span(from: start, line: l, col: c))
                }
                return Token(kind: .unquote, span: span(from: start, line: l, col: c))
            case 0x22:
                return lexString(start: start, line: l, col: c)
            default:
                while pos < bytes.count && !Lexer.isDelimiter(bytes[pos]) { advance() }
                let text = String(decoding: bytes[start..<pos], as: UTF8.self)
                return Token(kind: .atom(text), span: span(from: start, line: l, col: c))
            }
        }
        return nil
    }

    /// string ::= '"' ( char | escape )* '"'; escape ::= \n \t \r \0 \\ \" \u{H..H}
    mutating func lexString(start: Int, line l: Int, col c: Int) -> Token {
        advance() // opening quote
        var buf: [UInt8] = []
        var error: String? = nil
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x22 {
                advance()
                if let error { return Token(kind: .error(error), span: span(from: start, line: l, col: c)) }
                return Token(kind: .string(String(decoding: buf, as: UTF8.self)), span: span(from: start, line: l, col: c))
            }
            if b == 0x5C {
                let escLine = line, escCol = col
                advance()
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                advance()
                switch e {
                case UInt8(ascii: "n"): buf.append(0x0A)
                case UInt8(ascii: "t"): buf.append(0x09)
                case UInt8(ascii: "r"): buf.append(0x0D)
                case UInt8(ascii: "0"): buf.append(0x00)
                case UInt8(ascii: "\\"): buf.append(0x5C)
                case UInt8(ascii: "\""): buf.append(0x22)
                case UInt8(ascii: "u"):
                    if let scalar = lexUnicodeEscape() {
                        buf.append(contentsOf: Array(String(Character(scalar)).utf8))
                    } else if error == nil {
                        error = "invalid \\u{…} escape at \(escLine):\(escCol)"
                    }
                default:
                    if error == nil {
                        error = "unknown escape \\\(String(decoding: [e], as: UTF8.self)) at \(escLine):\(escCol)"
                    }
                }
                continue
            }
            buf.append(b)
            advance()
        }
        // End of input inside the string.
        return Token(kind: .error(Lexer.unterminated), span: span(from: start, line: l, col: c))
    }

    /// After `\u`: `{` 1–6 hex digits `}` naming a Unicode scalar.
    mutating func lexUnicodeEscape() -> Unicode.Scalar? {
        guard pos < bytes.count, bytes[pos] == 0x7B else { return nil }
        advance()
        var value: UInt32 = 0
        var digits = 0
        while pos < bytes.count, bytes[pos] != 0x7D {
            guard let d = hexValue(bytes[pos]), digits < 6 else { return nil }
            value = value * 16 + UInt32(d)
            digits += 1
            advance()
        }
        guard pos < bytes.count, digits > 0 else { return nil }
        advance() // }
        return Unicode.Scalar(value)
    }

    @inline(__always) func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x41...0x46: return Int(b - 0x41 + 10)
        case 0x61...0x66: return Int(b - 0x61 + 10)
        default: return nil
        }
    }
}
