import Foundation

/// Collects log text from any thread (script output, RPC timings) and delivers it in
/// batches of lines at most every 20 ms, so a chatty script costs one action per batch.
final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [LogLine] = []
    private var partial = ""
    private var scheduled = false
    private let deliver: @Sendable ([LogLine]) -> Void
    private let clock: @Sendable () -> String

    init(clock: @escaping @Sendable () -> String, deliver: @escaping @Sendable ([LogLine]) -> Void) {
        self.clock = clock
        self.deliver = deliver
    }

    /// A partial line longer than this is emitted as a line of its own.
    static let maxPartial = 4096

    /// Raw output text (may hold several lines or part of one). Linear in the text size:
    /// only the new text is searched for newlines.
    func output(_ text: String) {
        let time = clock()
        lock.lock()
        let pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, piece) in pieces.enumerated() {
            if i < pieces.count - 1 {
                pending.append(LogLine(time: time, level: .info, text: partial + piece))
                partial = ""
            } else {
                partial += piece
                if partial.utf8.count > Self.maxPartial {
                    pending.append(LogLine(time: time, level: .info, text: partial))
                    partial = ""
                }
            }
        }
        lock.unlock()
        schedule()
    }

    func line(_ level: LogLine.Level, _ text: String) {
        let time = clock()
        lock.lock()
        pending.append(LogLine(time: time, level: level, text: text))
        lock.unlock()
        schedule()
    }

    /// Flushes a trailing partial line (after an evaluation ends).
    func flushPartial() {
        lock.lock()
        if !partial.isEmpty { pending.append(LogLine(time: clock(), level: .info, text: partial)); partial = "" }
        lock.unlock()
        schedule()
    }

    private func schedule() {
        lock.lock()
        let start = !scheduled && !pending.isEmpty
        if start { scheduled = true }
        lock.unlock()
        guard start else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { [self] in
            lock.lock()
            let batch = pending
            pending.removeAll()
            scheduled = false
            lock.unlock()
            if !batch.isEmpty { deliver(batch) }
        }
    }
}
