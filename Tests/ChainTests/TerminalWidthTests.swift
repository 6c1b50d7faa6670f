import Chain
import Testing

/// The one width function (the workbench's DisplayWidth and the line editor's TextWidth
/// forward to it; they used to disagree on combining marks and zero-width characters).
@Suite struct TerminalWidthTests {
    func w(_ s: String) -> Int { TerminalWidth.of(s) }

    @Test func asciiAndLatin() {
        #expect(w("") == 0)
        #expect(w("hello") == 5)
        #expect(w("é") == 1)                 // precomposed U+00E9
        #expect(w("◎ — λ") == 5)
    }

    @Test func combiningMarksTakeNoColumn() {
        #expect(w("e\u{301}") == 1)          // e + combining acute: one cluster
        #expect(w("a\u{300}\u{316}\u{35C}b") == 2)
        #expect(w("\u{301}") == 0)           // a lone combining mark
        #expect(w("\u{20DD}") == 0)          // a lone enclosing mark
    }

    @Test func zeroWidthAndFormatCharacters() {
        #expect(w("a\u{200B}b") == 2)        // zero width space
        #expect(w("\u{200D}") == 0)          // lone ZWJ
        #expect(w("\u{FEFF}") == 0)          // BOM / ZWNBSP
        #expect(w("\u{2060}") == 0)          // word joiner
        #expect(w("a\u{AD}b") == 2)          // soft hyphen: not shown mid-line
        #expect(w("\u{202E}") == 0)          // bidi override
    }

    @Test func controlCharacters() {
        #expect(w("\t") == 0)
        #expect(w("\u{1B}") == 0)
        #expect(w("\0") == 0)
        #expect(w("\u{7F}") == 0)
        #expect(w("\u{85}") == 0)            // C1 NEL
        #expect(w("a\nb") == 2)
    }

    @Test func cjkIsWide() {
        #expect(w("日本語") == 6)
        #expect(w("한국어") == 6)              // precomposed Hangul syllables
        #expect(w("\u{1100}\u{1161}\u{11A8}") == 2)  // conjoining jamo: one syllable, two columns
        #expect(w("ｱ") == 1)                 // halfwidth katakana
        #expect(w("Ａ") == 2)                // fullwidth A
        #expect(w("\u{3000}") == 2)          // ideographic space
        #expect(w("𠀋") == 2)                // plane 2 ideograph
    }

    @Test func emoji() {
        #expect(w("🙂") == 2)
        #expect(w("🇺🇸") == 2)                // flag: two regional indicators, one cluster
        #expect(w("👍🏽") == 2)                // skin tone modifier
        #expect(w("👩‍💻") == 2)                // ZWJ sequence
        #expect(w("👨‍👩‍👧‍👦") == 2)
        #expect(w("❤\u{FE0F}") == 2)         // VS16: emoji presentation
        #expect(w("❤") == 1)                 // text presentation by default
        #expect(w("☺\u{FE0E}") == 1)         // VS15: text presentation
        #expect(w("1\u{FE0F}\u{20E3}") == 2) // keycap
        #expect(w("1") == 1)
        #expect(w("⌚") == 2)                 // BMP emoji with emoji presentation
    }

    @Test func truncateCountsColumns() {
        #expect(TerminalWidth.truncate("hello world", to: 6) == "hello…")
        #expect(TerminalWidth.truncate("日本語", to: 4) == "日…")
        #expect(TerminalWidth.truncate("日本語", to: 4, ellipsis: false) == "日本")
        #expect(TerminalWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
        #expect(TerminalWidth.truncate("abc", to: 0) == "")
        #expect(TerminalWidth.truncate("abc", to: 3) == "abc")
    }

    @Test func sequencesOfCharactersAgreeWithStrings() {
        let s = "a日👩‍💻e\u{301}\u{200B}"
        #expect(TerminalWidth.of(Array(s)) == TerminalWidth.of(s))
        #expect(TerminalWidth.of(s.dropFirst()) == TerminalWidth.of(s) - 1)
        #expect(TerminalWidth.of(s) == 6)
    }
}
