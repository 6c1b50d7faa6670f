/// The byte-level half of spec §1, shared by `Lexer` (tokens for the editor) and `Reader`
/// (datums): one pass over the UTF-8 bytes yielding token kinds and byte ranges, without
/// building a `String` per token. The caller owns the bytes for the scanner's lifetime.
struct SourceScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var state: State

    /// Where scanning stands. The column is derived from the start of the line and the
    /// UTF-8 continuation bytes seen on it, so plain ASCII costs no per-byte bookkeeping.
    struct State {
        var pos = 0
        var line = 1
        var lineStart = 0
        var continuations = 0
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ state: State = State()) {
        self.bytes = bytes
        self.state = state
    }

    /// Columns count scalars: a continuation byte never starts one.
    var column: Int { state.pos - state.lineStart - state.continuations + 1 }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// Whitespace ( ) [ ] { } " ' ` , ; — as one bit per ASCII byte, so the test is a shift
    /// rather than the jump table a `switch` compiles to in the atom loop.
    @inline(__always) static func isDelimiter(_ b: UInt8) -> Bool {
        let below64: UInt64 = 0x0800_1385_0000_2600 // \t \n \r space " ' ( ) , ;
        let from64: UInt64 = 0x2800_0001_2800_0000  // [ ] ` { }
        let bits = b < 64 ? below64 : from64
        return b < 128 && (bits >> UInt64(b & 63)) & 1 != 0
    }

    /// Steps over one byte of any kind.
    @inline(__always) mutating func advance() {
        let b = bytes[state.pos]
        state.pos += 1
        if b == 0x0A {
            state.line += 1
            state.lineStart = state.pos
            state.continuations = 0
        } else if SourceScanner.isContinuation(b) {
            state.continuations += 1
        }
    }

    /// The next token, or nil at the end of input. Comments are skipped unless kept.
    /// Inlined so the token stays in registers instead of round-tripping through memory.
    @inline(__always) mutating func next(keepComments: Bool) -> RawToken? {
        let end = bytes.count
        while state.pos < end {
            let b = bytes[state.pos]
            switch b {
            case 0x20, 0x09, 0x0D:
                state.pos += 1
            case 0x0A:
                advance()
            case 0x3B: // ; comment
                let t = begin(.comment)
                while state.pos < end && bytes[state.pos] != 0x0A { advance() }
                if keepComments { return finish(t) }
            case 0x28, 0x5B, 0x7B:
                return single(.open)
            case 0x29, 0x5D, 0x7D:
                return single(.close)
            case 0x27:
                return single(.quote)
            case 0x60:
                return single(.quasiquote)
            case 0x2C:
                var t = begin(.unquote)
                state.pos += 1
                if state.pos < end && bytes[state.pos] == 0x40 {
                    state.pos += 1
                    t.kind = .unquoteSplicing
                }
                return finish(t)
            case 0x22:
                return string()
            default:
                return atom()
            }
        }
        return nil
    }

    @inline(__always) func begin(_ kind: RawToken.Kind) -> RawToken {
        RawToken(kind: kind, start: state.pos, end: state.pos, line: state.line, column: column)
    }

    @inline(__always) func finish(_ t: RawToken) -> RawToken {
        var t = t
        t.end = state.pos
        return t
    }

    /// A one-byte ASCII token.
    @inline(__always) mutating func single(_ kind: RawToken.Kind) -> RawToken {
        let t = begin(kind)
        state.pos += 1
        return finish(t)
    }

    /// atom ::= a maximal run of non-delimiter bytes (never spans a line).
    @inline(__always) mutating func atom() -> RawToken {
        let t = begin(.atom)
        let end = bytes.count
        var p = state.pos
        while p < end {
            let b = bytes[p]
            if b < 0x80 {
                if SourceScanner.isDelimiter(b) { break }
            } else if SourceScanner.isContinuation(b) {
                state.continuations += 1
            }
            p += 1
        }
        state.pos = p
        return finish(t)
    }

    /// string ::= '"' ( char | escape )* '"'. Only delimited here: a backslash skips the
    /// byte after it (no escape can contain a quote or a backslash unescaped), and the
    /// contents are decoded by `decode` only when there are escapes.
    mutating func string() -> RawToken {
        var t = begin(.string)
        state.pos += 1 // opening quote
        let end = bytes.count
        while state.pos < end {
            switch bytes[state.pos] {
            case 0x22:
                state.pos += 1
                return finish(t)
            case 0x5C:
                t.kind = .escapedString
                advance()
                if state.pos < end { advance() }
            default:
                advance()
            }
        }
        t.kind = .unterminatedString
        return finish(t)
    }
}

/// A token as a byte range of the source: what `SourceScanner` yields. Plain data, so
/// handing one from the scanner to the reader costs nothing.
struct RawToken {
    enum Kind {
        case open, close                // ( [ {   ) ] }  (the byte at `start` says which)
        case quote, quasiquote, unquote, unquoteSplicing
        case atom
        case string                     // no escapes: the contents are start+1 ..< end-1
        case escapedString              // contents need `SourceScanner.decode`
        case unterminatedString
        case comment
    }
    var kind: Kind
    /// Byte range `start..<end` and the position of `start`.
    var start: Int
    var end: Int
    var line: Int
    var column: Int

    var span: SourceSpan { SourceSpan(line: line, column: column, offset: start, length: end - start) }
}
