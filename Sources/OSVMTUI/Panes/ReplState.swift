import OSVMHost
import OVSMKit

/// The REPL: transcript, input line (multi-line when the reader wants more), history.
public struct ReplState: Sendable, Equatable {
    public enum EntryKind: Sendable, Equatable { case input, result, error, info, output }
    public struct Entry: Sendable, Equatable {
        public var kind: EntryKind
        public var text: String
    }
    public var transcript: [Entry] = []
    public var input = TextBuffer()
    /// Lines already entered of a form that needs more input.
    public var pending: [String] = []
    /// The same lines, scanned as they came: Enter reads the form only when its brackets
    /// may balance, so a pasted n-line form is not re-read n times.
    public var pendingScan = FormAccumulator(maxDepth: Reader.maxNesting)
    public var history: [String] = []
    public var historyIndex: Int?
    /// The pending lines typed before ↑ entered history (a recalled entry follows them).
    public var historyBase: [String]?
    /// The Ctrl-R query while searching (cleared by any other key).
    public var searchQuery: String?
    public var busy = false
    public var scrollBack = 0
    /// Long values are shown whole (Alt+e); folded to `ReplView.maxRows` rows otherwise.
    public var expanded = false

    static let transcriptLimit = 10_000

    mutating func add(_ kind: EntryKind, _ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            transcript.append(Entry(kind: kind, text: String(line)))
        }
        if transcript.count > Self.transcriptLimit { transcript.removeFirst(transcript.count - Self.transcriptLimit) }
        scrollBack = 0
    }
}
