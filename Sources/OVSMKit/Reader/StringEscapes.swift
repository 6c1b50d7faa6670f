/// String-literal escapes (spec §1), decoded only for the strings that have any.
extension SourceScanner {
    /// The contents of an `.escapedString` token, or the message for its first bad escape.
    /// escape ::= \n \t \r \0 \\ \" \u{H..H}
    func decode(_ t: RawToken) -> Result<String, StringEscapeError> {
        // Rescan the contents to know each escape's line and column; the line start is
        // placed so that `column` just after the opening quote is the token's column + 1.
        let contents = t.start + 1
        var s = SourceScanner(bytes, State(pos: contents, line: t.line, lineStart: contents - t.column, continuations: 0))
        var buf: [UInt8] = []
        buf.reserveCapacity(t.end - t.start)
        var error: String? = nil
        let end = t.end - 1 // closing quote
        while s.state.pos < end {
            let b = bytes[s.state.pos]
            if b == 0x5C {
                let escLine = s.state.line, escCol = s.column
                s.advance()
                let e = bytes[s.state.pos]
                s.advance()
                switch e {
                case UInt8(ascii: "n"): buf.append(0x0A)
                case UInt8(ascii: "t"): buf.append(0x09)
                case UInt8(ascii: "r"): buf.append(0x0D)
                case UInt8(ascii: "0"): buf.append(0x00)
                case UInt8(ascii: "\\"): buf.append(0x5C)
                case UInt8(ascii: "\""): buf.append(0x22)
                case UInt8(ascii: "u"):
                    if let scalar = s.unicodeEscape(before: end) {
                        UTF8.encode(scalar) { buf.append($0) }
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
            s.advance()
        }
        if let error { return .failure(StringEscapeError(message: error)) }
        return .success(String(decoding: buf, as: UTF8.self))
    }

    /// After `\u`: `{` 1–6 hex digits `}` naming a Unicode scalar. On a bad digit it stops
    /// before it, so decoding resumes there.
    mutating func unicodeEscape(before end: Int) -> Unicode.Scalar? {
        guard state.pos < end, bytes[state.pos] == 0x7B else { return nil }
        advance()
        var value: UInt32 = 0
        var digits = 0
        while state.pos < end, bytes[state.pos] != 0x7D {
            guard let d = SourceScanner.hexValue(bytes[state.pos]), digits < 6 else { return nil }
            value = value * 16 + d
            digits += 1
            advance()
        }
        guard state.pos < end, digits > 0 else { return nil }
        advance() // }
        return Unicode.Scalar(value)
    }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }
}

/// A string literal with a bad escape: the message names the first one.
struct StringEscapeError: Error {
    var message: String
}
