/// define / defvar / defparameter / const / set! / let / let* / flet / labels /
/// destructuring-bind / multiple-value-bind (spec §7.3, §7.4).
extension Compiler {
    func symbolArg(_ d: Datum, _ form: String) throws -> Symbol {
        guard let s = d.symbol else { throw OVSMError.syntax("\(form): expected a name, got \(Printer.printForm(d.toValue()))", d.span) }
        return s
    }

    /// Pre-declares the names a body defines at its own level, so local functions can
    /// refer to each other before their definition runs (mutual recursion).
    func predeclareDefines(_ body: ArraySlice<Datum>, _ scope: Scope) {
        for form in body {
            guard case .list(let items) = form.kind, items.count >= 2, let head = items[0].symbol else { continue }
            let name: Symbol?
            switch head.name {
            case "define", "const", "defconstant":
                if let s = items[1].symbol { name = s }
                else if case .list(let sig) = items[1].kind, let s = sig.first?.symbol { name = s }
                else { name = nil }
            case "defun", "defn":
                name = items[1].symbol
            default:
                name = nil
            }
            if let n = name, scope[n] == nil {
                let i = scope.declare(n)
                scope.defineSlots.insert(i)
            }
        }
    }

    /// Binds `name` in the innermost scope (global at top level) to the value of `value`.
    func defineCode(_ name: Symbol, _ value: Code, _ cx: Ctx, span: SourceSpan, isConst: Bool = false) -> Code {
        if let scope = cx.scope {
            if let existing = scope[name], scope.constSlots.contains(existing) {
                let err = OVSMError(.type, "cannot redefine constant \(name.name)", span: span)
                return ClosureNode { _ in throw err }
            }
            let isNew = scope[name] == nil
            let i = scope.declare(name)
            if isNew { scope.defineSlots.insert(i) }
            if isConst { scope.constSlots.insert(i) }
            return SetLocal0Node(i, value)
        }
        let cell = interp.cell(for: name)
        return ClosureNode { env in
            if cell.isConst {
                throw OVSMError(.type, "cannot redefine constant \(name.name)", span: span)
            }
            let v = try value(env)
            cell.define(v)
            if isConst { cell.isConst = true }
            return v
        }
    }

    /// (define NAME e) | (define (NAME params...) body...)
    func compileDefine(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("define expects a name", s) }
        if case .list(let sig) = f[1].kind {
            guard let name = sig.first?.symbol else { throw OVSMError.syntax("define: expected (NAME params...)", f[1].span) }
            let params = Datum(.list(Array(sig.dropFirst())), f[1].span)
            return try defunCode(name, params, f[2...], s, cx)
        }
        let name = try symbolArg(f[1], "define")
        guard f.count <= 3 else { throw OVSMError.syntax("define expects a name and one value form", s) }
        let value = f.count == 3 ? try compile(f[2], cx.notTail) : constant(.null)
        return defineCode(name, value, cx, span: s)
    }

    /// (defvar NAME [e]) assigns only when unbound; (defparameter NAME e) always assigns.
    func compileDefvar(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, always: Bool) throws -> Code {
        let form = always ? "defparameter" : "defvar"
        guard f.count == 2 || f.count == 3 else { throw OVSMError.syntax("\(form) expects a name and a value", s) }
        if always && f.count != 3 { throw OVSMError.syntax("defparameter expects a name and a value", s) }
        let name = try symbolArg(f[1], form)
        let cell = interp.cell(for: name)
        let value: Code? = f.count == 3 ? try compile(f[2], cx.notTail) : nil
        return ClosureNode { env in
            if cell.isConst { throw OVSMError(.type, "cannot redefine constant \(name.name)", span: s) }
            if always || !cell.isBound, let value {
                cell.define(try value(env))
            }
            return cell.isBound ? cell.value : .null
        }
    }

    func compileConst(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 3 else { throw OVSMError.syntax("const expects a name and a value", s) }
        let name = try symbolArg(f[1], "const")
        return defineCode(name, try compile(f[2], cx.notTail), cx, span: s, isConst: true)
    }

    /// Assignment to the nearest existing binding of `name`.
    func assignCode(_ name: Symbol, _ value: Code, _ cx: Ctx, span: SourceSpan) -> Code {
        switch resolve(name, cx.scope) {
        case .local(let depth, let index, let mayBeUnbound, let isConst):
            if isConst {
                let err = OVSMError(.type, "cannot assign to constant \(name.name)", span: span)
                return ClosureNode { _ in throw err }
            }
            if mayBeUnbound {
                return ClosureNode { env in
                    let v = try value(env)
                    let frame = env.ancestor(depth)
                    if Unbound.isUnbound(frame[index]) {
                        throw OVSMError(.unbound, "set!: unbound variable \(name.name)", span: span)
                    }
                    frame[index] = v
                    return v
                }
            }
            if depth == 0 { return SetLocal0Node.make(index, value) }
            return SetLocalNode(depth, index, value)
        case .global(let cell):
            return SetGlobalNode(cell, value, span)
        }
    }

    func compileSetBang(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 3 else { throw OVSMError.syntax("set! expects a name and a value", s) }
        let name = try symbolArg(f[1], "set!")
        if let fast = try compileInPlaceUpdate(name, f[2], cx, span: s) { return fast }
        return assignCode(name, try compile(f[2], cx.notTail), cx, span: s)
    }

    /// A binding of let/let*: `(name e)`, `(name)` or `name`.
    func parseBinding(_ d: Datum, _ form: String) throws -> (Symbol, Datum?) {
        if let s = d.symbol { return (s, nil) }
        guard let items = d.items, !items.isEmpty, items.count <= 2, let s = items[0].symbol else {
            throw OVSMError.syntax("\(form): malformed binding \(Printer.printForm(d.toValue()))", d.span)
        }
        return (s, items.count == 2 ? items[1] : nil)
    }

    func compileLet(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, sequential: Bool) throws -> Code {
        let form = sequential ? "let*" : "let"
        guard f.count >= 2, let bindings = f[1].items else { throw OVSMError.syntax("\(form) expects a binding list", s) }
        // A frame of its own, or (FlatLet.swift) slots of the enclosing one.
        let flat = canFlatten(f[1...], cx)
        let scope = flat ? Scope(overlayOn: cx.scope!) : Scope(parent: cx.scope, function: cx.function)
        var inner = cx
        inner.scope = scope
        var slots: [Int] = [], inits: [Node] = []
        if sequential {
            for b in bindings {
                let (name, e) = try parseBinding(b, form)
                inits.append(try e.map { try compile($0, inner.notTail) } ?? ConstNode(.null))
                slots.append(scope.declareFresh(name))
            }
        } else {
            var names: [Symbol] = []
            for b in bindings {
                let (name, e) = try parseBinding(b, form)
                names.append(name)
                inits.append(try e.map { try compile($0, cx.notTail) } ?? ConstNode(.null))
            }
            for name in names { slots.append(scope.declareFresh(name)) }
        }
        predeclareDefines(f[2...], scope)
        let body = try compileBody(f[2...], inner)
        if flat {
            if slots.count == 1, scope.defineSlots.isEmpty { return FlatLet1Node(slot: slots[0], value: inits[0], body: body) }
            return FlatLetNode(slots: slots, inits: inits, defineSlots: scope.defineSlots.sorted(), body: body)
        }
        // A fresh scope: the bindings are slots 0..<inits.count, as LetNode fills them.
        return LetNode(inits, size: scope.count, body: body, sequential: sequential, interp)
    }

    /// (flet ((name PARAMS body...)...) body...) / labels (recursive).
    func compileFlet(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, recursive: Bool) throws -> Code {
        let form = recursive ? "labels" : "flet"
        guard f.count >= 2, let defs = f[1].items else { throw OVSMError.syntax("\(form) expects a list of function definitions", s) }
        let scope = Scope(parent: cx.scope, function: cx.function)
        var inner = cx
        inner.scope = scope
        var parsed: [(Symbol, Datum, ArraySlice<Datum>)] = []
        for d in defs {
            guard let items = d.items, items.count >= 2, let name = items[0].symbol else {
                throw OVSMError.syntax("\(form): expected (name params body...)", d.span)
            }
            parsed.append((name, items[1], items[2...]))
        }
        var lambdas: [(slot: Int, lambda: Lambda)] = []
        if recursive {
            let slots = parsed.map { scope.declare($0.0) }
            for (i, p) in parsed.enumerated() {
                lambdas.append((slots[i], try compileLambda(name: p.0.name, params: p.1, body: p.2, cx: inner)))
            }
        } else {
            var compiled: [Lambda] = []
            for p in parsed { compiled.append(try compileLambda(name: p.0.name, params: p.1, body: p.2, cx: cx)) }
            for (i, p) in parsed.enumerated() { lambdas.append((scope.declare(p.0), compiled[i])) }
        }
        predeclareDefines(f[2...], scope)
        let body = try compileBody(f[2...], inner)
        let size = scope.count
        return ClosureNode { env in
            let frame = Frame.make(size: size, parent: env)
            let closureEnv = recursive ? frame : env
            for l in lambdas {
                frame[l.slot] = .function(Function(closure: Closure(lambda: l.lambda, env: closureEnv), name: l.lambda.name))
            }
            return try body(frame)
        }
    }

    /// (destructuring-bind PATTERN e body...)
    func compileDestructuringBind(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 3 else { throw OVSMError.syntax("destructuring-bind expects a pattern and a value", s) }
        let value = try compile(f[2], cx.notTail)
        let scope = Scope(parent: cx.scope, function: cx.function)
        var inner = cx
        inner.scope = scope
        let pattern = try parseParams(f[1], scope, inner.notTail, allowNested: true, form: "destructuring-bind")
        predeclareDefines(f[3...], scope)
        let body = try compileBody(f[3...], inner)
        let size = scope.count
        let interp = self.interp
        return ClosureNode { env in
            let v = try value(env)
            guard case .array(let items) = v else {
                throw OVSMError(.type, "destructuring-bind: expected an array, got \(v.typeName)", span: s)
            }
            let frame = Frame.make(size: size, parent: env)
            try interp.bind(pattern, items, frame, "destructuring-bind")
            return try body(frame)
        }
    }

    /// (multiple-value-bind (name...) e body...)
    func compileMultipleValueBind(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 3, let names = f[1].items else {
            throw OVSMError.syntax("multiple-value-bind expects a name list and a form", s)
        }
        let value = try compile(f[2], cx.with(tail: true))
        let scope = Scope(parent: cx.scope, function: cx.function)
        var inner = cx.notTail
        inner.scope = scope
        let slots = try names.map { scope.declare(try symbolArg($0, "multiple-value-bind")) }
        predeclareDefines(f[3...], scope)
        let body = try compileBody(f[3...], inner)
        let size = scope.count
        return ClosureNode { env in
            let v = try value(env)
            let vals: [Value]
            if case .multiple(let m) = v { vals = m.values } else { vals = [v] }
            let frame = Frame.make(size: size, parent: env)
            for (i, slot) in slots.enumerated() { frame[slot] = i < vals.count ? vals[i] : .null }
            return try body(frame).primary
        }
    }
}

/// `(let ((x e)...) body...)` / `let*`: binds slots 0..<n of a frame taken from the call-frame
/// pool (the body's own `define` slots, n..<size, start unbound) and gives it back after
/// the body unless a closure captured it. `let` evaluates the inits in the outer frame,
/// `let*` in the new one (each sees the earlier bindings).
final class LetNode: Node {
    let inits: NodeList, size: Int, body: Node, sequential: Bool
    let interp: Unmanaged<Interpreter>

    init(_ inits: [Node], size: Int, body: Node, sequential: Bool, _ interp: Interpreter) {
        self.inits = NodeList(inits); self.size = size; self.body = body; self.sequential = sequential
        self.interp = Unmanaged.passUnretained(interp)
    }

    override func eval(_ env: Frame) throws -> Value {
        try interp._withUnsafeGuaranteedRef { interp in
            let frame = interp.framePool.take(size: size, parent: env)
            for i in inits.count..<size { frame[i] = Unbound.value }
            let scope = sequential ? frame : env
            for i in 0..<inits.count { frame[i] = try inits.eval(i, scope).primary }
            let r = try body.eval(frame)
            interp.framePool.give(consume frame)
            return r
        }
    }
}
