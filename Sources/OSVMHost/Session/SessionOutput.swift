import Foundation
import Synchronization

/// Script output written straight through (to a terminal or a pipe), remembering whether
/// it ended a line, so the value or error printed after it starts in column 0.
/// Thread-safe: the evaluator writes from its own thread.
public final class StreamingOutput: Sendable {
    private let write: @Sendable (String) -> Void
    private let atLineStart = Mutex(true)

    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// Standard output, unbuffered.
    public static func standardOutput() -> StreamingOutput {
        StreamingOutput { FileHandle.standardOutput.write(Data($0.utf8)) }
    }

    /// The sink to give a `ScriptSession`.
    public var sink: @Sendable (String) -> Void { { [self] in self.emit($0) } }

    public func emit(_ text: String) {
        guard !text.isEmpty else { return }
        atLineStart.withLock { start in
            write(text)
            start = text.hasSuffix("\n")
        }
    }

    /// Ends a partial output line; returns whether it had to.
    @discardableResult
    public func finishLine() -> Bool {
        atLineStart.withLock { start in
            guard !start else { return false }
            write("\n")
            start = true
            return true
        }
    }
}

/// Script output kept in memory, at most `limit` bytes (`--json` reports, the assistant's
/// `run_ovsm`): beyond it the text is cut with a marker, so a chatty script cannot grow
/// memory without bound. Thread-safe.
public final class OutputCapture: Sendable {
    private let state = Mutex<(text: String, bytes: Int, cut: Bool)>(("", 0, false))
    public let limit: Int

    public init(limit: Int = 64 << 20) { self.limit = limit }

    /// The sink to give a `ScriptSession`.
    public var sink: @Sendable (String) -> Void { { [self] in self.append($0) } }

    public func append(_ s: String) {
        state.withLock { st in
            guard !st.cut else { return }
            if st.bytes + s.utf8.count > limit {
                let room = max(limit - st.bytes, 0)
                st.text += String(decoding: Array(s.utf8.prefix(room)), as: UTF8.self) + "\n… (output cut at \(limit) bytes)"
                st.cut = true
            } else {
                st.text += s
                st.bytes += s.utf8.count
            }
        }
    }

    public var text: String { state.withLock { $0.text } }
    public var wasCut: Bool { state.withLock { $0.cut } }

    /// The output as lines (a final newline does not make an empty last line).
    public var lines: [String] {
        var parts = text.components(separatedBy: "\n")
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
