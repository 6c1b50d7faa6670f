/// The `loop` macro of spec §7.7, compiled directly (no expansion step): the clauses are
/// parsed here into a `LoopMacroNode` (LoopMacroRun.swift), which runs them — one frame
/// reused while no closure keeps it, so closures still see their iteration's bindings,
/// and `finally` sees the last completed iteration's values.
extension Compiler {
    fileprivate enum ForClause {
        /// for V from A [to|upto|below|downto|above B] [by S] / for V downfrom A ...
        case numeric(slot: Int, from: Code?, bound: Code?, inclusive: Bool, down: Bool, step: Code?)
        case inSeq(slot: Int, seq: Code, name: String)
        case equals(slot: Int, first: Code, then: Code?)
    }

    fileprivate indirect enum BodyClause {
        case whileTest(Code)
        case untilTest(Code)
        case guarded(negate: Bool, test: Code, clause: BodyClause)
        case accumulate(kind: AccKind, expr: Code, into: Int?)
        case forms(Code)
        case returnExpr(Code)
    }

    fileprivate enum AccKind: String {
        case collect, append, sum, count, maximize, minimize
        var isListStyle: Bool { self == .collect || self == .append }
    }

    private enum InitStep {
        case with(slot: Int, code: Code)
        case forInit(index: Int)
    }

    /// Parsed clause list.
    private struct LoopPlan {
        var fors: [ForClause] = []
        var inits: [InitStep] = []
        var repeatCount: Code? = nil
        var body: [BodyClause] = []
        var finally: [Datum] = []
        var namedSlots: [Int] = []
        var intoSlots: [(slot: Int, kind: AccKind)] = []
        var unnamed: AccKind? = nil
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
        func bodyClause(_ kw: String) throws -> BodyClause {
            switch kw {
            case "while": return .whileTest(try compile(try next("test after while"), inner))
            case "until": return .untilTest(try compile(try next("test after until"), inner))
            case "when", "if", "unless":
                let test = try compile(try next("test after \(kw)"), inner)
                guard let k = peekKeyword() else { throw OVSMError.syntax("loop: \(kw) needs a clause to guard", s) }
                i += 1
                return .guarded(negate: kw == "unless", test: test, clause: try bodyClause(k))
            case "collect", "collecting", "append", "appending", "sum", "summing", "count", "counting",
                 "maximize", "maximizing", "minimize", "minimizing":
                let base = kw.hasSuffix("ing") ? (kw == "collecting" ? "collect" : kw == "appending" ? "append"
                    : kw == "summing" ? "sum" : kw == "counting" ? "count" : kw == "maximizing" ? "maximize" : "minimize") : kw
                let kind = AccKind(rawValue: base)!
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
                    return .accumulate(kind: kind, expr: expr, into: slot)
                }
                if let u = plan.unnamed, u.isListStyle != kind.isListStyle {
                    throw OVSMError.syntax("loop: cannot mix \(u.rawValue) and \(kind.rawValue) in one unnamed accumulation", s)
                }
                if plan.unnamed == nil { plan.unnamed = kind }
                return .accumulate(kind: kind, expr: expr, into: nil)
            case "do", "doing":
                let forms = try compoundForms("do")
                return .forms(try compileBody(forms[...], inner))
            case "return":
                return .returnExpr(try compile(try next("form after return"), inner))
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
        let hasReturnClause = plan.body.contains { $0.hasReturn }
        return LoopMacroNode(
            fors: plan.fors.map(LoopMacroNode.ForSpec.init),
            inits: plan.inits.map {
                switch $0 {
                case .with(let slot, let code): return .with(slot: slot, code: code)
                case .forInit(let index): return .forInit(index: index)
                }
            },
            repeatCount: plan.repeatCount,
            clauses: plan.body.map { $0.compiled() },
            finallyCode: finallyCode, size: size, named: plan.namedSlots,
            into: plan.intoSlots.map { ($0.slot, $0.kind.runtime) },
            unnamed: plan.unnamed?.runtime,
            catchesJumps: loopCtx.usesBreak || loopCtx.usesContinue || hasReturnClause,
            s, interp)
    }
}

extension Compiler.AccKind {
    var runtime: LoopMacroNode.Accumulation {
        switch self {
        case .collect: return .collect
        case .append: return .append
        case .sum: return .sum
        case .count: return .count
        case .maximize: return .maximize
        case .minimize: return .minimize
        }
    }
}

extension Compiler.BodyClause {
    var hasReturn: Bool {
        switch self {
        case .returnExpr: return true
        case .guarded(_, _, let inner): return inner.hasReturn
        default: return false
        }
    }

    func compiled() -> LoopMacroNode.Clause {
        switch self {
        case .whileTest(let t): return LoopMacroNode.TestClause(t, stopWhen: false)
        case .untilTest(let t): return LoopMacroNode.TestClause(t, stopWhen: true)
        case .guarded(let negate, let test, let inner): return LoopMacroNode.GuardClause(test, negate: negate, inner.compiled())
        case .forms(let code): return LoopMacroNode.FormsClause(code)
        case .returnExpr(let code): return LoopMacroNode.ReturnClause(code)
        case .accumulate(let kind, let expr, let into):
            return LoopMacroNode.AccumulateClause(kind.runtime, expr, into: into)
        }
    }
}

extension LoopMacroNode.ForSpec {
    fileprivate init(_ c: Compiler.ForClause) {
        switch c {
        case .numeric(let slot, let from, let bound, let inclusive, let down, let step):
            self = .numeric(slot: slot, from: from, bound: bound, inclusive: inclusive, down: down, step: step)
        case .inSeq(let slot, let seq, let name): self = .inSeq(slot: slot, seq: seq, name: name)
        case .equals(let slot, let first, let then): self = .equals(slot: slot, first: first, then: then)
        }
    }
}
