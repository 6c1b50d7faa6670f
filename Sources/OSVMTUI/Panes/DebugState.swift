import OVSMKit

/// A debug run of the editor buffer (docs/DEBUGGER.md, "In the workbench"). The engine is
/// OVSMKit's `Debugger`, owned by the store; this is what the workbench shows of it: the
/// phase, the last pause (location, reason, locals, call stack) and the watches.
public struct DebugState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// No debug run.
        case idle
        /// The program runs (started, or resumed after a pause).
        case running
        case paused(DebugPause)
    }

    public var phase = Phase.idle
    /// Watch expressions (`:watch EXPR`), evaluated in the paused frame at every pause.
    /// They outlive a run: the next debug run watches them too.
    public var watches: [String] = []
    /// Their values at the current pause, aligned with `watches` (nil: not evaluated yet).
    public var watchValues: [DebugValue?] = []
    /// Evaluations in the paused frame in flight (REPL input, a new watch). Resuming waits
    /// for them: the paused evaluator serves one request at a time.
    public var evaluations = 0
    /// A stop was asked for while the program ran: it stops at the next form it reaches.
    public var stopRequested = false

    public var active: Bool { phase != .idle }
    public var pause: DebugPause? {
        if case .paused(let p) = phase { return p }
        return nil
    }

    /// Where the program is paused, as an editor row (0-based).
    public var pausedRow: Int? { pause.map { $0.line - 1 } }

    mutating func setWatchValues(_ pause: DebugPause) {
        watchValues = watches.map { w in pause.watches.first { $0.expression == w }?.value }
    }
}

/// Who asked for an evaluation in the paused frame (where its value goes).
public enum DebugEvalTarget: Sendable, Equatable, Codable {
    case repl
    /// A watch just added while paused (its value is shown at once, not at the next pause).
    case watch(String)
}

/// How a debug run starts: the buffer, breakpoints by line (1-based), watches, and whether
/// it stops at its first line (F11 before a run, `:debug`).
public struct DebugRunOrder: Sendable, Equatable {
    public var source: String
    public var breakpoints: Set<Int>
    public var watches: [String]
    public var stopAtStart: Bool
}
