/// Compile-time scope: the names of one run-time `Frame`, in slot order. Resolving a
/// symbol walks scopes once, at compile time, and yields a (depth, index) address.
final class Scope {
    let parent: Scope?
    var slots: [Symbol: Int] = [:]
    var count = 0
    /// Slots introduced by `define` (may be read before assignment → `unbound`).
    var defineSlots: Set<Int> = []
    /// Slots bound by `const` (assignment → `type`).
    var constSlots: Set<Int> = []
    /// The function this scope belongs to (nil at top level outside functions).
    let function: FunctionContext?

    init(parent: Scope?, function: FunctionContext?) {
        self.parent = parent
        self.function = function
    }

    /// The slot of `s` in this scope, if declared here.
    subscript(s: Symbol) -> Int? { slots[s] }

    /// Adds (or reuses, for a redefinition in the same scope) a slot for `s`.
    @discardableResult
    func declare(_ s: Symbol) -> Int {
        if let i = slots[s] { return i }
        let i = count
        slots[s] = i
        count += 1
        return i
    }

    /// A new slot for `s` even when the name is already declared here: a name repeated in
    /// one parameter or `let` binding list gets a slot per occurrence (so the frame holds
    /// every value written into it) and resolves to the latest one (spec §16: the later
    /// binding wins).
    @discardableResult
    func declareFresh(_ s: Symbol) -> Int {
        let i = count
        slots[s] = i
        count += 1
        return i
    }

    /// A fresh anonymous slot (compiler temporaries such as loop counters).
    func temporary() -> Int {
        let i = count
        count += 1
        return i
    }
}

/// Per-function facts gathered while compiling its body.
final class FunctionContext {
    let name: String?
    /// The body contains a `return` that targets this function (needs a catch).
    var usesReturn = false
    init(name: String?) { self.name = name }
}

/// Where a symbol lives.
enum Resolution {
    case local(depth: Int, index: Int, mayBeUnbound: Bool, isConst: Bool)
    case global(GlobalCell)
}

/// The lexical context of the form being compiled.
struct Ctx {
    /// nil = top level (defines are global).
    var scope: Scope?
    /// The innermost loop of the current function (break/continue target it), if any.
    var loop: LoopContext? = nil
    /// Multiple values may pass through this position (spec §8.9 tail positions).
    var tail = false

    var function: FunctionContext? { scope?.function }

    func with(tail: Bool) -> Ctx {
        var c = self
        c.tail = tail
        return c
    }
    var notTail: Ctx { with(tail: false) }
}

/// Facts about one loop gathered while compiling its body.
final class LoopContext {
    var usesBreak = false
    var usesContinue = false
}
