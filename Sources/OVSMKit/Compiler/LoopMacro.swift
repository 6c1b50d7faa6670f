/// The `loop` macro of spec §7.7, compiled directly (no expansion step).
///
/// Each iteration runs in its own frame (closures see that iteration's bindings); named
/// variables (for/with/into) are carried from frame to frame, so `finally` sees the last
/// completed iteration's values. Two frames alternate when nothing captured the spare.
extension Compiler {
    private enum ForClause {
        /// for V from A [to|upto|below|downto|above B] [by S] / for V downfrom A ...
        case numeric(slot: Int, from: Code?, bound: Code?, inclusive: Bool, down: Bool, step: Code?)
        case inSeq(slot: Int, seq: Code, name: String)
        case equals(slot: Int, first: Code, then: Code?)
    }

    private indirect enum BodyClause {
        case whileTest(Code)
        case untilTest(Code)
        case guarded(negate: Bool, test: Code, clause: BodyClause)
        case accumulate(kind: AccKind, expr: Code, into: Int?)
        case forms(Code)
        case returnExpr(Code)
    }

    private enum AccKind: String {
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
        let named = plan.namedSlots
        let p = plan
        let interp = self.interp
        return ClosureNode { env in try Compiler.runLoop(p, finallyCode, size: size, named: named, env, s, interp) }
    }

    private struct ForState {
        var started = false
        var current: Value = .null
        var bound: Value? = nil
        var step: Value = .int(1)
        var items: [Value] = []
        var index = 0
    }

    private static func runLoop(_ plan: LoopPlan, _ finallyCode: Code?, size: Int, named: [Int],
                                _ env: Frame, _ s: SourceSpan, _ interp: Interpreter) throws -> Value {
        var cur = Frame.make(size: size, parent: env)
        for slot in named { cur[slot] = .null }
        for (slot, kind) in plan.intoSlots {
            cur[slot] = kind.isListStyle ? .emptyArray : (kind == .sum || kind == .count) ? .int(0) : .null
        }
        var states = [ForState](repeating: ForState(), count: plan.fors.count)
        var unnamed: Value = plan.unnamed.map { $0.isListStyle ? Value.emptyArray : ($0 == .sum || $0 == .count) ? .int(0) : .null } ?? .null
        var collected: [Value] = []   // unnamed list-style accumulation, built in place
        let listStyle = plan.unnamed?.isListStyle ?? false

        // Initial values of for/with clauses, in clause order.
        for step in plan.inits {
            switch step {
            case .with(let slot, let code): cur[slot] = try code(cur).primary
            case .forInit(let index):
                switch plan.fors[index] {
                case .numeric(_, let from, let bound, _, _, let stepCode):
                    states[index].current = try from?(cur).primary ?? .int(0)
                    states[index].bound = try bound?(cur).primary
                    if let stepCode {
                        let st = try stepCode(cur).primary
                        guard st.isNumber else { throw OVSMError(.type, "loop: by needs a number", span: s) }
                        guard (try? ovsmCompare(st, .int(0), "loop")) == 1 else {
                            throw OVSMError(.type, "loop: by step must be positive", span: s)
                        }
                        states[index].step = st
                    }
                    guard states[index].current.isNumber else { throw OVSMError(.type, "loop: from needs a number", span: s) }
                    if let b = states[index].bound, !b.isNumber { throw OVSMError(.type, "loop: bound must be a number", span: s) }
                case .inSeq(_, let seq, let name):
                    switch try seq(cur).primary {
                    case .array(let a): states[index].items = a
                    case .null: states[index].items = []
                    case .string(let str): states[index].items = str.unicodeScalars.map { .string(String($0)) }
                    case let other: throw OVSMError(.type, "loop: for \(name) needs an array or string, got \(other.typeName)", span: s)
                    }
                case .equals: break
                }
            }
        }
        var repeatLeft = Int.max
        if let rc = plan.repeatCount {
            let v = try rc(cur).primary
            guard case .int(let n) = v else { throw OVSMError(.type, "loop: repeat needs an int", span: s) }
            repeatLeft = n
        }

        var spare: Frame? = nil
        func finish(_ frame: Frame) throws -> Value {
            if let finallyCode {
                do {
                    _ = try finallyCode(frame)
                } catch where isSignal(error, BreakSignal.self) {
                    return interp.signals.takeBreakValue()
                }
            }
            if listStyle { return .array(collected) }
            return unnamed
        }

        while true {
            try interp.tick(s)
            // Next frame: reuse the spare unless a closure kept it.
            var next: Frame
            if var sp = spare, isKnownUniquelyReferenced(&sp) {
                next = sp
                spare = nil
                for k in 0..<size { next[k] = Unbound.value }
            } else {
                spare = nil
                next = Frame.make(size: size, parent: env)
            }
            for slot in named { next[slot] = cur[slot] }
            // for clauses: termination check and binding, in order.
            var exhausted = false
            for (index, clause) in plan.fors.enumerated() {
                switch clause {
                case .numeric(let slot, _, _, let inclusive, let down, _):
                    var st = states[index]
                    if st.started {
                        st.current = try down ? numericStep(st.current, st.step, sign: -1, "loop")
                                              : numericStep(st.current, st.step, sign: 1, "loop")
                    }
                    st.started = true
                    if let b = st.bound {
                        let c = try ovsmCompare(st.current, b, "loop")
                        if down ? (inclusive ? c < 0 : c <= 0) : (inclusive ? c > 0 : c >= 0) { exhausted = true }
                    }
                    states[index] = st
                    if !exhausted { next[slot] = st.current }
                case .inSeq(let slot, _, _):
                    if states[index].index >= states[index].items.count {
                        exhausted = true
                    } else {
                        next[slot] = states[index].items[states[index].index]
                        states[index].index += 1
                    }
                case .equals(let slot, let first, let then):
                    let code = (states[index].started ? then : nil) ?? first
                    states[index].started = true
                    next[slot] = try code(next).primary
                }
                if exhausted { break }
            }
            if exhausted { return try finish(cur) }
            if repeatLeft != Int.max {
                if repeatLeft <= 0 { return try finish(cur) }
                repeatLeft -= 1
            }
            spare = cur
            cur = next
            // Body clauses in textual order.
            do {
                var terminate = false
                for clause in plan.body {
                    if try runClause(clause, cur, &unnamed, &collected, listStyle, s, interp) {
                        terminate = true
                        break
                    }
                }
                if terminate { return try finish(cur) }
            } catch where isSignal(error, BreakSignal.self) {
                return interp.signals.takeBreakValue()
            } catch where isSignal(error, ContinueSignal.self) {
                continue
            }
        }
    }

    /// Runs one body clause; returns true when the loop should terminate normally.
    private static func runClause(_ clause: BodyClause, _ frame: Frame, _ unnamed: inout Value,
                                  _ collected: inout [Value], _ listStyle: Bool, _ s: SourceSpan,
                                  _ interp: Interpreter) throws -> Bool {
        switch clause {
        case .whileTest(let t): return !(try t(frame).isTruthy)
        case .untilTest(let t): return try t(frame).isTruthy
        case .guarded(let negate, let test, let inner):
            if try test(frame).isTruthy != negate {
                return try runClause(inner, frame, &unnamed, &collected, listStyle, s, interp)
            }
            return false
        case .forms(let code):
            _ = try code(frame)
            return false
        case .returnExpr(let code):
            throw interp.signals.breaking(try code(frame).primary)
        case .accumulate(let kind, let expr, let into):
            let v = try expr(frame).primary
            if let slot = into {
                var acc = frame[slot]
                frame[slot] = .null
                defer { frame[slot] = acc }
                if case .array(var a) = acc, kind.isListStyle {
                    acc = .null
                    try appendAccumulation(kind, v, &a, s)
                    acc = .array(a)
                } else {
                    acc = try accumulate(kind, acc, v, s)
                }
                return false
            }
            if listStyle {
                try appendAccumulation(kind, v, &collected, s)
            } else {
                unnamed = try accumulate(kind, unnamed, v, s)
            }
            return false
        }
    }

    private static func appendAccumulation(_ kind: AccKind, _ v: Value, _ a: inout [Value], _ s: SourceSpan) throws {
        if kind == .collect {
            a.append(v)
            return
        }
        switch v {
        case .array(let items): a.append(contentsOf: items)
        case .null: break
        default: throw OVSMError(.type, "loop: append needs arrays, got \(v.typeName)", span: s)
        }
    }

    private static func accumulate(_ kind: AccKind, _ acc: Value, _ v: Value, _ s: SourceSpan) throws -> Value {
        switch kind {
        case .sum:
            guard v.isNumber else { throw OVSMError(.type, "loop: sum needs numbers, got \(v.typeName)", span: s) }
            return try numericStep(acc, v, sign: 1, "loop sum")
        case .count:
            return v.isTruthy ? try numericStep(acc, .int(1), sign: 1, "loop count") : acc
        case .maximize, .minimize:
            guard v.isNumber else { throw OVSMError(.type, "loop: \(kind.rawValue) needs numbers, got \(v.typeName)", span: s) }
            if case .null = acc { return v }
            let c = try ovsmCompare(v, acc, "loop")
            return (kind == .maximize ? c > 0 : c < 0) ? v : acc
        case .collect, .append:
            var a = (try? Arg.array(acc, "loop")) ?? []
            try appendAccumulation(kind, v, &a, s)
            return .array(a)
        }
    }
}
