/// How many terminal columns text takes (0, 1 or 2 a grapheme), independent of the C
/// locale so tests and the terminal agree. The one width function of osvm: the workbench
/// (`DisplayWidth`) and the CLI line editor (`TextWidth`) forward here.
///
///     TerminalWidth.of("日本")        // 4   East Asian wide
///     TerminalWidth.of("e\u{301}")    // 1   combining mark: part of its base
///     TerminalWidth.of("👩‍💻")          // 2   ZWJ sequence: one emoji
///     TerminalWidth.of("❤\u{FE0F}")   // 2   VS16 asks for emoji presentation
///     TerminalWidth.of("\u{200B}\t")  // 0   zero-width and control characters
///
/// Rules, per grapheme cluster (Swift `Character`): a cluster starting with a control, a
/// format character (ZWSP, ZWJ, bidi marks, soft hyphen) or a lone combining mark takes 0;
/// emoji presentation (by default, or asked for with VS16 U+FE0F) takes 2, VS15 (U+FE0E)
/// asks for text presentation (1); East Asian Wide/Fullwidth takes 2; the rest 1.
public enum TerminalWidth {
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 && scalars.count == 1 { return v == 0xAD ? 0 : 1 }
        let p = first.properties
        switch p.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        // Hangul medial vowels and final consonants only make sense joined to a leading one.
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }
        if p.isEmoji {
            if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
            if scalars.contains(where: { $0.value == 0xFE0E }) { return isEastAsianWide(v) ? 2 : 1 }
            if p.isEmojiPresentation { return 2 }
        }
        return isEastAsianWide(v) ? 2 : 1
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }
    public static func of(_ s: Substring) -> Int { s.reduce(0) { $0 + of($1) } }
    public static func of<S: Sequence>(_ s: S) -> Int where S.Element == Character { s.reduce(0) { $0 + of($1) } }

    /// `s` cut to at most `width` columns (an ellipsis marks the cut when `ellipsis`).
    public static func truncate(_ s: String, to width: Int, ellipsis: Bool = true) -> String {
        if width <= 0 { return "" }
        if of(s) <= width { return s }
        var out = ""
        var used = 0
        let limit = ellipsis ? width - 1 : width
        for c in s {
            let w = of(c)
            if used + w > limit { break }
            out.append(c)
            used += w
        }
        return ellipsis ? out + "…" : out
    }

    /// East Asian Wide and Fullwidth ranges (UAX #11) outside the emoji blocks, which
    /// `isEmojiPresentation` decides.
    public static func isEastAsianWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x18AFF,
             0x1B000...0x1B2FF, 0x1F200...0x1F251, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
