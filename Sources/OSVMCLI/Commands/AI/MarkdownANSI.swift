import Chain

/// Streams Markdown to terminal styles as tokens arrive: `# headings` bold, `**bold**`,
/// `` `code` `` cyan, fenced blocks green, `- ` bullets as •. Styles only; the text is
/// otherwise printed verbatim, so nothing is held back longer than one ambiguous char.
struct MarkdownANSI {
    var color: Bool
    private var atLineStart = true
    private var lineStartBuffer = ""
    private var inFence = false
    private var bold = false
    private var code = false
    private var heading = false
    private var pendingStar = false

    init(color: Bool) { self.color = color }

    private func sgr(_ s: String) -> String { color ? "\u{1B}[" + s + "m" : "" }

    /// Returns the styled text for a chunk.
    mutating func feed(_ chunk: String) -> String {
        var out = ""
        // Model output is remote text: its own escape sequences never reach the terminal;
        // the only ones written are the styles added here.
        for ch in TerminalText.sanitize(chunk) { out += take(ch) }
        return out
    }

    /// Flushes held characters and resets styles (end of an answer).
    mutating func finish() -> String {
        var out = flushLineStart()
        if pendingStar { out += "*"; pendingStar = false }
        if bold || code || heading || inFence { out += sgr("0") }
        bold = false; code = false; heading = false; inFence = false; atLineStart = true
        return out
    }

    private mutating func flushLineStart() -> String {
        let s = lineStartBuffer
        lineStartBuffer = ""
        return s
    }

    private mutating func take(_ ch: Character) -> String {
        if atLineStart {
            // Hold the first few chars of a line to recognise ``` / # / - .
            if ch != "\n", lineStartBuffer.count < 3, "`#- ".contains(ch) {
                lineStartBuffer.append(ch)
                if lineStartBuffer == "```" {
                    lineStartBuffer = ""
                    atLineStart = false
                    inFence.toggle()
                    return inFence ? sgr("32") + "```" : "```" + sgr("0")
                }
                return ""
            }
            atLineStart = false
            let held = flushLineStart()
            var out = ""
            if !inFence, held.hasPrefix("#") {
                heading = true
                out = sgr("1;4") + held
            } else if !inFence, held == "- " {
                out = "• "
            } else {
                for c in held { out += take(c) }
            }
            return out + take(ch)
        }
        if ch == "\n" {
            atLineStart = true
            var out = ""
            if pendingStar { out += "*"; pendingStar = false }
            if heading { heading = false; out += sgr("0") }
            return out + "\n"
        }
        if inFence { return String(ch) }
        if ch == "*" {
            if pendingStar {
                pendingStar = false
                bold.toggle()
                return bold ? sgr("1") : sgr("22")
            }
            pendingStar = true
            return ""
        }
        var out = ""
        if pendingStar { out += "*"; pendingStar = false }
        if ch == "`" {
            code.toggle()
            return out + (code ? sgr("36") : sgr("39"))
        }
        return out + String(ch)
    }
}
