/// while / for / dolist / dotimes / return / break / continue / return-from (spec §7.6).
/// Loops poll cancellation every iteration; `for`-style loops give each iteration a fresh
/// binding, reusing the frame when no closure captured the previous one.
extension Interpreter {
    /// Per-iteration check: cancellation and the optional step budget (spec §12).
    @inline(__always) func tick(_ span: SourceSpan) throws {
        if cancelFlag.isCancelled { throw OVSMError(.limit, "cancelled", span: span) }
        stepsLeft &-= 1
        if stepsLeft < 0 { try checkpoint(span) }
    }
}

/// `(while test body...)`.
final class WhileNode: Node {
    let test: Node, body: Node, catchesJumps: Bool, span: SourceSpan
    let interp: Unmanaged<Interpreter>
    init(_ t: Node, _ b: Node, catchesJumps: Bool, _ s: SourceSpan, _ i: Interpreter) {
        test = t; body = b; self.catchesJumps = catchesJumps; span = s; interp = Unmanaged.passUnretained(i)
    }

    override func eval(_ env: Frame) throws -> Value {
        while true {
            try interp._withUnsafeGuaranteedRef { try $0.tick(span) }
            guard try test.evalBool(env) else { return .null }
            if !catchesJumps {
                try body.exec(env)
                continue
            }
            do {
                try body.exec(env)
            } catch {
                let signals = interp._withUnsafeGuaranteedRef { $0.signals }
                if isSignal(error, BreakSignal.self) { return signals.takeBreakValue() }
                if isSignal(error, ContinueSignal.self) { continue }
                throw error
            }
        }
    }
}

/// Outcome of one loop-body run.
enum IterationOutcome {
    case next
    case exit(Value)
}

/// One run of a loop body (a final class: calling it is a direct call, not a closure).
final class LoopStep {
    let body: Node, catchesJumps: Bool
    unowned(unsafe) let signals: ControlSignals
    init(_ body: Node, catchesJumps: Bool, _ signals: ControlSignals) {
        self.body = body; self.catchesJumps = catchesJumps; self.signals = signals
    }

    @inline(__always) func callAsFunction(_ env: Frame) throws -> IterationOutcome {
        if !catchesJumps {
            try body.exec(env)
            return .next
        }
        do {
            try body.exec(env)
        } catch {
            if isSignal(error, BreakSignal.self) { return .exit(signals.takeBreakValue()) }
            if isSignal(error, ContinueSignal.self) { return .next }
            throw error
        }
        return .next
    }
}

extension Compiler {
    /// Wraps a loop body so break/continue become outcomes (only when the body uses them).
    func iteration(_ body: Code, _ loop: LoopContext) -> LoopStep {
        LoopStep(body, catchesJumps: loop.usesBreak || loop.usesContinue, interp.signals)
    }

    /// (while test body...) — the body runs in the enclosing scope.
    func compileWhile(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("while expects a test", s) }
        let test = try compile(f[1], cx.notTail)
        let loop = LoopContext()
        var inner = cx.notTail
        inner.loop = loop
        let body = try compileBody(f[2...], inner)
        return WhileNode(test, body, catchesJumps: loop.usesBreak || loop.usesContinue, s, interp)
    }

    /// A fresh frame for the next iteration unless nothing kept the current one.
    @inline(__always) static func recycle(_ frame: inout Frame, size: Int, parent: Frame) {
        if !isKnownUniquelyReferenced(&frame) {
            frame = Frame.make(size: size, parent: parent)
        } else if size > 1 {
            let unbound = Unbound.value
            for i in 1..<size { frame.replaceSlot(i, with: unbound) }
        }
    }

    /// The parts `for`, `dolist` and `dotimes` share: a per-iteration scope binding VAR,
    /// the body as one iteration step, the optional result form (seeing VAR), and the
    /// frame size (read after everything is compiled, since defines add slots). `flat`
    /// (the loop's names are slots of the enclosing frame, see FlatLet.swift) holds the
    /// body's define slots, which start unbound in every iteration.
    struct IterationParts {
        let slot: Int, step: LoopStep, result: Code?, size: Int
        let flat: [Int]?
    }

    func iterationParts(_ varName: Symbol, _ body: ArraySlice<Datum>, result resultForm: Datum?, _ cx: Ctx) throws
        -> IterationParts {
        let flat = canFlatten(body, cx) && (resultForm.map { isClosureFree([$0]) } ?? true)
        let scope = flat ? Scope(overlayOn: cx.scope!) : Scope(parent: cx.scope, function: cx.function)
        let slot = scope.declareFresh(varName)
        let loop = LoopContext()
        var inner = cx.notTail
        inner.scope = scope
        inner.loop = loop
        predeclareDefines(body, scope)
        let bodyCode = try compileBody(body, inner)
        let result = try resultForm.map { try compile($0, Ctx(scope: scope, loop: cx.loop, tail: false)) }
        return IterationParts(slot: slot, step: iteration(bodyCode, loop), result: result, size: scope.count,
                              flat: flat ? scope.defineSlots.sorted() : nil)
    }

    /// (for (VAR seq) body...) / (dolist (VAR seq [result]) body...)
    func compileFor(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, form: String) throws -> Code {
        guard f.count >= 2, let spec = f[1].items, spec.count >= 2, spec.count <= (form == "dolist" ? 3 : 2),
              let varName = spec[0].symbol else {
            throw OVSMError.syntax("\(form) expects (VAR sequence\(form == "dolist" ? " [result]" : "")) and a body", s)
        }
        let seq = try compile(spec[1], cx.notTail)
        let parts = try iterationParts(varName, f[2...], result: spec.count == 3 ? spec[2] : nil, cx)
        let (slot, step, result, size) = (parts.slot, parts.step, parts.result, parts.size)
        let interp = self.interp
        func sequenceItems(_ env: Frame) throws -> [Value] {
            switch try seq(env) {
            case .array(let a): return a
            case .null: return []
            case .string(let str): return StringOps.characters(str)
            case let other:
                throw OVSMError(.type, "\(form): cannot iterate over \(other.typeName)", span: s)
            }
        }
        if let defines = parts.flat {
            return ClosureNode { env in
                let items = try sequenceItems(env)
                // Elements read from the buffer (`Coll.copy`: a scalar without the
                // outlined copy) and stored without a release when the slot holds a scalar.
                // (`items` holds the array: the loop body cannot change these elements.)
                let exit = try items.withUnsafeBufferPointer { b -> Value? in
                    for i in 0..<b.count {
                        try interp.tick(s)
                        env.unbind(defines)
                        env.storeOnly(Coll.copy(b[i]), slot)
                        if case .exit(let v) = try step(env) { return v }
                    }
                    return nil
                }
                if let exit { return exit }
                if let result {
                    env.unbind(defines)
                    env[slot] = .null
                    return try result(env)
                }
                env[slot] = .null
                env.clear(defines)
                return .null
            }
        }
        return ClosureNode { env in
            let items = try sequenceItems(env)
            var frame = Frame.make(size: size, parent: env)
            var first = true
            let exit = try items.withUnsafeBufferPointer { b -> Value? in
                for i in 0..<b.count {
                    try interp.tick(s)
                    if !first { Compiler.recycle(&frame, size: size, parent: env) }
                    first = false
                    frame.storeOnly(Coll.copy(b[i]), slot)
                    if case .exit(let v) = try step(frame) { return v }
                }
                return nil
            }
            if let exit { return exit }
            if let result {
                let rf = Frame.make(size: size, parent: env)
                rf[slot] = .null
                return try result(rf)
            }
            return .null
        }
    }

    /// (dotimes (VAR n [result]) body...)
    func compileDotimes(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2, let spec = f[1].items, (2...3).contains(spec.count), let varName = spec[0].symbol else {
            throw OVSMError.syntax("dotimes expects (VAR count [result]) and a body", s)
        }
        let count = try compile(spec[1], cx.notTail)
        let parts = try iterationParts(varName, f[2...], result: spec.count == 3 ? spec[2] : nil, cx)
        let (slot, step, result, size) = (parts.slot, parts.step, parts.result, parts.size)
        let interp = self.interp
        if let defines = parts.flat {
            return ClosureNode { env in
                let nv = try count(env)
                guard case .int(let n) = nv else {
                    throw OVSMError(.type, "dotimes: count must be an int, got \(nv.typeName)", span: s)
                }
                var i = 0
                while i < n {
                    try interp.tick(s)
                    env.unbind(defines)
                    env.setInt(i, slot)
                    if case .exit(let v) = try step(env) { return v }
                    i += 1
                }
                if let result {
                    env.unbind(defines)
                    env[slot] = .int(Swift.max(n, 0))
                    return try result(env)
                }
                env.clear(defines)
                return .null
            }
        }
        return ClosureNode { env in
            let nv = try count(env)
            guard case .int(let n) = nv else {
                throw OVSMError(.type, "dotimes: count must be an int, got \(nv.typeName)", span: s)
            }
            var frame = Frame.make(size: size, parent: env)
            var i = 0
            while i < n {
                try interp.tick(s)
                if i > 0 { Compiler.recycle(&frame, size: size, parent: env) }
                frame.setInt(i, slot)
                if case .exit(let v) = try step(frame) { return v }
                i += 1
            }
            if let result {
                let rf = Frame.make(size: size, parent: env)
                rf[slot] = .int(Swift.max(n, 0))
                return try result(rf)
            }
            return .null
        }
    }

    /// (return [v]) / (break [v]): innermost loop, else innermost function.
    func compileReturn(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count <= 2 else { throw OVSMError.syntax("return expects at most one value", s) }
        let value = f.count == 2 ? try compile(f[1], cx.notTail) : constant(.null)
        if let loop = cx.loop {
            loop.usesBreak = true
            let signals = interp.signals
            return ClosureNode { env in throw signals.breaking(try value(env).primary) }
        }
        if let fn = cx.function {
            fn.usesReturn = true
            let signals = interp.signals
            return ClosureNode { env in throw signals.returning(try value(env).primary, target: nil) }
        }
        throw OVSMError.syntax("\(f[0].symbol?.name ?? "return") outside any loop or function", s)
    }

    func compileContinue(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 1 else { throw OVSMError.syntax("continue takes no arguments", s) }
        guard let loop = cx.loop else { throw OVSMError.syntax("continue outside any loop", s) }
        loop.usesContinue = true
        let signals = interp.signals
        return ClosureNode { _ in throw signals.continuing }
    }

    /// (return-from NAME [v]): returns from the function defined by `defun NAME`.
    func compileReturnFrom(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 2 || f.count == 3 else { throw OVSMError.syntax("return-from expects a name and an optional value", s) }
        let name = try symbolArg(f[1], "return-from")
        let value = f.count == 3 ? try compile(f[2], cx.notTail) : constant(.null)
        var sc = cx.scope
        var found = false
        while let cur = sc {
            if let fn = cur.function, fn.name == name.name {
                fn.usesReturn = true
                found = true
                break
            }
            sc = cur.parent
        }
        guard found else { throw OVSMError.syntax("return-from \(name.name): no enclosing function of that name", s) }
        let signals = interp.signals
        return ClosureNode { env in throw signals.returning(try value(env).primary, target: name.name) }
    }
}
