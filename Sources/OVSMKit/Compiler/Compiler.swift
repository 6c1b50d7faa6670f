/// Datums → `Code` closures (SICP's "analyze"): every symbol is resolved once to a frame
/// slot or a global cell, every special form is recognised here and turned into a Swift
/// closure, macros are expanded at compile time. Running the result never looks at a name.
struct Compiler {
    unowned(unsafe) let interp: Interpreter

    init(_ interp: Interpreter) { self.interp = interp }

    // MARK: entry points

    func compile(_ d: Datum, _ cx: Ctx) throws -> Code {
        switch d.kind {
        case .atom(let v):
            if case .symbol(let s) = v { return try compileSymbol(s, cx, d.span) }
            return constant(v)
        case .array(let items):
            let codes = try items.map { try compile($0, cx.notTail) }
            return { env in
                var out = [Value]()
                out.reserveCapacity(codes.count)
                for c in codes { out.append(try c(env)) }
                return .array(out)
            }
        case .object(let pairs):
            let keys = pairs.map { $0.key }
            let codes = try pairs.map { try compile($0.value, cx.notTail) }
            return { env in
                var o = OVSMObject(minimumCapacity: keys.count)
                for i in 0..<keys.count { o.set(keys[i], try codes[i](env)) }
                return .object(o)
            }
        case .list(let items):
            if items.isEmpty { return constant(.emptyArray) }
            return try compileList(items, d.span, cx)
        }
    }

    func constant(_ v: Value) -> Code { { _ in v } }

    /// An implicit `do`: the last form is in tail position.
    func compileBody(_ forms: ArraySlice<Datum>, _ cx: Ctx) throws -> Code {
        if forms.isEmpty { return constant(.null) }
        if forms.count == 1 { return try compile(forms.first!, cx) }
        var codes: [Code] = []
        for (i, f) in forms.enumerated() {
            codes.append(try compile(f, i == forms.count - 1 ? cx : cx.notTail))
        }
        if codes.count == 2 {
            let a = codes[0], b = codes[1]
            return { env in _ = try a(env); return try b(env) }
        }
        let init_ = Array(codes.dropLast()), last = codes.last!
        return { env in
            for c in init_ { _ = try c(env) }
            return try last(env)
        }
    }

    // MARK: symbols

    func resolve(_ s: Symbol, _ scope: Scope?) -> Resolution {
        var depth = 0
        var sc = scope
        while let cur = sc {
            if let i = cur.slots[s] {
                return .local(depth: depth, index: i, mayBeUnbound: cur.defineSlots.contains(i),
                              isConst: cur.constSlots.contains(i))
            }
            depth += 1
            sc = cur.parent
        }
        return .global(interp.cell(for: s))
    }

    func compileSymbol(_ s: Symbol, _ cx: Ctx, _ span: SourceSpan) throws -> Code {
        switch resolve(s, cx.scope) {
        case .local(let depth, let index, let mayBeUnbound, _):
            if mayBeUnbound {
                let name = s.name
                return { env in
                    let v = env.ancestor(depth).slots[index]
                    if Unbound.isUnbound(v) { throw OVSMError(.unbound, "unbound variable: \(name)", span: span) }
                    return v
                }
            }
            switch depth {
            case 0: return { env in env.slots[index] }
            case 1: return { env in env.parent.unsafelyUnwrapped.slots[index] }
            case 2: return { env in env.parent.unsafelyUnwrapped.parent.unsafelyUnwrapped.slots[index] }
            default: return { env in env.ancestor(depth).slots[index] }
            }
        case .global(let cell):
            return { _ in
                if cell.isBound { return cell.value }
                throw OVSMError(.unbound, "unbound variable: \(cell.symbol.name)", span: span)
            }
        }
    }

    // MARK: list forms

    func compileList(_ items: [Datum], _ span: SourceSpan, _ cx: Ctx) throws -> Code {
        let head = items[0]
        if let s = head.symbol {
            if let special = SpecialForms.table[s] {
                do {
                    return try special(self, items, span, cx)
                } catch let e as OVSMError {
                    // Malformed special forms raise when evaluated (spec §7).
                    var err = e
                    if err.span == nil { err.span = span }
                    return { _ in throw err }
                }
            }
            if case .global(let cell) = resolve(s, cx.scope) {
                if cell.isBound, case .macro(let m) = cell.value {
                    return try compileMacroCall(m, items, span, cx)
                }
                if !cell.isBound, s.name.hasPrefix("."), s.name.count >= 2 {
                    // (.name obj) ≡ (. obj name) when `.name` is not bound.
                    let field = String(s.name.dropFirst())
                    guard items.count == 2 else {
                        let err = OVSMError(.arity, "\(s.name) expects one argument", span: span)
                        return { _ in throw err }
                    }
                    let obj = try compile(items[1], cx.notTail)
                    return { env in
                        if cell.isBound {
                            return try self.interp.applyMV(cell.value, [try obj(env)]).primary
                        }
                        return try fieldAccess(try obj(env), field, span)
                    }
                }
            }
        }
        return try compileCall(items, span, cx)
    }

    /// Expands once at compile time and compiles the expansion in place (spec §7.10).
    func compileMacroCall(_ m: Macro, _ items: [Datum], _ span: SourceSpan, _ cx: Ctx) throws -> Code {
        let expansion: Value
        do {
            expansion = try interp.expandMacro(m, args: items.dropFirst().map { $0.toValue() }, span: span)
        } catch let e as OVSMError {
            var err = e
            if err.span == nil { err.span = span }
            return { _ in throw err }
        }
        return try compile(Datum.fromValue(expansion, span: span), cx)
    }

    /// A function application: evaluate head, then arguments left to right, then apply.
    func compileCall(_ items: [Datum], _ span: SourceSpan, _ cx: Ctx) throws -> Code {
        let fn = try compile(items[0], cx.notTail)
        let args = try items.dropFirst().map { try compile($0, cx.notTail) }
        let interp = self.interp
        let tail = cx.tail
        let call: Code
        switch args.count {
        case 0:
            call = { env in
                let f = try fn(env)
                return try interp.call(f, [], span)
            }
        case 1:
            let a0 = args[0]
            call = { env in
                let f = try fn(env)
                if case .function(let fo) = f, case .closure(let c) = fo.kind, c.lambda.simpleArity == 1 {
                    let frame = Frame(size: c.lambda.frameSize, parent: c.env)
                    frame.slots[0] = try a0(env)
                    return try interp.invoke(c.lambda, frame, span)
                }
                return try interp.call(f, [try a0(env)], span)
            }
        case 2:
            let a0 = args[0], a1 = args[1]
            call = { env in
                let f = try fn(env)
                if case .function(let fo) = f, case .closure(let c) = fo.kind, c.lambda.simpleArity == 2 {
                    let frame = Frame(size: c.lambda.frameSize, parent: c.env)
                    frame.slots[0] = try a0(env)
                    frame.slots[1] = try a1(env)
                    return try interp.invoke(c.lambda, frame, span)
                }
                return try interp.call(f, [try a0(env), try a1(env)], span)
            }
        default:
            call = { env in
                let f = try fn(env)
                var vals = [Value]()
                vals.reserveCapacity(args.count)
                for a in args { vals.append(try a(env)) }
                return try interp.call(f, vals, span)
            }
        }
        if tail { return call }
        return { env in
            let r = try call(env)
            if case .multiple(let m) = r { return m.primary }
            return r
        }
    }
}

/// `(. obj field)`: missing → null, null → null, other non-object → `type`.
@inline(__always) func fieldAccess(_ v: Value, _ field: String, _ span: SourceSpan?) throws -> Value {
    switch v {
    case .object(let o): return o[field] ?? .null
    case .null: return .null
    default:
        throw OVSMError(.type, "cannot read field \(field) of \(v.typeName)", span: span)
    }
}
