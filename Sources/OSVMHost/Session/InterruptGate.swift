/// The evaluation cycle as Ctrl-C sees it, for every embedder (the CLI REPL, the
/// workbench's REPL and editor, `ovsm run`): a pure state machine (no locks, no clock, no
/// I/O) so that tests can drive every interleaving of keys, Enter and evaluation.
///
///     idle ──submit()──▶ submitted ──begin()──▶ running ──end()──▶ idle
///                           │
///                           └──settle()──▶ idle   (the line started no evaluation)
///
/// A Ctrl-C in `submitted` (Enter was pressed, evaluation has not started yet) is recorded,
/// and `begin()` then refuses to start: the interrupt is never lost in that gap. The
/// record is cleared only when a cycle is submitted while none is outstanding, never at
/// evaluation start, so a Ctrl-C after an evaluation finished does not cancel the next.
///
/// Cycles may queue (the workbench runs the editor's buffer behind a REPL evaluation):
/// `outstanding` counts submitted cycles not yet ended, and one Ctrl-C cancels them all.
public struct InterruptGate: Equatable, Sendable {
    public enum Phase: Equatable, Sendable { case idle, submitted, running }

    /// What a Ctrl-C means in the current phase.
    public enum Response: Equatable, Sendable {
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

    public static let forceQuitAfter = 2.0

    /// Submitted cycles that have not ended (or settled) yet.
    public private(set) var outstanding = 0
    public private(set) var running = false
    /// A Ctrl-C arrived since the cycle (or queue of cycles) was submitted.
    public private(set) var cancelRequested = false
    private var firstInterrupt = 0.0

    public init() {}

    public var phase: Phase { running ? .running : outstanding > 0 ? .submitted : .idle }

    /// Enter accepted a line: a cycle starts (the caller clears its cancel flag when
    /// `outstanding` was 0 before).
    public mutating func submit() {
        if outstanding == 0 { cancelRequested = false }
        outstanding += 1
    }

    /// Evaluation is about to start. Returns false when Ctrl-C came since `submit()`:
    /// the caller must not start it (and reports "interrupted"). `end()` follows either way.
    /// An evaluation that was never submitted submits itself first.
    public mutating func begin() -> Bool {
        if outstanding == 0 { submit() }
        running = true
        return !cancelRequested
    }

    /// Evaluation finished; returns whether Ctrl-C interrupted this cycle.
    public mutating func end() -> Bool {
        running = false
        outstanding = max(0, outstanding - 1)
        return cancelRequested
    }

    /// The submitted line started no evaluation (incomplete form, meta command, syntax
    /// error); returns whether Ctrl-C came meanwhile (the caller drops the open form).
    public mutating func settle() -> Bool {
        guard outstanding > 0, !running else { return false }
        outstanding -= 1
        return cancelRequested
    }

    /// Ctrl-C at time `now` (seconds, any monotonic origin).
    public mutating func interrupt(now: Double) -> Response {
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
