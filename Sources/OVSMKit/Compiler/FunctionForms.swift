/// lambda / fn / defun / defn / defmacro and parameter lists (spec §6, §7.5, §7.10).
extension Compiler {
    /// PARAMS ::= required... [&optional opt...] [&rest|&body name] [&key key...]
    /// opt/key ::= name | (name default-form). Declares each name in `scope` in order;
    /// defaults are compiled in `cx` after the earlier parameters, so they see them.
    func parseParams(_ d: Datum, _ scope: Scope, _ cx: Ctx, allowNested: Bool, form: String) throws -> ParamList {
        guard let items = d.items else {
            if case .atom(.null) = d.kind { return ParamList() }
            throw OVSMError.syntax("\(form): parameter list must be a list", d.span)
        }
        var p = ParamList()
        enum Mode { case required, optional, rest, key }
        var mode = Mode.required
        var sawRestName = false
        var i = 0
        while i < items.count {
            let item = items[i]
            defer { i += 1 }
            if let s = item.symbol {
                switch s.name {
                case "&optional": mode = .optional; continue
                case "&rest", "&body": mode = .rest; continue
                case "&key": mode = .key; p.hasKey = true; continue
                default: break
                }
            }
            switch mode {
            case .required:
                if let s = item.symbol {
                    p.required.append(.slot(scope.declareFresh(s)))
                } else if allowNested, item.items != nil {
                    p.required.append(.nested(try parseParams(item, scope, cx, allowNested: true, form: form)))
                } else {
                    throw OVSMError.syntax("\(form): invalid parameter \(Printer.printForm(item.toValue()))", item.span)
                }
            case .optional, .key:
                var name: Symbol
                var def: Code? = nil
                if let s = item.symbol {
                    name = s
                } else if let sub = item.items, (1...2).contains(sub.count), let s = sub[0].symbol {
                    name = s
                    if sub.count == 2 { def = try compile(sub[1], cx.notTail) }
                } else {
                    throw OVSMError.syntax("\(form): invalid parameter \(Printer.printForm(item.toValue()))", item.span)
                }
                let slot = scope.declareFresh(name)
                if mode == .optional { p.optionals.append((slot, def)) } else { p.keys.append((name.name, slot, def)) }
            case .rest:
                guard let s = item.symbol, !sawRestName else {
                    throw OVSMError.syntax("\(form): &rest takes exactly one name", item.span)
                }
                p.rest = scope.declareFresh(s)
                sawRestName = true
            }
        }
        if mode == .rest && !sawRestName { throw OVSMError.syntax("\(form): &rest needs a name", d.span) }
        return p
    }

    /// Compiles a function's parameters and body once; closures share the result.
    func compileLambda(name: String?, params: Datum, body: ArraySlice<Datum>, cx: Ctx) throws -> Lambda {
        let fctx = FunctionContext(name: name)
        let scope = Scope(parent: cx.scope, function: fctx)
        let inner = Ctx(scope: scope, loop: nil, tail: false)
        let plist = try parseParams(params, scope, inner, allowNested: false, form: name ?? "lambda")
        var forms = body
        if forms.count >= 2, case .atom(.string) = forms.first!.kind { forms = forms.dropFirst() }
        predeclareDefines(forms, scope)
        var body = try compileBody(forms, inner.with(tail: true))
        if let debugger = interp.debugger { body = DebugCallNode(body, name ?? "lambda", debugger) }
        let lambda = Lambda(name: name, params: plist, frameSize: scope.count, body: body,
                            usesReturn: fctx.usesReturn, unboundSlots: scope.defineSlots.sorted())
        let me = Unmanaged.passUnretained(lambda).toOpaque()
        for call in fctx.globalCalls ?? [] { call.enclosingLambda = me }
        fctx.globalCalls = nil
        return lambda
    }

    func closureCode(_ lambda: Lambda) -> Code {
        ClosureNode { env in .function(Function(closure: Closure(lambda: lambda, env: env), name: lambda.name)) }
    }

    func compileLambdaForm(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("lambda expects a parameter list", s) }
        return closureCode(try compileLambda(name: nil, params: f[1], body: f[2...], cx: cx))
    }

    /// (defun NAME PARAMS [doc] body...): global at top level, local inside a body.
    func compileDefun(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 3 else { throw OVSMError.syntax("defun expects a name and a parameter list", s) }
        let name = try symbolArg(f[1], "defun")
        return try defunCode(name, f[2], f[3...], s, cx)
    }

    func defunCode(_ name: Symbol, _ params: Datum, _ body: ArraySlice<Datum>, _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        // Declare first so the body's self-reference resolves to this binding.
        if let scope = cx.scope, scope[name] == nil {
            scope.defineSlots.insert(scope.declare(name))
        }
        let lambda = try compileLambda(name: name.name, params: params, body: body, cx: cx.notTail)
        return defineCode(name, closureCode(lambda), cx, span: s)
    }

    /// (defmacro NAME PARAMS body...) binds NAME globally (or locally) to a macro.
    func compileDefmacro(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 3 else { throw OVSMError.syntax("defmacro expects a name and a parameter list", s) }
        let name = try symbolArg(f[1], "defmacro")
        let lambda = try compileLambda(name: name.name, params: f[2], body: f[3...], cx: cx.notTail)
        let make: Code = ClosureNode { env in .macro(Macro(name: name.name, closure: Closure(lambda: lambda, env: env))) }
        let def = defineCode(name, make, cx, span: s)
        return ClosureNode { env in
            _ = try def(env)
            return .symbol(name)
        }
    }
}
