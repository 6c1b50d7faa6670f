import Dispatch
import Foundation

/// Turns SIGINT into a callback while an evaluation runs (the evaluator polls the cancel
/// flag and stops with `limit`). A second Ctrl-C after one second exits at once.
final class InterruptWatcher: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0
    private var firstAt = Date()

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            self.lock.lock()
            self.count += 1
            let n = self.count
            if n == 1 { self.firstAt = Date() }
            let elapsed = Date().timeIntervalSince(self.firstAt)
            self.lock.unlock()
            if n > 1 && elapsed > 1 { exit(130) }
            onInterrupt()
        }
        source.resume()
    }

    var fired: Bool {
        lock.lock(); defer { lock.unlock() }
        return count > 0
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
