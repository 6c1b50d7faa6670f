import Foundation

/// Hands the newest published state from the store to the terminal thread: keeps only
/// the latest (frames coalesce) and wakes the terminal loop through a pipe.
final class FrameMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: AppState?
    private var signalled = false
    private let wakeFD: Int32

    init(wakeFD: Int32) { self.wakeFD = wakeFD }

    func post(_ state: AppState) {
        lock.lock()
        latest = state
        let wake = !signalled
        signalled = true
        lock.unlock()
        if wake {
            var byte: UInt8 = 1
            _ = write(wakeFD, &byte, 1)
        }
    }

    /// Wakes the terminal loop without a new state (the outbox has bytes).
    func poke() {
        let wake: Bool = lock.withLock { defer { signalled = true }; return !signalled }
        if wake {
            var byte: UInt8 = 1
            _ = write(wakeFD, &byte, 1)
        }
    }

    func take() -> AppState? {
        lock.lock()
        defer { lock.unlock() }
        signalled = false
        let s = latest
        latest = nil
        return s
    }
}
