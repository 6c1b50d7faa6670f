/// What a debugger controller sees and asks for (docs/DEBUGGER.md). Plain Sendable values:
/// they cross from the evaluator thread to the controller's (a CLI loop, the workbench).

/// How to go on from a pause.
public enum DebugAction: Sendable, Equatable {
    /// Run until a breakpoint, a pause request or the end.
    case `continue`
    /// Stop at the next new line, entering calls.
    case stepIn
    /// Stop at the next new line of this function (or of a caller once it returns).
    case stepOver
    /// Run until the current function returns to its caller.
    case stepOut
    /// Abandon the run: it ends with a `limit` error ("stopped in the debugger").
    case stop
}

/// Why the evaluator paused.
public enum PauseReason: Sendable, Equatable, Codable {
    case breakpoint
    case step
    /// `stepOut` finished; the printed value the function's call form gave.
    case returned(String)
    /// `Debugger.requestPause()`.
    case requested
}

/// A visible local variable and its print form (cut to `Debugger.maxValueLength`).
public struct DebugLocal: Sendable, Equatable, Codable {
    public let name: String
    public let value: String
}

/// One active call: the function and the line it is executing (innermost first in
/// `DebugPause.stack`). The outermost is the program itself, named `<top level>`.
public struct DebugStackFrame: Sendable, Equatable, Codable {
    public let function: String
    public let line: Int?
}

/// A watch expression and what it evaluated to at this pause.
public struct DebugWatch: Sendable, Equatable, Codable {
    public let expression: String
    public let value: DebugValue
}

/// An evaluation's outcome in the debugger: the print form, or the error as text. Errors
/// are values here: a failing `print` or watch never ends the run.
public enum DebugValue: Sendable, Equatable, Codable {
    case value(String)
    case error(String)

    public var text: String {
        switch self {
        case .value(let s): return s
        case .error(let s): return "error: " + s
        }
    }
}

/// Everything about one pause, gathered on the evaluator thread before the controller is
/// woken.
public struct DebugPause: Sendable, Equatable, Codable {
    public let line: Int
    public let column: Int
    public let reason: PauseReason
    /// Active calls, innermost first; `stack.count` is the call depth.
    public let stack: [DebugStackFrame]
    /// The variables visible at the paused form, outermost scope first.
    public let locals: [DebugLocal]
    public let watches: [DebugWatch]
    /// Counts pauses in this run (1 = the first), so a controller can tell two pauses at
    /// the same place apart.
    public let serial: Int

    public var function: String { stack.first?.function ?? "<top level>" }
    public var depth: Int { stack.count }
}

/// What `Debugger.waitForStop` reports.
public enum DebugStop: Sendable, Equatable {
    case paused(DebugPause)
    /// The run ended (normally or with an error); the embedder has its outcome.
    case finished
}
