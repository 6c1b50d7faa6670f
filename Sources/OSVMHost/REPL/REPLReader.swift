import OVSMKit

/// The reading half of every OVSM REPL (the CLI's and the workbench's): lines go in, and
/// out comes "need more" (brackets or a string still open: show the continuation prompt),
/// the complete forms, or the reader's error. Each line is scanned once
/// (`FormAccumulator`); the reader runs only when the brackets may balance.
public struct REPLReader: Sendable {
    public enum Step: Sendable {
        /// The form is still open.
        case needMore
        /// Complete forms (possibly none: a blank or comment-only entry) and the entry's
        /// text, for the history.
        case forms([Datum], text: String)
        /// A syntax error in the entry; the entry is dropped.
        case error(OVSMError, text: String)
    }

    private var pending = FormAccumulator(maxDepth: Reader.maxNesting)

    public init() {}

    /// Nothing typed since the last complete entry (the main prompt applies).
    public var isEmpty: Bool { pending.isEmpty }
    /// The open entry's text so far.
    public var text: String { pending.text }

    public mutating func feed(_ line: String) -> Step {
        guard pending.append(line) else { return .needMore }
        let text = pending.text
        switch Reader.read(text) {
        case .needMore:
            return .needMore
        case .error(let e):
            pending.reset()
            return .error(e, text: text)
        case .forms(let forms):
            pending.reset()
            return .forms(forms, text: text)
        }
    }

    /// Input ended (Ctrl-D, end of a pipe) inside an open entry: the error that says where
    /// it was left open, with the entry's text; nil when nothing was open.
    public mutating func finish() -> (error: OVSMError?, text: String)? {
        guard !pending.isEmpty else { return nil }
        let text = pending.text
        pending.reset()
        if case .failure(let e) = Reader.readProgram(text) { return (e, text) }
        return (nil, text)
    }

    /// Drops the open entry (Ctrl-C at a continuation prompt).
    public mutating func reset() { pending.reset() }
}
