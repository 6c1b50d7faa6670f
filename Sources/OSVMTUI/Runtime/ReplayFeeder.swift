import Foundation

/// Plays recorded actions into a store at their recorded offsets (`--replay`,
/// `--replay-speed`). `skip()` (any key) drops the pauses; the action that quit the
/// recorded session is not played, so the replay ends on the last screen, and then the
/// workbench goes on with `Services.unavailable` (each request answered with an error).
final class ReplayFeeder: @unchecked Sendable {
    let events: [RecordingFormat.Event]
    let speed: Double
    private let lock = NSLock()
    private var _finished = false
    private var task: Task<Void, Never>?

    init(events: [RecordingFormat.Event], speed: Double) {
        self.events = events
        self.speed = speed
    }

    var finished: Bool { lock.withLock { _finished } }

    func start(_ store: Store) {
        let events = events, speed = speed
        let t = Task.detached {
            let start = ContinuousClock.now
            var played = 0
            for e in events {
                // Once cancelled (skip), the sleep returns at once: the rest runs unpaced.
                if speed > 0, !Task.isCancelled {
                    try? await Task.sleep(until: start + .milliseconds(Int64((e.t / speed * 1000).rounded())), clock: .continuous)
                }
                guard await store.replay(e.a) else { break }
                played += 1
            }
            await store.startEffects()
            self.lock.withLock { self._finished = true }
            let text = "replay finished (\(played) actions); from here nothing is evaluated, read, written or sent"
            // A question on the last screen (quit? open?) stays in the footer: the next key answers it.
            let s = await store.state
            let asking = s.confirmQuit || s.pendingOpen != nil || !s.recoveryOffers.isEmpty
            await store.send(asking ? .log([LogLine(time: "", level: .info, text: text)]) : .notice(text))
        }
        lock.withLock { task = t }
    }

    /// Plays the rest without pauses.
    func skip() { lock.withLock { task }?.cancel() }
}
