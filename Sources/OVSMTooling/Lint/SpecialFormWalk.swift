import OVSMKit

/// The analysis of each special form (spec §7): which sub-forms are evaluated, in which
/// scope, and which names they bind.
extension Analyzer {
    static func isTrueLiteral(_ d: Datum) -> Bool {
        if case .atom(.bool(true)) = d.kind { return true }
        return false
    }

    func special(_ name: String, _ items: [Datum], _ d: Datum, _ s: Scope) {
        let rest = items.dropFirst()
        switch name {
        case "quote":
            return
        case "quasiquote":
            for x in rest { walkQuasi(x, s, level: 1) }
        case "if", "when", "unless":
            if items.count >= 2 {
                checkConstant(items[1], name)
                walkForm(items[1], s)
            }
            if name == "if" { walkForms(items.dropFirst(2), s) } else { walkBody(items.dropFirst(2), s) }
        case "while":
            if items.count >= 2 {
                if !Analyzer.isTrueLiteral(items[1]) { checkConstant(items[1], name) }
                walkForm(items[1], s)
            }
            walkBody(items.dropFirst(2), s) // a while body runs in the enclosing scope (spec §16)
        case "cond":
            for clause in rest {
                guard let ci = clause.items, !ci.isEmpty else { continue }
                if ci[0].symbol?.name != "else" && !Analyzer.isTrueLiteral(ci[0]) {
                    checkConstant(ci[0], "cond")
                    walkForm(ci[0], s)
                }
                walkBody(ci.dropFirst(), s)
            }
        case "case", "typecase":
            if items.count >= 2 { walkForm(items[1], s) }
            for clause in items.dropFirst(2) {
                if let ci = clause.items, !ci.isEmpty { walkBody(ci.dropFirst(), s) }
            }
        case "do", "progn", "begin", "ignore-errors":
            walkBody(rest, s)
        case "return-from":
            walkForms(items.dropFirst(2), s)
        case ".":
            if items.count >= 2 { walkForm(items[1], s) }
        case "define":
            guard items.count >= 2 else { return }
            if let sub = items[1].items, let first = sub.first?.symbol {
                defineName(first.name, sub[0].span, .function, s)
                walkFunction(params: Datum(.list(Array(sub.dropFirst())), items[1].span), body: items.dropFirst(2), d, s)
            } else if let nm = items[1].symbol {
                walkForms(items.dropFirst(2), s)
                defineName(nm.name, items[1].span, .local, s)
            }
        case "defun", "defn", "defmacro":
            guard items.count >= 3, let nm = items[1].symbol else { walkForms(rest, s); return }
            if name != "defmacro" { defineName(nm.name, items[1].span, .function, s) } else { noteGlobal(nm.name, items[1].span) }
            walkFunction(params: items[2], body: items.dropFirst(3), d, s)
        case "defvar", "defparameter":
            walkForms(items.dropFirst(2), s)
            if items.count >= 2, let nm = items[1].symbol { noteGlobal(nm.name, items[1].span) }
        case "const", "defconstant":
            walkForms(items.dropFirst(2), s)
            if items.count >= 2, let nm = items[1].symbol { defineName(nm.name, items[1].span, .local, s) }
        case "set!":
            if items.count >= 2, let nm = items[1].symbol { assign(nm.name, items[1].span, s, form: name) }
            walkForms(items.dropFirst(2), s)
        case "setf", "setq":
            var i = 1
            while i < items.count {
                if let nm = items[i].symbol { assign(nm.name, items[i].span, s, form: name) } else { walkForm(items[i], s) }
                if i + 1 < items.count { walkForm(items[i + 1], s) }
                i += 2
            }
        case "incf", "decf", "pop":
            if items.count >= 2 { place(items[1], s, form: name) }
            walkForms(items.dropFirst(2), s)
        case "push":
            if items.count >= 2 { walkForm(items[1], s) }
            if items.count >= 3 { place(items[2], s, form: name) }
            walkForms(items.dropFirst(3), s)
        case "let", "let*":
            letForm(items, d, s, sequential: name == "let*")
        case "flet", "labels":
            fletForm(items, d, s, recursive: name == "labels")
        case "destructuring-bind":
            guard items.count >= 3 else { walkForms(rest, s); return }
            walkForm(items[2], s)
            let ls = scope(s, over: d)
            bindPattern(items[1], ls)
            walkBody(items.dropFirst(3), ls)
            finish(ls)
        case "multiple-value-bind":
            guard items.count >= 3 else { walkForms(rest, s); return }
            walkForm(items[2], s)
            let ls = scope(s, over: d)
            for n in items[1].items ?? [] { if let v = n.symbol { bind(v.name, n.span, .local, in: ls) } }
            walkBody(items.dropFirst(3), ls)
            finish(ls)
        case "lambda", "fn":
            guard items.count >= 2 else { return }
            walkFunction(params: items[1], body: items.dropFirst(2), d, s)
        case "for", "dolist", "dotimes":
            guard items.count >= 2, let spec = items[1].items, spec.count >= 2 else { walkForms(rest, s); return }
            walkForm(spec[1], s)
            let ls = scope(s, over: d, perIteration: true)
            if let v = spec[0].symbol { bind(v.name, spec[0].span, .loopVariable, in: ls) }
            walkForms(spec.dropFirst(2), ls)
            walkBody(items.dropFirst(2), ls)
            finish(ls)
        case "loop":
            loopForm(items, d, s)
        case "try":
            tryForm(items, s)
        default:
            // and, or, prog1, prog2, catch, throw, return, break, continue, function,
            // multiple-value-list, unquote outside quasiquote (an error the compiler reports).
            walkForms(rest, s)
        }
    }

    /// A definition by define/defun/const: global at top level, else a local of the scope.
    func defineName(_ name: String, _ span: SourceSpan, _ kind: Binding.Kind, _ s: Scope) {
        if s.parent == nil {
            noteGlobal(name, span)
            return
        }
        if s.perIteration, let outer = s.parent?.lookup(name) ?? globalBindings[name] {
            _ = outer
            report(.defineInLoop, "define of '\(name)' in a loop body makes a new binding for this iteration only (spec §16); the outer '\(name)' is not changed: use set!", span)
        }
        bind(name, span, kind, in: s)
    }

    func noteGlobal(_ name: String, _ span: SourceSpan) {
        guard let b = globalBindings[name] else { return }
        if b.span == span, Analyzer.builtins[name] != nil {
            report(.shadowedBuiltin, "'\(name)' redefines the builtin of that name for the rest of the program", span)
        }
        result.occurrences.append((span, b))
    }

    func assign(_ name: String, _ span: SourceSpan, _ s: Scope, form: String) {
        if let b = s.lookup(name) ?? globalBindings[name] {
            result.occurrences.append((span, b))
            return
        }
        if definedAnywhere.contains(name) || Analyzer.builtins[name] != nil { return }
        var message = "\(form) of '\(name)', which is bound nowhere (raises unbound); define it first"
        if let guess = suggestion(for: name, s) { message += "; did you mean '\(guess)'?" }
        report(.setUndefined, message, span)
    }

    /// A place of incf/decf/push/pop: a bare name is read and assigned.
    func place(_ p: Datum, _ s: Scope, form: String) {
        if let nm = p.symbol {
            assign(nm.name, p.span, s, form: form)
            s.lookup(nm.name)?.used = true
        } else {
            walkForm(p, s)
        }
    }

    func walkFunction(params: Datum, body: ArraySlice<Datum>, _ d: Datum, _ s: Scope) {
        let fs = scope(s, over: d)
        let pl = ParameterList(params)
        for (n, span) in pl.names { bind(n, span, .parameter, in: fs) }
        walkForms(pl.defaults[...], fs)
        walkBody(body, fs)
        finish(fs)
    }

    func letForm(_ items: [Datum], _ d: Datum, _ s: Scope, sequential: Bool) {
        guard items.count >= 2 else { return }
        let ls = scope(s, over: d)
        var pending: [(String, SourceSpan)] = []
        for b in items[1].items ?? [] {
            let name: Datum?
            var initForm: Datum? = nil
            if b.symbol != nil { name = b } else if let bi = b.items, !bi.isEmpty { name = bi[0]; initForm = bi.count > 1 ? bi[1] : nil } else { name = nil }
            if let i = initForm { walkForm(i, sequential ? ls : s) }
            guard let nd = name, let v = nd.symbol else { continue }
            if sequential { bind(v.name, nd.span, .local, in: ls) } else { pending.append((v.name, nd.span)) }
        }
        for (n, span) in pending { bind(n, span, .local, in: ls) }
        walkBody(items.dropFirst(2), ls)
        finish(ls)
    }

    func fletForm(_ items: [Datum], _ d: Datum, _ s: Scope, recursive: Bool) {
        guard items.count >= 2 else { return }
        let ls = scope(s, over: d)
        let defs = (items[1].items ?? []).compactMap { def -> (Datum, [Datum])? in
            guard let di = def.items, di.count >= 2, di[0].symbol != nil else { return nil }
            return (def, di)
        }
        if recursive { for (_, di) in defs { bind(di[0].symbol!.name, di[0].span, .function, in: ls) } }
        for (def, di) in defs { walkFunction(params: di[1], body: di.dropFirst(2), def, recursive ? ls : s) }
        if !recursive { for (_, di) in defs { bind(di[0].symbol!.name, di[0].span, .function, in: ls) } }
        walkBody(items.dropFirst(2), ls)
        finish(ls)
    }

    func bindPattern(_ p: Datum, _ s: Scope) {
        if let v = p.symbol { bind(v.name, p.span, .local, in: s); return }
        let pl = ParameterList(p, allowNested: true)
        for (n, span) in pl.names { bind(n, span, .local, in: s) }
        walkForms(pl.defaults[...], s)
        for sub in pl.nested { bindPattern(sub, s) }
    }

    func loopForm(_ items: [Datum], _ d: Datum, _ s: Scope) {
        let ls = scope(s, over: d, perIteration: true)
        defer { finish(ls) }
        if items.count >= 2, case .list = items[1].kind {
            walkBody(items.dropFirst(), ls)
            return
        }
        // Loop variables (for/with/into V) are bound before any clause is walked: `into`
        // accumulators are visible in later clauses and in `finally`.
        var variables: Set<Int> = []
        for i in 1..<max(1, items.count - 1) {
            if let w = items[i].symbol?.name, w == "for" || w == "with" || w == "into", let v = items[i + 1].symbol {
                if variables.insert(i + 1).inserted { bind(v.name, items[i + 1].span, .loopVariable, in: ls) }
            }
        }
        for (i, item) in items.enumerated().dropFirst() where !variables.contains(i) {
            if let w = item.symbol?.name, Analyzer.loopWords.contains(w) { continue }
            walkForm(item, ls)
        }
    }

    func tryForm(_ items: [Datum], _ s: Scope) {
        var body = items.dropFirst()
        if let last = body.last, let ci = last.items, ci.first?.symbol?.name == "catch", ci.count >= 2, let v = ci[1].symbol {
            body = body.dropLast()
            walkBody(body, s)
            let cs = scope(s, over: last)
            bind(v.name, ci[1].span, .catchVariable, in: cs, checkShadow: false)
            walkBody(ci.dropFirst(2), cs)
            finish(cs)
        } else {
            walkBody(body, s)
        }
    }

    func walkQuasi(_ d: Datum, _ s: Scope, level: Int) {
        switch d.kind {
        case .atom: return
        case .object(let p): for x in p { walkQuasi(x.value, s, level: level) }
        case .array(let items): for x in items { walkQuasi(x, s, level: level) }
        case .list(let items):
            if items.count == 2, let h = items[0].symbol?.name {
                if h == "unquote" || h == "unquote-splicing" {
                    if level == 1 { walkForm(items[1], s) } else { walkQuasi(items[1], s, level: level - 1) }
                    return
                }
                if h == "quasiquote" { walkQuasi(items[1], s, level: level + 1); return }
            }
            for x in items { walkQuasi(x, s, level: level) }
        }
    }
}
