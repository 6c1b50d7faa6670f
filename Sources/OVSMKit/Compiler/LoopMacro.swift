/// The `loop` macro of spec §7.7, compiled directly (no expansion step): the clauses are
/// parsed here into a `LoopMacroNode` (LoopMacroRun.swift), which runs them — one frame
/// reused while no closure keeps it, so closures still see their iteration's bindings,
/// and `finally` sees the last completed iteration's values.
extension Compiler {
    /// Parsed clause list, in the runtime's own types (LoopMacroRun.swift).
    private struct LoopPlan {
        var fors: [LoopMacroNode.ForSpec] = []
        var inits: [LoopMacroNode.InitSpec] = []
        var repeatCount: Code? = nil
        var body: [LoopMacroNode.Clause] = []
        var finally: [Datum] = []
        var namedSlots: [Int] = []
        var intoSlots: [(Int, LoopMacroNode.Accumulation)] = []
        var unnamed: LoopMacroNode.Accumulation? = nil
        /// A `return` clause (possibly guarded) is among the body clauses.
        var hasReturn = false
    }

    func compileLoop(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        let items = Array(f.dropFirst())
        let loopCtx = LoopContext()
        if let first = items.first, first.items != nil, case .list = first.kind {
            // (loop FORM...): repeat forever until return/throw/error.
            var inner = cx.notTail
            inner.loop = loopCtx
            let body = try compileBody(items[...], inner)
            let step = iteration(body, loopCtx)
            let interp = self.interp
            return ClosureNode { env in
                while true {
                    try interp.tick(s)
                    if case .exit(let v) = try step(env) { return v }
                }
            }
        }
        if items.isEmpty {
            throw OVSMError.syntax("(loop) needs clauses or forms", s)
        }
        let scope = Scope(parent: cx.scope, function: cx.function)
        var inner = cx.notTail
        inner.scope = scope
        inner.loop = loopCtx
        var plan = LoopPlan()
        var i = 0

        func keyword(_ d: Datum) -> String? {
            switch d.kind {
            case .atom(.symbol(let sym)): return sym.name
            case .atom(.keyword(let k)): return k.name
            default: return nil
            }
        }
        func next(_ what: String) throws -> Datum {
            guard i < items.count else { throw OVSMError.syntax("loop: \(what) expected", s) }
            defer { i += 1 }
            return items[i]
        }
        func peekKeyword() -> String? { i < items.count ? keyword(items[i]) : nil }
        func compoundForms(_ clause: String) throws -> [Datum] {
            var forms: [Datum] = []
            while i < items.count, case .list = items[i].kind {
                forms.append(items[i])
                i += 1
            }
            if forms.isEmpty { throw OVSMError.syntax("loop: \(clause) needs at least one compound form", s) }
            return forms
        }
        func variable(_ clause: String) throws -> Int {
            let d = try next("variable after \(clause)")
            guard let sym = d.symbol else { throw OVSMError.syntax("loop: \(clause) needs a variable name", d.span) }
            let slot = scope.declare(sym)
            if !plan.namedSlots.contains(slot) { plan.namedSlots.append(slot) }
            return slot
        }

        /// One clause that can follow when/if/unless, or stand alone in the body.
        func bodyClause(_ kw: String) throws -> LoopMacroNode.Clause {
            switch kw {
            case "while": return LoopMacroNode.TestClause(try compile(try next("test after while"), inner), stopWhen: false)
            case "until": return LoopMacroNode.TestClause(try compile(try next("test after until"), inner), stopWhen: true)
            case "when", "if", "unless":
                let test = try compile(try next("test after \(kw)"), inner)
                guard let k = peekKeyword() else { throw OVSMError.syntax("loop: \(kw) needs a clause to guard", s) }
                i += 1
                return LoopMacroNode.GuardClause(test, negate: kw == "unless", try bodyClause(k))
            case "collect", "collecting", "append", "appending", "sum", "summing", "count", "counting",
                 "maximize", "maximizing", "minimize", "minimizing":
                let kind = LoopMacroNode.Accumulation(keyword: kw)
                let expr = try compile(try next("form after \(kw)"), inner)
                if peekKeyword() == "into" {
                    i += 1
                    let d = try next("variable after into")
                    guard let sym = d.symbol else { throw OVSMError.syntax("loop: into needs a variable name", d.span) }
                    let slot = scope.declare(sym)
                    if !plan.namedSlots.contains(slot) {
                        plan.namedSlots.append(slot)
                        plan.intoSlots.append((slot, kind))
                    }
                    return LoopMacroNode.AccumulateClause(kind, expr, into: slot)
                }
                if let u = plan.unnamed, u.isListStyle != kind.isListStyle {
                    throw OVSMError.syntax("loop: cannot mix \(u.name) and \(kind.name) in one unnamed accumulation", s)
                }
                if plan.unnamed == nil { plan.unnamed = kind }
                return LoopMacroNode.AccumulateClause(kind, expr, into: nil)
            case "do", "doing":
                let forms = try compoundForms("do")
                return LoopMacroNode.FormsClause(try compileBody(forms[...], inner))
            case "return":
                plan.hasReturn = true
                return LoopMacroNode.ReturnClause(try compile(try next("form after return"), inner))
            default:
                throw OVSMError.syntax("loop: unknown clause \(kw)", s)
            }
        }

        while i < items.count {
            guard let kw = keyword(items[i]) else {
                throw OVSMError.syntax("loop: expected a clause keyword, found \(Printer.printForm(items[i].toValue()))", items[i].span)
            }
            i += 1
            switch kw {
            case "for", "as":
                let slot = try variable("for")
                guard let how = peekKeyword() else { throw OVSMError.syntax("loop: for needs from/in/across/=", s) }
                i += 1
                switch how {
                case "from", "downfrom", "upfrom", "to", "upto", "below", "downto", "above":
                    var from: Code? = nil
                    var bound: Code? = nil
                    var inclusive = true
                    var down = how == "downfrom"
                    var step: Code? = nil
                    var word: String? = how
                    while let w = word {
                        switch w {
                        case "from", "downfrom", "upfrom":
                            from = try compile(try next("start after \(w)"), inner)
                            if w == "downfrom" { down = true }
                        case "to", "upto":
                            bound = try compile(try next("bound after \(w)"), inner); inclusive = true
                        case "below":
                            bound = try compile(try next("bound after below"), inner); inclusive = false
                        case "downto":
                            bound = try compile(try next("bound after downto"), inner); inclusive = true; down = true
                        case "above":
                            bound = try compile(try next("bound after above"), inner); inclusive = false; down = true
                        case "by":
                            step = try compile(try next("step after by"), inner)
                        default:
                            word = nil
                            continue
                        }
                        if let k = peekKeyword(), ["from", "downfrom", "upfrom", "to", "upto", "below", "downto", "above", "by"].contains(k) {
                            word = k
                            i += 1
                        } else {
                            word = nil
                        }
                    }
                    plan.fors.append(.numeric(slot: slot, from: from, bound: bound, inclusive: inclusive, down: down, step: step))
                case "in", "across", "on":
                    plan.fors.append(.inSeq(slot: slot, seq: try compile(try next("sequence after \(how)"), inner), name: how))
                case "=":
                    let first = try compile(try next("form after ="), inner)
                    var then: Code? = nil
                    if peekKeyword() == "then" {
                        i += 1
                        then = try compile(try next("form after then"), inner)
                    }
                    plan.fors.append(.equals(slot: slot, first: first, then: then))
                default:
                    throw OVSMError.syntax("loop: unknown for clause \(how)", s)
                }
                plan.inits.append(.forInit(index: plan.fors.count - 1))
            case "with":
                let slot = try variable("with")
                var code: Code = constant(.null)
                if peekKeyword() == "=" {
                    i += 1
                    code = try compile(try next("form after ="), inner)
                }
                plan.inits.append(.with(slot: slot, code: code))
            case "repeat":
                plan.repeatCount = try compile(try next("count after repeat"), inner)
            case "finally":
                plan.finally.append(contentsOf: try compoundForms("finally"))
            case "initially":
                // Not in the spec; accepted as `do` run before the first iteration would be
                // surprising, so it is rejected clearly.
                throw OVSMError.syntax("loop: initially is not supported", s)
            default:
                plan.body.append(try bodyClause(kw))
            }
        }
        let finallyCode: Code? = plan.finally.isEmpty ? nil : try compileBody(plan.finally[...], inner)
        let size = scope.count
        return LoopMacroNode(
            fors: plan.fors, inits: plan.inits, repeatCount: plan.repeatCount, clauses: plan.body,
            finallyCode: finallyCode, size: size, named: plan.namedSlots, into: plan.intoSlots,
            unnamed: plan.unnamed,
            catchesJumps: loopCtx.usesBreak || loopCtx.usesContinue || plan.hasReturn,
            s, interp)
    }
}
