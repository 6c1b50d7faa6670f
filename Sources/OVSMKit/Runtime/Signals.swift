/// Non-local exits travel as Swift errors distinct from `OVSMError`, so `try` (which
/// catches only `OVSMError`) lets them pass (spec §7.8).

/// `(return v)` / `(break v)` inside a loop: leaves the innermost loop.
final class BreakSignal: Error, @unchecked Sendable {
    var value: Value
    init(_ v: Value) { value = v }
}

/// `(continue)`: next iteration of the innermost loop.
final class ContinueSignal: Error, @unchecked Sendable {
    static let shared = ContinueSignal()
}

/// `(return v)` outside any loop: returns from the innermost function call.
/// `(return-from NAME v)`: `target` names the function.
final class ReturnSignal: Error, @unchecked Sendable {
    var value: Value
    var target: String?
    init(_ v: Value, target: String?) {
        value = v
        self.target = target
    }
}

/// `(throw tag v)`: unwinds to the innermost `catch` whose tag is `=`.
final class ThrowSignal: Error, @unchecked Sendable {
    let tag: Value
    let value: Value
    init(tag: Value, value: Value) {
        self.tag = tag
        self.value = value
    }
}

/// The interpreter's exit signals, allocated once. A `return` or `break` used to cost
/// ~1,200 instructions: a signal object and an error box allocated per exit, and a dynamic
/// cast (`catch let b as BreakSignal`) at every handler it reached. Now the one signal
/// object of each kind carries the value, it is thrown as an error boxed once, and a
/// handler recognises it by its dynamic type (`isSignal`), not by a cast. Between a throw
/// and the handler that takes its value no OVSM code runs (unwinding runs only Swift
/// `defer`s that touch no signal), so one object per kind is enough.
final class ControlSignals {
    let breakSignal = BreakSignal(.null)
    let returnSignal = ReturnSignal(.null, target: nil)
    private let breakError: any Error
    private let returnError: any Error
    private let continueError: any Error = ContinueSignal.shared

    init() {
        breakError = breakSignal
        returnError = returnSignal
    }

    /// The error to throw for `(break v)` / a loop's `return`.
    @inline(__always) func breaking(_ v: Value) -> any Error {
        breakSignal.value = v
        return breakError
    }

    /// The error to throw for a function's `return` / `return-from`.
    @inline(__always) func returning(_ v: Value, target: String?) -> any Error {
        returnSignal.value = v
        returnSignal.target = target
        return returnError
    }

    @inline(__always) var continuing: any Error { continueError }

    /// The value of the break being handled (the signal lets go of it).
    @inline(__always) func takeBreakValue() -> Value {
        let v = breakSignal.value
        breakSignal.value = .null
        return v
    }

    /// The value of the return being handled.
    @inline(__always) func takeReturnValue() -> Value {
        let v = returnSignal.value
        returnSignal.value = .null
        return v
    }
}

/// Whether `error` is of signal class `T`: one read of the error's dynamic type.
@inline(__always) func isSignal<T: AnyObject>(_ error: any Error, _ t: T.Type) -> Bool {
    ObjectIdentifier(type(of: error)) == ObjectIdentifier(t)
}
