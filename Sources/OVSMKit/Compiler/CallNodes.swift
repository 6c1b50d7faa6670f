/// Call sites. A user function with plain required parameters gets its frame (a recycled
/// one when possible, see `FramePool`) filled directly from the argument nodes; anything
/// else evaluates the arguments into an array and goes through `Interpreter.call`.

/// What the two user-call nodes share: the argument nodes and the call of a user function
/// with the arguments written straight into its frame. The argument nodes are fields of
/// the node itself (they were a struct of 12 words, which Swift copied onto the stack at
/// every call it was passed to). The first four are plain stored properties: calling a
/// node held in a `let` property needs no retain, one taken out of an array does.
class UserCallSite: Node {
    let span: SourceSpan, tail: Bool
    /// The argument array for builtins, reused across calls (see `collect`).
    final var scratch: [Value] = []
    /// Unretained: the interpreter owns the compiled code, so it outlives every node.
    let interp: Unmanaged<Interpreter>
    let argList: NodeList
    let argCount: Int
    final let a0: Node, a1: Node, a2: Node, a3: Node
    /// For calls of 2 or 3 arguments some of which are variables of the caller's frame
    /// (`(tak (- x 1) y z)`): each argument's slot, or -1. Such a variable is copied
    /// straight from the slot, without a virtual call; other call sites never look.
    final let slotArgs: Bool, s0: Int, s1: Int, s2: Int

    init(_ nodes: [Node], _ s: SourceSpan, tail: Bool, _ i: Interpreter) {
        span = s; self.tail = tail; interp = Unmanaged.passUnretained(i)
        argList = NodeList(nodes)
        argCount = nodes.count
        let none = ConstNode(.null)
        a0 = nodes.count > 0 ? nodes[0] : none
        a1 = nodes.count > 1 ? nodes[1] : none
        a2 = nodes.count > 2 ? nodes[2] : none
        a3 = nodes.count > 3 ? nodes[3] : none
        s0 = (a0 as? LocalNode0)?.index ?? -1
        s1 = (a1 as? LocalNode0)?.index ?? -1
        s2 = (a2 as? LocalNode0)?.index ?? -1
        slotArgs = (argCount == 2 || argCount == 3) && (s0 >= 0 || s1 >= 0 || (argCount == 3 && s2 >= 0))
    }

    /// Calls the user function `l` (of closure `cref`), whose parameters are `argCount`
    /// plain names, evaluating the argument nodes straight into its frame; the frame is
    /// recycled afterwards. The closure is passed unretained: only its lambda `l` and its
    /// environment (held by the new frame) must outlive the call, even if the closure
    /// itself is dropped meanwhile (a function redefining its own name). The caller keeps
    /// `l` alive.
    @inline(__always) final func callUser(_ cref: Unmanaged<Closure>, _ l: Lambda, _ env: Frame) throws -> Value {
        try interp._withUnsafeGuaranteedRef { ip in
            let frame = cref._withUnsafeGuaranteedRef { ip.framePool.take(for: l, parent: $0.env) }
            try fill(frame, env)
            let r = try ip.invoke(l, frame, span)
            ip.framePool.give(consume frame)
            return r
        }
    }

    @inline(__always) private final func arg(_ node: Node, _ slot: Int, _ env: Frame) throws -> Value {
        slot >= 0 ? env[slot] : try node.eval(env)
    }

    @inline(never) private final func fillWithSlots(_ frame: Frame, _ env: Frame) throws {
        frame.initSlot(0, try arg(a0, s0, env))
        frame.initSlot(1, try arg(a1, s1, env))
        if argCount == 3 { frame.initSlot(2, try arg(a2, s2, env)) }
    }

    /// Evaluates the arguments into slots 0..<argCount of a fresh call frame.
    @inline(__always) final func fill(_ frame: Frame, _ env: Frame) throws {
        if slotArgs { return try fillWithSlots(frame, env) }
        switch argCount {
        case 0: break
        case 1: frame.initSlot(0, try a0.eval(env))
        case 2:
            frame.initSlot(0, try a0.eval(env))
            frame.initSlot(1, try a1.eval(env))
        case 3:
            frame.initSlot(0, try a0.eval(env))
            frame.initSlot(1, try a1.eval(env))
            frame.initSlot(2, try a2.eval(env))
        default:
            frame.initSlot(0, try a0.eval(env))
            frame.initSlot(1, try a1.eval(env))
            frame.initSlot(2, try a2.eval(env))
            frame.initSlot(3, try a3.eval(env))
            for i in 4..<argCount { frame.initSlot(i, try argList.eval(i, env)) }
        }
    }

    /// Evaluates the arguments into `scratch`, this site's reusable array: no allocation
    /// per builtin call. All arguments are evaluated before `scratch` is touched, so a
    /// nested use of the same call site (recursion through an argument) cannot clobber
    /// it. Elements are assigned in place; when the array is shared — a builtin kept the
    /// array it was given (`list`), or the site was re-entered from inside its running
    /// builtin (map → lambda → this site) — copy-on-write gives this call its own array
    /// and leaves theirs intact.
    @inline(__always) final func collect(_ env: Frame) throws {
        switch argCount {
        case 1:
            let x = try a0.eval(env)
            if scratch.count == 1 { scratch[0] = x } else { scratch = [x] }
        case 2:
            var x = try a0.eval(env), y = try a1.eval(env)
            if scratch.count == 2 {
                scratch.withUnsafeMutableBufferPointer { p in swap(&p[0], &x); swap(&p[1], &y) }
            } else { scratch = [x, y] }
        case 3:
            var x = try a0.eval(env), y = try a1.eval(env), z = try a2.eval(env)
            if scratch.count == 3 {
                // One uniqueness check for the three stores, not one each. The values
                // are swapped in (the closure can only copy what it captures; a swap
                // moves them, and the nulls swapped out cost nothing to drop).
                scratch.withUnsafeMutableBufferPointer { p in swap(&p[0], &x); swap(&p[1], &y); swap(&p[2], &z) }
            } else { scratch = [x, y, z] }
        case 4:
            var w = try a0.eval(env), x = try a1.eval(env), y = try a2.eval(env), z = try a3.eval(env)
            if scratch.count == 4 {
                scratch.withUnsafeMutableBufferPointer { p in
                    swap(&p[0], &w); swap(&p[1], &x); swap(&p[2], &y); swap(&p[3], &z)
                }
            } else { scratch = [w, x, y, z] }
        default:
            scratch = try evalArguments(argList.nodes, env)
        }
    }

    /// After the call: drop the argument values (the array stays for the next call) so a
    /// call site keeps nothing alive. (If the builtin kept the array, this write copies it
    /// once and the builtin's copy is untouched.)
    @inline(__always) final func releaseScratch() {
        switch scratch.count {
        case 0: break
        case 1, 2, 3, 4:
            // Each value dropped by case (`Value.drop`: no outlined destroy for a scalar).
            scratch.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                for i in p.indices {
                    Value.release((base + i).move())
                    (base + i).initialize(to: .null)
                }
            }
        default:
            scratch = []
        }
    }

    /// Any callable with this site's arguments in `scratch` (the general path).
    @inline(__always) final func callGeneral(_ f: Value, _ env: Frame) throws -> Value {
        try collect(env)
        defer { releaseScratch() }
        return try interp._withUnsafeGuaranteedRef { try $0.call(f, scratch, span) }
    }
}

/// `(f a b …)` with any head expression.
final class CallNode: UserCallSite {
    let head: Node
    /// The slot when the head is a variable of the current frame (`(f x)` with `f` a
    /// parameter or a loop variable), else -1.
    let headSlot: Int
    init(_ h: Node, _ a: [Node], _ s: SourceSpan, tail: Bool, _ i: Interpreter) {
        head = h
        headSlot = (h as? LocalNode0)?.index ?? -1
        super.init(a, s, tail: tail, i)
    }

    /// The function in slot `headSlot`, read in place and unretained.
    @inline(__always) private func slotFunction(_ env: Frame) -> Unmanaged<Function>? {
        env.withSlotPointer(headSlot) { p in
            if case .function(let fo) = p.pointee { return Unmanaged.passUnretained(fo) }
            return nil
        }
    }

    override func eval(_ env: Frame) throws -> Value {
        // A closure in a local: called with the `Function` retained for the call (the
        // slot may be reassigned meanwhile) — no copy of the `Value` and no outlined
        // copy and destroy around it.
        if headSlot >= 0, let fref = slotFunction(env),
           let cref = fref._withUnsafeGuaranteedRef({ $0.closureRef }),
           cref._withUnsafeGuaranteedRef({ $0.lambda.simpleArity }) == argCount {
            _ = fref.retain()
            defer { fref.release() }
            let r = try cref._withUnsafeGuaranteedRef { $0.lambdaRef }._withUnsafeGuaranteedRef { try callUser(cref, $0, env) }
            if !tail, case .multiple(let m) = r { return m.primary }
            return r
        }
        let f = try head.eval(env)
        let r: Value
        if let cref = f.closureRef, cref._withUnsafeGuaranteedRef({ $0.lambda.simpleArity }) == argCount {
            // `f` owns the closure and so its lambda until the call returns: no retain.
            r = try cref._withUnsafeGuaranteedRef { $0.lambdaRef }._withUnsafeGuaranteedRef { try callUser(cref, $0, env) }
            withExtendedLifetime(f) {}
        } else if argCount == 1, case .function(let fo) = f, case .builtin(let b) = fo.kind, let u = b.unary {
            // A builtin's one-argument entry (a function made by `complement`, `partial`,
            // `compose`…, or a builtin passed as a value): no argument array.
            let x = try a0.eval(env)
            r = try interp._withUnsafeGuaranteedRef { ip in
                try ip.callFixed(span) {
                    try b.checkArity(1)
                    return try u(x, ip)
                }
            }
        } else {
            r = try callGeneral(f, env)
        }
        if !tail, case .multiple(let m) = r { return m.primary }
        return r
    }
}

/// `(name a b …)` where `name` is a global: the cell caches the closure it holds, so the
/// call reads it without unpacking (and reference counting) the function value.
final class GlobalCallNode: UserCallSite {
    let cell: GlobalCell, head: Node
    /// The lambda whose body holds this call site (set once it is built; nil at top
    /// level). While this node runs, an invocation of that lambda is on the stack and
    /// keeps it alive, so a self-recursive call needs no retain of its callee's lambda.
    var enclosingLambda: UnsafeMutableRawPointer? = nil
    init(_ c: GlobalCell, _ h: Node, _ a: [Node], _ s: SourceSpan, tail: Bool, _ i: Interpreter) {
        cell = c; head = h
        super.init(a, s, tail: tail, i)
    }

    override func eval(_ env: Frame) throws -> Value {
        let r: Value
        if cell.isBound, let cref = cell.closureRef,
           case let lref = cref._withUnsafeGuaranteedRef({ $0.lambdaRef }),
           lref._withUnsafeGuaranteedRef({ $0.simpleArity }) == argCount {
            if lref.toOpaque() == enclosingLambda {
                r = try lref._withUnsafeGuaranteedRef { try callUser(cref, $0, env) }
            } else {
                // The cell may be redefined during the call (even by the callee itself),
                // freeing the closure: keep its lambda alive.
                let l = lref.takeUnretainedValue()
                r = try withExtendedLifetime(l) { try callUser(cref, l, env) }
            }
        } else if cell.isBound, let bref = cell.builtinRef {
            r = try bref._withUnsafeGuaranteedRef { try callBuiltin($0, env) }
        } else {
            // Other arities, and the unbound-name error of the head node.
            r = try callGeneral(try head.eval(env), env)
        }
        if !tail, case .multiple(let m) = r { return m.primary }
        return r
    }

    /// A builtin with this site's arguments: one or two of them go straight to its
    /// `unary`/`binary` entry when it has one (no argument array to fill and clear).
    @inline(__always) private func callBuiltin(_ b: Builtin, _ env: Frame) throws -> Value {
        try interp._withUnsafeGuaranteedRef { interp in
            // The arguments are dropped by case afterwards (`Value.drop`: an int or a
            // float needs no outlined destroy).
            if argCount == 1, let u = b.unary {
                let x = try a0.eval(env)
                let r = try interp.callFixed(span) { try u(x, interp) }
                Value.release(consume x)
                return r
            }
            if argCount == 2, let f = b.binary {
                let x = try a0.eval(env), y = try a1.eval(env)
                let r = try interp.callFixed(span) { try f(x, y, interp) }
                Value.release(consume x)
                Value.release(consume y)
                return r
            }
            try collect(env)
            defer { releaseScratch() }
            return try interp.callBuiltin(b, scratch, span)
        }
    }
}

@inline(__always) func evalArguments(_ args: [Node], _ env: Frame) throws -> [Value] {
    var vals = [Value]()
    vals.reserveCapacity(args.count)
    for a in args { vals.append(try a.eval(env)) }
    return vals
}

/// `(get X K [D])` and `(nth X I)` by their global names: while the name holds the builtin
/// it was compiled against, an object looked up by a string or keyword and an array by an
/// int are answered here, without an argument array and a builtin call. Every other case
/// (strings, null, `(nth i seq)`, errors) is the builtin's own, called with the values.
final class LookupIntrinsicNode: Node {
    enum Kind { case get, nth }
    let kind: Kind, cell: GlobalCell, x: Node, k: Node, d: Node?, span: SourceSpan
    /// The builtin the name held at compile time (compared by identity, never dereferenced
    /// unless the cell still holds it).
    let original: UnsafeMutableRawPointer
    /// The ordinary call, for when the name has been rebound.
    let fallback: GlobalCallNode
    unowned(unsafe) let interp: Interpreter
    init?(_ name: String, _ cell: GlobalCell, _ args: [Node], fallback: GlobalCallNode, _ span: SourceSpan, _ interp: Interpreter) {
        switch (name, args.count) {
        case ("get", 2), ("get", 3): kind = .get
        case ("nth", 2): kind = .nth
        default: return nil
        }
        // The name must hold that very builtin (not another one bound to the name).
        guard let b = cell.builtinRef, b._withUnsafeGuaranteedRef({ $0.name }) == name else { return nil }
        original = b.toOpaque()
        self.cell = cell; x = args[0]; k = args[1]; d = args.count > 2 ? args[2] : nil
        if kind == .get, let c = args[1] as? ConstNode {
            switch c.value {
            case .string(let s): constKey = s
            case .keyword(let kw): constKey = kw.name
            default: constKey = nil
            }
        } else {
            constKey = nil
        }
        self.fallback = fallback; self.span = span; self.interp = interp
        // A default that is a constant or a variable read can be skipped when the element
        // is found: nothing observable happens when it is evaluated.
        // Only where `x` can be read in place at all (else the fast path would cost two
        // virtual calls before the ordinary one — sieve's global array +3 %).
        let xPeekable = args[0] is LocalNode0 || args[0] is LocalNode1 || args[0] is LocalNodeN
            || args[0] is LookupIntrinsicNode
        let pure = xPeekable && (args.count < 3 || args[2] is ConstNode || args[2] is LocalNode0
            || args[2] is LocalNode1 || args[2] is LocalNodeN)
        // A constant key that is not an int never indexes an array: no element peek.
        let constNonInt: Bool
        if let c = args[1] as? ConstNode, case .int = c.value { constNonInt = false } else { constNonInt = args[1] is ConstNode }
        readsInPlace = pure && !constNonInt
        switch args[0] {
        case let l as LocalNode0: (xDepth, xIndex) = (0, l.index)
        case let l as LocalNode1: (xDepth, xIndex) = (1, l.index)
        default: (xDepth, xIndex) = (-1, 0)
        }
        kSlot = (args[1] as? LocalNode0)?.index ?? -1
    }

    /// `x` is a read that can be done in place, the default, if any, has no effects, and
    /// the key may be an int (see `peekPointer`).
    let readsInPlace: Bool
    /// `x` as a variable of this frame or its parent (depth, slot; depth -1 otherwise);
    /// `k` as a slot of this frame (else -1). See `xAddress`.
    private let xDepth: Int, xIndex: Int, kSlot: Int

    /// `(nth v i)` / `(get v i)`: the element in place when the name holds the builtin,
    /// `v` is itself read in place (`Node.peekPointer`) and holds an array, and `i` is an
    /// int read without effects within its bounds; nil otherwise (then the ordinary path
    /// evaluates everything, in order, with its errors).
    override func peekPointer(_ env: Frame) -> UnsafePointer<Value>? {
        guard readsInPlace, let b = cell.builtinRef, b.toOpaque() == original,
              let i = kInt(env), let p = xAddress(env) else { return nil }
        return arrayElementAddress(p, i)
    }

    /// Where `x`'s value lives: a variable of this frame or its parent without a virtual
    /// call. (A nested lookup goes through the virtual call too: calling this final
    /// class's `peekPointer` directly made the two functions recursive, and neither was
    /// inlined any more — fannkuch +5 %.)
    @inline(__always) private func xAddress(_ env: Frame) -> UnsafePointer<Value>? {
        if xDepth == 0 { return env.slotAddress(xIndex) }
        if xDepth == 1 { return env.parent.unsafelyUnwrapped.slotAddress(xIndex) }
        return x.peekPointer(env)
    }

    /// `k` as an int when it is a variable of this frame holding one (no virtual call),
    /// else `k.peekInt`.
    @inline(__always) private func kInt(_ env: Frame) -> Int? {
        kSlot >= 0 ? env.intSlot(kSlot) : k.peekInt(env)
    }

    // (`readsInPlace` is tested here as well: a lookup that never peeks — a global array,
    // a keyword key — answers without calling `peekPointer`.)
    override func peekInt(_ env: Frame) -> Int? {
        guard readsInPlace, let p = peekPointer(env), case .int(let i) = p.pointee else { return nil }
        return i
    }

    override func peekNumber(_ env: Frame) -> Scalar? {
        guard readsInPlace, let p = peekPointer(env) else { return nil }
        return Scalar(p.pointee)
    }

    /// For `(get X :field [D])`: the field name, when the key is a constant string or
    /// keyword.
    let constKey: String?
    /// Where `constKey` was found last time (see `OVSMObject.value(forKey:hint:)`).
    private var hint = 0

    /// `(get v :field [D])` with v a local holding an object: the field is read in place
    /// (no copy of the object value); nil when v holds something else. The default, if
    /// any, is still evaluated (after the read, which has no effects to order against).
    @inline(__always) private func fieldInPlace(_ name: String, _ env: Frame) throws -> Value? {
        let found = env.withSlotPointer(xIndex) { p -> Value?? in
            guard case .object(let o) = p.pointee else { return nil }
            return .some(o.value(forKey: name, hint: &hint))
        }
        guard let found else { return nil }
        let dv = try d?.eval(env)
        return found ?? dv ?? .null
    }

    override func eval(_ env: Frame) throws -> Value {
        guard let b = cell.builtinRef, b.toOpaque() == original else { return try fallback.eval(env) }
        // `(nth v i)` / `(get v i)` with v a local holding an array and i an int read without
        // effects (`peekInt`): the element is read in place, without copying the array
        // value (a retain and a release per read).
        if readsInPlace, let i = kInt(env), let p = xAddress(env),
           let e = arrayElementAddress(p, i) {
            return e.pointee
        }
        if xDepth == 0, let name = constKey, let v = try fieldInPlace(name, env) { return v }
        let xv = try x.eval(env), kv = try k.eval(env)
        let dv = try d?.eval(env)
        if let name = constKey, case .object(let o) = xv { return o.value(forKey: name, hint: &hint) ?? dv ?? .null }
        switch (xv, kv) {
        case (.object(let o), .string(let s)) where kind == .get:
            return o[s] ?? dv ?? .null
        case (.object(let o), .keyword(let s)) where kind == .get:
            return o[s.name] ?? dv ?? .null
        case (.array(let a), .int(let i)) where i >= 0 && i < a.count:
            return a[i]
        case (.array, .int) where kind == .get:
            return dv ?? .null
        default:
            let args = dv.map { [xv, kv, $0] } ?? [xv, kv]
            return try b._withUnsafeGuaranteedRef { try interp.callBuiltin($0, args, span) }
        }
    }
}

/// `(first v)`, `(second v)`, `(third v)`, `(last v)`, `(length v)` and `(empty? v)` (and
/// their aliases) where `v` is a variable of the current frame: while the name holds the
/// builtin it was compiled against and `v` holds an array, the answer is read in place —
/// no copy of the array value (a retain and a release), no call. Anything else (a string,
/// an object, null, a rebound name) is the ordinary call, with its errors.
final class SlotSeqNode: Node {
    enum Op { case element(Int), last, length, empty }
    let op: Op, cell: GlobalCell, slot: Int
    /// The builtin the name held at compile time (compared by identity only).
    let original: UnsafeMutableRawPointer
    let fallback: GlobalCallNode

    init?(_ cell: GlobalCell, _ args: [Node], fallback: GlobalCallNode) {
        guard args.count == 1, let local = args[0] as? LocalNode0, let b = cell.builtinRef else { return nil }
        // By the builtin's own name, so an alias (`car`, `len`, `count`) gets its op.
        switch b._withUnsafeGuaranteedRef({ $0.name }) {
        case "first": op = .element(0)
        case "second": op = .element(1)
        case "third": op = .element(2)
        case "last": op = .last
        case "length": op = .length
        case "empty?": op = .empty
        default: return nil
        }
        self.cell = cell; slot = local.index; original = b.toOpaque(); self.fallback = fallback
    }

    /// The answer for an array in the slot; nil for anything else.
    @inline(__always) private func read(_ env: Frame) -> Value? {
        guard let b = cell.builtinRef, b.toOpaque() == original else { return nil }
        return env.withSlotPointer(slot) { p -> Value? in
            guard case .array(let a) = p.pointee else { return nil }
            switch op {
            case .element(let i): return i < a.count ? a[i] : .null
            case .last: return a.last ?? .null
            case .length: return .int(a.count)
            case .empty: return .bool(a.isEmpty)
            }
        }
    }

    override func eval(_ env: Frame) throws -> Value {
        if let v = read(env) { return v }
        return try fallback.eval(env)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        // `empty?` as a test: its answer without the `isTruthy` of a boxed bool.
        if case .empty = op, case .bool(let e)? = read(env) { return e }
        return try eval(env).isTruthy
    }
}
