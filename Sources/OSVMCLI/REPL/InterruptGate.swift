/// The REPL's evaluation cycle as Ctrl-C sees it: a pure state machine (no locks, no clock,
/// no I/O) so that tests can drive every interleaving of keys, Enter and evaluation.
///
///     idle ──submit()──▶ submitted ──begin()──▶ running ──end()──▶ idle
///                           │
///                           └──settle()──▶ idle   (the line started no evaluation)
///
/// A Ctrl-C in `submitted` (Enter was pressed, evaluation has not started yet) is recorded,
/// and `begin()` then refuses to start: the interrupt is never lost in that gap. The
/// record is cleared only by the next `submit()` (a new cycle), never at evaluation start.
struct InterruptGate: Equatable {
    enum Phase: Equatable { case idle, submitted, running }

    /// What a Ctrl-C means in the current phase.
    enum Response: Equatable {
        /// Nothing submitted: a terminal session treats it as the Ctrl-C key at the
        /// prompt (clear the input); piped input ends the process.
        case atPrompt
        /// First Ctrl-C of this cycle: set the interpreter's cancel flag.
        case cancel
        /// Ctrl-C again within `forceQuitAfter` seconds: nothing more to do.
        case alreadyCancelling
        /// Ctrl-C again `forceQuitAfter` seconds after the first, still running: quit.
        case forceQuit
    }

    static let forceQuitAfter = 2.0

    private(set) var phase = Phase.idle
    /// A Ctrl-C arrived since the last `submit()`.
    private(set) var cancelRequested = false
    private var firstInterrupt = 0.0

    /// Enter accepted a line: a new cycle starts (the caller clears its cancel flag).
    mutating func submit() {
        phase = .submitted
        cancelRequested = false
    }

    /// Evaluation is about to start. Returns false when Ctrl-C came since `submit()`:
    /// the caller must not start it (and reports "interrupted"). `end()` follows either way.
    mutating func begin() -> Bool {
        phase = .running
        return !cancelRequested
    }

    /// Evaluation finished; returns whether Ctrl-C interrupted this cycle.
    mutating func end() -> Bool {
        phase = .idle
        return cancelRequested
    }

    /// The submitted line started no evaluation (incomplete form, meta command, syntax
    /// error); returns whether Ctrl-C came meanwhile (the caller drops the open form).
    mutating func settle() -> Bool {
        guard phase == .submitted else { return false }
        phase = .idle
        return cancelRequested
    }

    /// Ctrl-C at time `now` (seconds, any monotonic origin).
    mutating func interrupt(now: Double) -> Response {
        switch phase {
        case .idle:
            return .atPrompt
        case .submitted, .running:
            if !cancelRequested {
                cancelRequested = true
                firstInterrupt = now
                return .cancel
            }
            return phase == .running && now - firstInterrupt >= Self.forceQuitAfter ? .forceQuit : .alreadyCancelling
        }
    }
}
