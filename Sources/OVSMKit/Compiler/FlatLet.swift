/// Flattened scopes: a `let`/`let*` or a `for`/`dolist`/`dotimes` inside a function (or any
/// scope with a frame) whose code creates no closure gets its names as extra slots of the
/// enclosing frame instead of a frame of its own. A fresh binding per entry is only observable through a closure that
/// captured the previous one; without closures the two are indistinguishable — except in
/// cost: no frame taken from the pool per entry, and every variable of the function is at
/// depth 0, where the fast paths (slot intrinsics, numeric trees, in-place stores) apply.
/// (ARCHITECTURE.md, "Programs of the same kinds, second round".)
extension Compiler {
    /// Forms that create a closure capturing the current frame, by head symbol.
    private static let closureHeads: Set<String> = ["lambda", "fn", "defun", "defn", "defmacro", "flet", "labels"]
    /// Past this many datums the scan gives up (the `let` keeps its frame): bounds the
    /// compile time of deeply nested code, where every `let` scans what it encloses.
    static let flatScanLimit = 4_000

    /// True when `forms` certainly create no closure: no closure-making special form, no
    /// `(define (f …) …)`, and no call of a global macro (its expansion is unknown yet) —
    /// anywhere, quoted data included (conservative, never wrong).
    func isClosureFree(_ forms: ArraySlice<Datum>) -> Bool {
        var budget = Self.flatScanLimit
        var stack = Array(forms)
        while let d = stack.popLast() {
            budget -= 1
            if budget < 0 { return false }
            switch d.kind {
            case .atom(let v):
                if case .symbol(let s) = v {
                    if Self.closureHeads.contains(s.name) { return false }
                    if let c = interp.globals[s], c.isBound, case .macro = c.value { return false }
                }
            case .list(let items), .array(let items):
                if items.count >= 2, items[0].symbol?.name == "define", items[1].items != nil { return false }
                stack.append(contentsOf: items)
            case .object(let pairs):
                stack.append(contentsOf: pairs.map { $0.value })
            }
        }
        return true
    }

    /// Whether a `let` or loop made of `forms` may share the enclosing frame (see the file
    /// comment): not at top level (no frame to share), not under a debugger (its scope view
    /// is one frame per scope), not when the forms may create a closure.
    func canFlatten(_ forms: ArraySlice<Datum>, _ cx: Ctx) -> Bool {
        cx.scope != nil && interp.debugger == nil && isClosureFree(forms)
    }
}

/// A `let` whose bindings are slots of the current frame. Its `define` slots start unbound
/// on every entry, as in a frame of its own; on the way out its slots are cleared so the
/// frame does not keep the values alive (nor shared, which would make the next in-place
/// update of the same array copy it).
final class FlatLetNode: Node {
    let slots: [Int], inits: NodeList, defineSlots: [Int], body: Node
    init(slots: [Int], inits: [Node], defineSlots: [Int], body: Node) {
        self.slots = slots; self.inits = NodeList(inits); self.defineSlots = defineSlots; self.body = body
    }

    override func eval(_ env: Frame) throws -> Value {
        env.unbind(defineSlots)
        // Parallel `let`: the inits were compiled outside this scope, so none reads these
        // slots and storing each value at once is the same as storing them all at the end.
        for k in 0..<slots.count { env[slots[k]] = try inits.eval(k, env).primary }
        let r = try body.eval(env)
        env.clear(slots)
        env.clear(defineSlots)
        return r
    }

    override func exec(_ env: Frame) throws {
        env.unbind(defineSlots)
        for k in 0..<slots.count { env[slots[k]] = try inits.eval(k, env).primary }
        try body.exec(env)
        env.clear(slots)
        env.clear(defineSlots)
    }
}

/// `FlatLetNode` of one binding and no `define` slots — `(let ((t2 (+ …))) …)` in a loop
/// body: no arrays of slots to walk, the slot stored and cleared in place when it holds
/// a number.
final class FlatLet1Node: Node {
    let slot: Int, value: Node, body: Node
    init(slot: Int, value: Node, body: Node) { self.slot = slot; self.value = value; self.body = body }

    override func eval(_ env: Frame) throws -> Value {
        env.storeOnly(try value.eval(env).primary, slot)
        let r = try body.eval(env)
        env.clearSlot(slot)
        return r
    }

    override func exec(_ env: Frame) throws {
        env.storeOnly(try value.eval(env).primary, slot)
        try body.exec(env)
        env.clearSlot(slot)
    }
}
