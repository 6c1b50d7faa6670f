/// Remote text made safe for a terminal. A server's error message, an AI error body or an
/// MCP tool's text is data, not terminal commands: an escape sequence in it could recolour,
/// retitle, move the cursor or (on some terminals) answer back. Every string that came
/// over the network goes through here before it is printed.
///
///     TerminalText.sanitize("bad\u{1B}[2Jthing\0")   // "badthing"
///     TerminalText.line("two\nlines")                // "two lines"
public enum TerminalText {
    /// Drops ESC sequences (CSI, OSC/DCS/APC/PM/SOS strings, two-character escapes), C0
    /// controls except `\n` and `\t` (when `keepLayout`), DEL, C1 controls and the bidi
    /// overrides that make text display in a different order than it reads.
    public static func sanitize(_ s: String, keepLayout: Bool = true) -> String {
        // Fast path: nothing to strip (the common case).
        if !s.unicodeScalars.contains(where: { isSuspect($0) }) { return s }
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            switch c.value {
            case 0x1B:
                skipEscape(&it)
            case 0x9B:  // C1 CSI: same as ESC [
                skipCSI(&it)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:  // C1 DCS, SOS, OSC, PM, APC: strings
                skipString(&it)
            case 0x0A, 0x09:
                if keepLayout { out.append(c) } else { out.append(" ") }
            default:
                if !isControl(c) { out.append(c) }
            }
        }
        return String(out)
    }

    /// One line: sanitised, line breaks and tabs turned into spaces, runs of spaces kept.
    public static func line(_ s: String) -> String { sanitize(s, keepLayout: false) }

    static func isControl(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    static func isSuspect(_ c: Unicode.Scalar) -> Bool {
        (isControl(c) && c.value != 0x0A && c.value != 0x09) || c.value == 0x0A || c.value == 0x09
    }

    /// After ESC: `[` → CSI; `]`, `P`, `X`, `^`, `_` → a string up to BEL or ST; otherwise
    /// intermediates (0x20–0x2F) and one final character.
    static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator) {
        guard let n = it.next() else { return }
        switch n {
        case "[": skipCSI(&it)
        case "]", "P", "X", "^", "_": skipString(&it)
        default:
            var c: Unicode.Scalar? = n
            while let x = c, (0x20...0x2F).contains(x.value) { c = it.next() }
        }
    }

    /// Parameters and intermediates (0x20–0x3F) up to a final byte (0x40–0x7E).
    static func skipCSI(_ it: inout String.UnicodeScalarView.Iterator) {
        while let c = it.next() {
            if (0x40...0x7E).contains(c.value) || !(0x20...0x3F).contains(c.value) { return }
        }
    }

    /// Up to BEL, ST (ESC \) or C1 ST; bounded by the text itself.
    static func skipString(_ it: inout String.UnicodeScalarView.Iterator) {
        while let c = it.next() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if c.value == 0x1B { _ = it.next(); return }
        }
    }
}
