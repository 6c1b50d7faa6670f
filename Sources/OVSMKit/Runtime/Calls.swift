/// A user function: compiled parameter list and body, plus the frame it closes over.
public final class Closure {
    let lambda: Lambda
    let env: Frame
    /// `lambda`, unretained (`lambda` owns it): call sites that can prove the lambda stays
    /// alive for the call (see `UserCallSite.callUser`) run it without reference counting.
    let lambdaRef: Unmanaged<Lambda>
    init(lambda: Lambda, env: Frame) {
        self.lambda = lambda
        self.env = env
        self.lambdaRef = Unmanaged.passUnretained(lambda)
    }
}

/// The compiled, environment-independent part of a `lambda`/`defun`/`defmacro`.
/// Immutable once built: the call path reads `body` and the sizes without reference
/// counting only because they are `let`s.
final class Lambda {
    let name: String?
    let params: ParamList
    let frameSize: Int
    let body: Code
    /// Number of parameters when they are all plain required names, else -1: call sites
    /// then fill the frame directly without building an argument array.
    let simpleArity: Int
    let usesReturn: Bool
    /// Slots of body-level `define`s: they start unbound in each call's frame.
    let unboundSlots: [Int]
    let hasUnboundSlots: Bool

    init(name: String?, params: ParamList, frameSize: Int, body: Code, usesReturn: Bool, unboundSlots: [Int]) {
        self.name = name
        self.params = params
        self.frameSize = frameSize
        self.body = body
        self.simpleArity = params.isSimple ? params.required.count : -1
        self.usesReturn = usesReturn
        self.unboundSlots = unboundSlots
        self.hasUnboundSlots = !unboundSlots.isEmpty
    }

    @inline(never) func markUnbound(_ frame: Frame) { frame.unbind(unboundSlots) }

    var displayName: String { name ?? "lambda" }
}

/// A parameter list of spec §6 (also the pattern of `destructuring-bind`).
struct ParamList {
    indirect enum Pattern {
        case slot(Int)
        case nested(ParamList)
    }
    var required: [Pattern] = []
    var optionals: [(slot: Int, defaultCode: Code?)] = []
    var rest: Int? = nil
    var keys: [(name: String, slot: Int, defaultCode: Code?)] = []
    var hasKey = false

    var isSimple: Bool {
        optionals.isEmpty && rest == nil && !hasKey && required.allSatisfy {
            if case .slot = $0 { return true } else { return false }
        }
    }
}

extension Interpreter {
    /// Calls any callable value with evaluated arguments (the generic path of a call site).
    func call(_ f: Value, _ args: [Value], _ span: SourceSpan?) throws -> Value {
        if case .function(let fo) = f {
            switch fo.kind {
            case .builtin(let b):
                return try callBuiltin(b, args, span)
            case .closure(let c):
                if c.lambda.simpleArity == args.count { return try callWithArray(c, args, span) }
                let frame = Frame.makeForCall(size: c.lambda.frameSize, parent: c.env, unbound: c.lambda.unboundSlots)
                do {
                    try bind(c.lambda.params, args, frame, c.lambda.displayName)
                } catch let e as OVSMError {
                    var err = e
                    if err.span == nil { err.span = span }
                    throw err
                }
                return try invoke(c.lambda, frame, span)
            }
        }
        do {
            return try applyMV(f, args)
        } catch let e as OVSMError {
            var err = e
            if err.span == nil { err.span = span }
            throw err
        }
    }

    /// Calls a builtin; its errors get the call site's position.
    @inline(__always)
    func callBuiltin(_ b: Builtin, _ args: [Value], _ span: SourceSpan?) throws -> Value {
        try callFixed(span) {
            try b.checkArity(args.count)
            return try b.body(args, self)
        }
    }

    /// Runs a builtin's body (or its fixed-arity entry, `Builtin.unary`/`binary`); its
    /// errors get the call site's position.
    @inline(__always)
    func callFixed(_ span: SourceSpan?, _ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let e as OVSMError {
            if e.span == nil, let span {
                var err = e
                err.span = span
                throw err
            }
            throw e
        }
    }

    /// Applies a closure to an argument array (used by builtins through `applyMV`).
    func callClosure(_ c: Closure, _ args: [Value]) throws -> Value {
        if c.lambda.simpleArity == args.count { return try callWithArray(c, args, nil) }
        let frame = Frame.makeForCall(size: c.lambda.frameSize, parent: c.env, unbound: c.lambda.unboundSlots)
        try bind(c.lambda.params, args, frame, c.lambda.displayName)
        return try invoke(c.lambda, frame, nil)
    }

    /// `apply(f, [x])` without building the array when `f` is a plain one-parameter closure
    /// (the inner loop of find/some/group-by…).
    @inline(__always) public func apply1(_ f: Value, _ x: Value) throws -> Value {
        try PreparedCall(f, arity: 1).call1(x, self)
    }

    /// `applyMV(f, [x])` without the argument array when `f` is a one-parameter closure or
    /// a builtin with a one-argument entry (the stages of `compose`, `complement`'s
    /// predicate); multiple values pass through as in `applyMV`.
    func applyMV1(_ f: Value, _ x: Value) throws -> Value {
        if case .function(let fo) = f {
            switch fo.kind {
            case .closure(let c) where c.lambda.simpleArity == 1:
                return try invokeFilled(c) { $0.initSlot(0, x) }
            case .builtin(let b) where b.unary != nil:
                try b.checkArity(1)
                return try b.unary.unsafelyUnwrapped(x, self)
            default: break
            }
        }
        return try applyMV(f, [x])
    }

    /// Calls closure `c` with its parameters written by `fill` into a pooled frame;
    /// multiple values pass through.
    @inline(__always) private func invokeFilled(_ c: Closure, _ fill: (Frame) -> Void) throws -> Value {
        let l = c.lambda
        let frame = framePool.take(for: l, parent: c.env)
        fill(frame)
        let r = try invoke(l, frame, nil)
        framePool.give(consume frame)
        return r
    }

    /// `applyMV(f, [x, y])` likewise (`partial` with one captured argument).
    func applyMV2(_ f: Value, _ x: Value, _ y: Value) throws -> Value {
        if case .function(let fo) = f {
            switch fo.kind {
            case .closure(let c) where c.lambda.simpleArity == 2:
                return try invokeFilled(c) { $0.initSlot(0, x); $0.initSlot(1, y) }
            case .builtin(let b) where b.binary != nil:
                try b.checkArity(2)
                return try b.binary.unsafelyUnwrapped(x, y, self)
            default: break
            }
        }
        return try applyMV(f, [x, y])
    }

    /// `apply(f, [x, y])`, likewise for two-parameter closures (sort comparators, map-indexed).
    @inline(__always) public func apply2(_ f: Value, _ x: Value, _ y: Value) throws -> Value {
        try PreparedCall(f, arity: 2).call2(x, y, self)
    }

    /// `f` resolved once for a loop of calls (map/filter/reduce): when it is a plain closure
    /// of the right arity its lambda and environment are kept unretained (the `Value`
    /// owns them for the whole loop), so each call costs only the frame.
    struct PreparedCall {
        let f: Value
        private let lambda: Unmanaged<Lambda>?
        private let env: Unmanaged<Frame>?
        /// The frame `loopCall1` keeps between calls.
        private var spare: Frame? = nil
        /// A builtin's fixed-arity entry for this arity, resolved once (not unpacked from
        /// `f` at every call: a retain and release of the function, the builtin and the
        /// entry each time).
        private let unary: (@Sendable (Value, Interpreter) throws -> Value)?
        private let binary: (@Sendable (Value, Value, Interpreter) throws -> Value)?
        /// The closure's body when it is one operation on its parameters
        /// (`SlotIntrinsicNode.isParameterBody`): while the operands are ints each call is
        /// that operation, computed here — the inline cache of `(lambda (x) (< x p))` in
        /// a filter. Owned by the lambda, which `f` keeps alive.
        private let parameterBody: Unmanaged<SlotIntrinsicNode>?

        init(_ f: Value, arity: Int) {
            self.f = f
            if case .function(let fo) = f, let c = fo.closure, c.lambda.simpleArity == arity {
                lambda = Unmanaged.passUnretained(c.lambda)
                env = Unmanaged.passUnretained(c.env)
                unary = nil
                binary = nil
                if c.lambda.frameSize == arity, !c.lambda.hasUnboundSlots,
                   let n = c.lambda.body as? SlotIntrinsicNode, n.isParameterBody(arity: arity) {
                    parameterBody = Unmanaged.passUnretained(n)
                } else {
                    parameterBody = nil
                }
            } else {
                parameterBody = nil
                lambda = nil
                env = nil
                if case .function(let fo) = f, case .builtin(let b) = fo.kind {
                    unary = arity == 1 ? b.unary : nil
                    binary = arity == 2 ? b.binary : nil
                } else {
                    unary = nil
                    binary = nil
                }
            }
        }

        /// For a sort comparator: how it orders two ints when it is the builtin `<`, `<=`,
        /// `>` or `>=`, or a two-parameter lambda whose whole body compares its parameters
        /// with one of them while the name still holds the builtin (`(lambda (a b) (> a b))`,
        /// `(lambda (a b) (< b a))`) — the operation, whether it takes the parameters
        /// swapped, and whether each call counts a step (a lambda call does). nil otherwise.
        func intComparison() -> (op: BinaryIntrinsicNode.Op, swapped: Bool, countsSteps: Bool)? {
            if let parameterBody {
                return parameterBody._withUnsafeGuaranteedRef { n in
                    guard n.general.isComparison, n.cell.version == n.compiledVersion,
                          n.rightIsSlot, !n.rightIsOuter, n.left != n.right else { return nil }
                    switch n.op {
                    case .lt, .le, .gt, .ge: return (n.op, n.left == 1, true)
                    default: return nil
                    }
                }
            }
            guard lambda == nil, case .function(let fo) = f, case .builtin(let b) = fo.kind else { return nil }
            switch b.name {
            case "<": return (.lt, false, false)
            case "<=": return (.le, false, false)
            case ">": return (.gt, false, false)
            case ">=": return (.ge, false, false)
            default: return nil
            }
        }

        @inline(__always) func call1(_ x: Value, _ interp: Interpreter) throws -> Value {
            guard let lambda, let env else {
                if let unary { return try unary(x, interp).primary }
                return try interp.apply(f, [x])
            }
            return try lambda._withUnsafeGuaranteedRef { l in
                let frame = env._withUnsafeGuaranteedRef { interp.framePool.take(for: l, parent: $0) }
                frame.initSlot(0, x)
                let r = try interp.invoke(l, frame, nil)
                interp.framePool.give(consume frame)
                return r.primary
            }
        }

        /// `call1` for a loop of calls (map, filter, for-each): the frame of one call is
        /// kept for the next when nothing captured it — its slots cleared, its parent (the
        /// closure's environment) left in place — instead of going back to the pool, which
        /// would drop the parent and set it again, a retain/release pair per element.
        /// `finish` gives the kept frame back when the loop ends.
        @inline(__always) mutating func loopCall1(_ x: Value, _ interp: Interpreter) throws -> Value {
            guard let lambda, let env else { return try call1(x, interp) }
            if let parameterBody, let r = parameterBody._withUnsafeGuaranteedRef({ n -> Value? in
                // An error (overflow, a zero divisor) is the call's own: the call is made
                // below and raises it (the step not taken here, so it is counted once).
                guard let (i, j) = env._withUnsafeGuaranteedRef({ n.operands1(x, $0) }),
                      let r = try? n.general.arith(i, j), interp.inlineCallStep() else { return nil }
                return r
            }) { return r }
            return try lambda._withUnsafeGuaranteedRef { l in
                let frame = loopFrame(l, env, interp)
                frame.initSlot(0, x)
                let r = try interp.invoke(l, frame, nil)
                keepFrame(consume frame)
                return r.primary
            }
        }

        /// `loopCall1` of two arguments (reduce, map-indexed).
        @inline(__always) mutating func loopCall2(_ x: Value, _ y: Value, _ interp: Interpreter) throws -> Value {
            guard let lambda, let env else { return try call2(x, y, interp) }
            if let parameterBody, let r = parameterBody._withUnsafeGuaranteedRef({ n -> Value? in
                guard let (i, j) = env._withUnsafeGuaranteedRef({ n.operands2(x, y, $0) }),
                      let r = try? n.general.arith(i, j), interp.inlineCallStep() else { return nil }
                return r
            }) { return r }
            return try lambda._withUnsafeGuaranteedRef { l in
                let frame = loopFrame(l, env, interp)
                frame.initSlot(0, x)
                frame.initSlot(1, y)
                let r = try interp.invoke(l, frame, nil)
                keepFrame(consume frame)
                return r.primary
            }
        }

        /// `loopCall1` for a predicate (filter, find, some, every…): the truthiness of
        /// `(f x)`, asked of the body with `evalBool`, so a comparison answers without
        /// boxing a bool and `isTruthy` is not called on a result.
        @inline(__always) mutating func loopTest1(_ x: Value, _ interp: Interpreter) throws -> Bool {
            guard let lambda, let env else { return try call1(x, interp).isTruthy }
            if let parameterBody, let r = parameterBody._withUnsafeGuaranteedRef({ n -> Bool? in
                guard n.general.isComparison, let (i, j) = env._withUnsafeGuaranteedRef({ n.operands1(x, $0) }),
                      interp.inlineCallStep() else { return nil }
                return n.compare(i, j)
            }) { return r }
            return try lambda._withUnsafeGuaranteedRef { l in
                let frame = loopFrame(l, env, interp)
                frame.initSlot(0, x)
                let r = try interp.invokeBool(l, frame, nil)
                keepFrame(consume frame)
                return r
            }
        }

        /// `loopTest1` of two arguments (sort comparators).
        @inline(__always) mutating func loopTest2(_ x: Value, _ y: Value, _ interp: Interpreter) throws -> Bool {
            guard let lambda, let env else { return try call2(x, y, interp).isTruthy }
            if let parameterBody, let r = parameterBody._withUnsafeGuaranteedRef({ n -> Bool? in
                guard n.general.isComparison, let (i, j) = env._withUnsafeGuaranteedRef({ n.operands2(x, y, $0) }),
                      interp.inlineCallStep() else { return nil }
                return n.compare(i, j)
            }) { return r }
            return try lambda._withUnsafeGuaranteedRef { l in
                let frame = loopFrame(l, env, interp)
                frame.initSlot(0, x)
                frame.initSlot(1, y)
                let r = try interp.invokeBool(l, frame, nil)
                keepFrame(consume frame)
                return r
            }
        }

        /// The frame kept from the last call of the loop, or one from the pool.
        @inline(__always) private mutating func loopFrame(_ l: Lambda, _ env: Unmanaged<Frame>, _ interp: Interpreter) -> Frame {
            if let kept = spare.take() {
                if l.hasUnboundSlots { l.markUnbound(kept) }
                return kept
            }
            return env._withUnsafeGuaranteedRef { interp.framePool.take(for: l, parent: $0) }
        }

        /// Keeps a finished call's frame for the next call, unless a closure captured it.
        /// (`consume` at the call: a copy would fail the uniqueness test.)
        @inline(__always) private mutating func keepFrame(_ frame: consuming Frame) {
            var f = frame
            if isKnownUniquelyReferenced(&f) {
                f.clearSlots()
                spare = consume f
            }
        }

        /// Ends a loop of `loopCall1`: the kept frame goes back to the pool.
        mutating func finish(_ interp: Interpreter) {
            if let kept = spare.take() { interp.framePool.give(kept, keepParent: false) }
        }

        @inline(__always) func call2(_ x: Value, _ y: Value, _ interp: Interpreter) throws -> Value {
            guard let lambda, let env else {
                if let binary { return try binary(x, y, interp).primary }
                return try interp.apply(f, [x, y])
            }
            return try lambda._withUnsafeGuaranteedRef { l in
                let frame = env._withUnsafeGuaranteedRef { interp.framePool.take(for: l, parent: $0) }
                frame.initSlot(0, x)
                frame.initSlot(1, y)
                let r = try interp.invoke(l, frame, nil)
                interp.framePool.give(consume frame)
                return r.primary
            }
        }
    }

    /// A closure with `args.count` plain parameters, in a recycled frame.
    @inline(__always)
    func callWithArray(_ c: Closure, _ args: [Value], _ span: SourceSpan?) throws -> Value {
        let l = c.lambda
        let frame = framePool.take(for: l, parent: c.env)
        for i in 0..<args.count { frame.initSlot(i, args[i]) }
        let r = try invoke(l, frame, span)
        framePool.give(consume frame)
        return r
    }

    /// Runs a lambda body in a prepared frame: depth limit, cancellation, step budget,
    /// `return` handling, and the OVSM call stack on errors. The rare paths (errors,
    /// `return`) are out of line so every call site that inlines this stays small.
    @inline(__always)
    func invoke(_ l: Lambda, _ frame: Frame, _ span: SourceSpan?) throws -> Value {
        try invoking(l, span, { try l.body(frame) }, { $0 })
    }

    /// For a call computed without invoking the body (`PreparedCall.parameterBody`): the
    /// step `invoke` would count, taken here; false — the call must go through `invoke` —
    /// when `invoke` would stop instead (the step budget's checkpoint is due, the depth
    /// limit is reached, cancellation was asked), so limits and errors stay exact.
    @inline(__always) func inlineCallStep() -> Bool {
        guard stepsLeft > 0, depth < limits.maxDepth, !cancelFlag.isCancelled else { return false }
        stepsLeft &-= 1
        return true
    }

    /// `invoke` asking the body for its truthiness (`Node.evalBool`): predicates called
    /// from builtins (filter, find, sort comparators…). Same checks, same exits.
    @inline(__always)
    func invokeBool(_ l: Lambda, _ frame: Frame, _ span: SourceSpan?) throws -> Bool {
        try invoking(l, span, { try l.body.evalBool(frame) }, { $0.isTruthy })
    }

    /// What `invoke` and `invokeBool` share: `run` is the body, `returned` turns the value
    /// of a `return` aimed at this function into the result.
    @inline(__always)
    private func invoking<R>(_ l: Lambda, _ span: SourceSpan?, _ run: () throws -> R,
                             _ returned: (Value) -> R) throws -> R {
        depth &+= 1
        defer { depth &-= 1 }
        if depth > limits.maxDepth { throw depthExceeded(span) }
        if cancelFlag.isCancelled { throw OVSMError(.limit, "cancelled", span: span) }
        stepsLeft &-= 1
        if stepsLeft < 0 { try checkpoint(span) }
        do {
            return try run()
        } catch {
            return returned(try bodyThrew(error, l, span))
        }
    }

    @inline(never) func depthExceeded(_ span: SourceSpan?) -> OVSMError {
        OVSMError(.limit, "call depth limit of \(limits.maxDepth) exceeded", span: span)
    }

    /// A body's error or exit signal: a `return` aimed at this function yields its value;
    /// an OVSM error gets the call site's position (if it has none) and this frame.
    @inline(never)
    func bodyThrew(_ error: any Error, _ l: Lambda, _ span: SourceSpan?) throws -> Value {
        if isSignal(error, ReturnSignal.self) {
            let r = signals.returnSignal
            if r.target == nil || r.target == l.name { return signals.takeReturnValue() }
            throw error
        }
        if var err = error as? OVSMError {
            if err.span == nil { err.span = span }
            err.pushFrame(l.displayName)
            throw err
        }
        throw error
    }

    /// Binds arguments to a parameter list (spec §6), left to right; defaults see earlier
    /// parameters because they run in the frame being filled.
    func bind(_ p: ParamList, _ args: [Value], _ frame: Frame, _ fname: String) throws {
        let n = args.count
        if n < p.required.count {
            throw OVSMError.arity("\(fname): expected at least \(p.required.count) argument\(p.required.count == 1 ? "" : "s"), got \(n)")
        }
        for (i, pat) in p.required.enumerated() {
            switch pat {
            case .slot(let s): frame[s] = args[i]
            case .nested(let inner):
                guard case .array(let sub) = args[i] else {
                    throw OVSMError.type("\(fname): expected an array to destructure, got \(args[i].typeName)")
                }
                try bind(inner, sub, frame, fname)
            }
        }
        var pos = p.required.count
        for opt in p.optionals {
            if pos < n {
                frame[opt.slot] = args[pos]
                pos += 1
            } else {
                frame[opt.slot] = try opt.defaultCode?(frame).primary ?? .null
            }
        }
        if let r = p.rest {
            frame[r] = .array(pos < n ? Array(args[pos...]) : [])
        }
        if p.hasKey {
            let remaining = n - pos
            if remaining % 2 != 0 {
                throw OVSMError.arity("\(fname): keyword arguments must come in pairs")
            }
            var i = pos
            while i < n {
                guard case .keyword(let k) = args[i] else {
                    throw OVSMError.arity("\(fname): expected a keyword, got \(Printer.printForm(args[i]))")
                }
                if p.rest == nil && !p.keys.contains(where: { $0.name == k.name }) {
                    throw OVSMError.arity("\(fname): unknown keyword argument :\(k.name)")
                }
                i += 2
            }
            for key in p.keys {
                var found: Value? = nil
                var j = pos
                while j < n {
                    if case .keyword(let k) = args[j], k.name == key.name {
                        found = args[j + 1]
                        break
                    }
                    j += 2
                }
                if let found {
                    frame[key.slot] = found
                } else {
                    frame[key.slot] = try key.defaultCode?(frame).primary ?? .null
                }
            }
        } else if p.rest == nil && pos < n {
            throw OVSMError.arity("\(fname): expected at most \(pos) argument\(pos == 1 ? "" : "s"), got \(n)")
        }
    }

    /// Runs a macro on unevaluated argument data; returns the expansion (spec §7.10).
    func expandMacro(_ m: Macro, args: [Value], span: SourceSpan?) throws -> Value {
        let c = m.closure
        let frame = Frame.makeForCall(size: c.lambda.frameSize, parent: c.env, unbound: c.lambda.unboundSlots)
        try bind(c.lambda.params, args, frame, m.name)
        return try invoke(c.lambda, frame, span).primary
    }
}
