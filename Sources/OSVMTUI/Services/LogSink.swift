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

    /// Raw output text (may hold several lines or part of one).
    func output(_ text: String) {
        let time = clock()
        lock.lock()
        partial += text
        while let nl = partial.firstIndex(of: "\n") {
            pending.append(LogLine(time: time, level: .info, text: String(partial[..<nl])))
            partial = String(partial[partial.index(after: nl)...])
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
