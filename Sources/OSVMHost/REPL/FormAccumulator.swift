/// Collects the lines of a form typed or piped into a REPL (the workbench's REPL pane and
/// `osvm ovsm repl`) and says when the reader
/// should look at them. It tracks open brackets, strings and comments incrementally (the
/// OVSM lexical rules: `( [ {` open, `) ] }` close, `"…"` with backslash escapes, `;` to the
/// end of the line), so each line is scanned once: a 20,000-line form costs one scan and
/// one read instead of a read per line (quadratic before). It holds a line back only while
/// a string or a bracket is open and every closer so far matched its opener; a complete
/// form, a stray or mismatched closer, or nesting past the reader's limit go to the reader
/// at once. (An error inside a still-open form — a bad escape or atom — is reported when
/// the form closes or the input ends, at the same place, instead of on its own line.)
public struct FormAccumulator: Sendable, Equatable {
    public private(set) var text = ""
    /// The open brackets, innermost last (the closing byte each expects).
    private var open: [UInt8] = []
    public private(set) var inString = false
    private var escape = false
    /// A closer did not match: the reader reports it now.
    private var mismatch = false
    /// Depth at which the reader reports `limit`: read at once, as before.
    public let maxDepth: Int

    public init(maxDepth: Int = 1000) { self.maxDepth = maxDepth }

    public var isEmpty: Bool { text.isEmpty }
    public var depth: Int { open.count }

    public mutating func reset() {
        text = ""
        open.removeAll(keepingCapacity: true)
        inString = false
        escape = false
        mismatch = false
    }

    /// Appends one line (without its newline); returns whether the text may now be
    /// complete (or in error) and should be read.
    public mutating func append(_ line: String) -> Bool {
        if !text.isEmpty {
            text += "\n"
            if inString && escape { escape = false }      // a backslash escapes the newline
        }
        text += line
        scan: for b in line.utf8 {
            if inString {
                if escape { escape = false }
                else if b == 0x5C { escape = true }       // backslash
                else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x3B: break scan                          // ; to the end of the line
            case 0x28: open.append(0x29)
            case 0x5B: open.append(0x5D)
            case 0x7B: open.append(0x7D)
            case 0x29, 0x5D, 0x7D:
                if open.last == b { open.removeLast() } else { mismatch = true }
            default: break
            }
        }
        return mismatch || (!inString && open.isEmpty) || open.count > maxDepth
    }
}
