/// Non-local exits travel as Swift errors distinct from `OVSMError`, so `try` (which
/// catches only `OVSMError`) lets them pass (spec §7.8).

/// `(return v)` / `(break v)` inside a loop: leaves the innermost loop.
final class BreakSignal: Error, @unchecked Sendable {
    let value: Value
    init(_ v: Value) { value = v }
}

/// `(continue)`: next iteration of the innermost loop.
final class ContinueSignal: Error, @unchecked Sendable {
    static let shared = ContinueSignal()
}

/// `(return v)` outside any loop: returns from the innermost function call.
/// `(return-from NAME v)`: `target` names the function.
final class ReturnSignal: Error, @unchecked Sendable {
    let value: Value
    let target: String?
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
