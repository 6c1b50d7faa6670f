/// Running a compiled `(loop CLAUSE...)` (spec §7.7; the clauses are parsed in
/// LoopMacro.swift).
///
/// One frame serves every iteration while nothing captured it (checked at the start of
/// each iteration, as `dotimes` does): named variables (for/with/into) simply stay in
/// their slots, the other slots (`define`s of `do` forms) start unbound again. When a
/// closure kept the frame, the iteration gets a new one with the named values copied.
/// Clauses are node objects, `for` clauses iterators holding ints while the numbers are
/// ints: the previous version rebuilt a frame per iteration and copied each clause's state
/// out of an array of enums and back (~1,100 instructions an iteration of
/// `(loop for i from 0 below n collect (* i i))`).
///
/// `finally` sees the last completed iteration: when a `for` clause or `repeat` ends the
/// loop, the `for` clauses before it have already stepped, so the slots are saved at the
/// start of each iteration (only in loops that have a `finally`) and put back before it.
final class LoopMacroNode: Node {
    enum ForSpec {
        case numeric(slot: Int, from: Code?, bound: Code?, inclusive: Bool, down: Bool, step: Code?)
        case inSeq(slot: Int, seq: Code, name: String)
        case equals(slot: Int, first: Code, then: Code?)
    }

    enum InitSpec {
        case with(slot: Int, code: Code)
        case forInit(index: Int)
    }

    enum Accumulation {
        case collect, append, sum, count, maximize, minimize
        /// From a clause word (the parser has checked it is one; `-ing` forms included).
        init(keyword: String) {
            switch keyword {
            case "collect", "collecting": self = .collect
            case "append", "appending": self = .append
            case "sum", "summing": self = .sum
            case "count", "counting": self = .count
            case "maximize", "maximizing": self = .maximize
            default: self = .minimize
            }
        }
        var isListStyle: Bool { self == .collect || self == .append }
        var name: String {
            switch self {
            case .collect: return "collect"
            case .append: return "append"
            case .sum: return "sum"
            case .count: return "count"
            case .maximize: return "maximize"
            case .minimize: return "minimize"
            }
        }
        /// The starting value of an accumulation.
        var initial: Value {
            switch self {
            case .collect, .append: return .emptyArray
            case .sum, .count: return .int(0)
            case .maximize, .minimize: return .null
            }
        }
    }

    let fors: [ForSpec], inits: [InitSpec], repeatCount: Code?, clauses: [Clause]
    let finallyCode: Code?, size: Int, named: [Int], into: [(slot: Int, kind: Accumulation)]
    let unnamed: Accumulation?, catchesJumps: Bool, span: SourceSpan
    /// `clauses`, unretained (the array keeps them): taking a class out of an array to
    /// call it costs a retain/release pair.
    private let clauseRefs: [Unmanaged<Clause>]
    unowned(unsafe) let interp: Interpreter
    /// Slots that are not named variables: unbound again at each iteration.
    let resetSlots: [Int]

    init(fors: [ForSpec], inits: [InitSpec], repeatCount: Code?, clauses: [Clause], finallyCode: Code?,
         size: Int, named: [Int], into: [(Int, Accumulation)], unnamed: Accumulation?, catchesJumps: Bool,
         _ s: SourceSpan, _ interp: Interpreter) {
        self.fors = fors; self.inits = inits; self.repeatCount = repeatCount; self.clauses = clauses
        self.finallyCode = finallyCode; self.size = size; self.named = named
        self.into = into.map { (slot: $0.0, kind: $0.1) }
        self.unnamed = unnamed; self.catchesJumps = catchesJumps; span = s; self.interp = interp
        clauseRefs = clauses.map { Unmanaged.passUnretained($0) }
        let namedSet = Set(named)
        resetSlots = (0..<size).filter { !namedSet.contains($0) }
    }

    // MARK: per-run state

    /// The unnamed accumulation of one run (a struct passed `inout`: a class's fields
    /// would be read and written through dynamic exclusivity checks).
    struct Accumulator {
        var collected: [Value] = []
        var value: Value
        init(_ v: Value) { value = v }
    }

    /// One `for` clause's iteration state for one run.
    class ForIterator {
        let slot: Int
        init(slot: Int) { self.slot = slot }
        /// Steps and binds the variable in `frame`; true when the clause is exhausted
        /// (the variable then keeps its value).
        func advance(_ frame: Frame) throws -> Bool { true }
    }

    final class NumericIterator: ForIterator {
        let inclusive: Bool, down: Bool, span: SourceSpan
        var started = false
        /// All three numbers are ints (the usual case): `ci`, `bi`, `si` hold them.
        var ints: Bool
        var ci = 0, bi = 0, si = 1, hasBound: Bool
        var current: Value, bound: Value?, step: Value

        init(slot: Int, current: Value, bound: Value?, step: Value, inclusive: Bool, down: Bool, _ s: SourceSpan) {
            self.inclusive = inclusive; self.down = down; span = s
            self.current = current; self.bound = bound; self.step = step
            hasBound = bound != nil
            ints = false
            if case .int(let c) = current, case .int(let st) = step {
                switch bound {
                case .none: ints = true; ci = c; si = st
                case .int(let b)?: ints = true; ci = c; si = st; bi = b
                default: break
                }
            }
            super.init(slot: slot)
        }

        override func advance(_ frame: Frame) throws -> Bool {
            if ints {
                if started {
                    let (n, o) = down ? ci.subtractingReportingOverflow(si) : ci.addingReportingOverflow(si)
                    if o { throw OVSMError(.limit, OVSMError.overflow.message, span: span) }
                    ci = n
                }
                started = true
                if hasBound {
                    let done = down ? (inclusive ? ci < bi : ci <= bi) : (inclusive ? ci > bi : ci >= bi)
                    if done { return true }
                }
                frame.setInt(ci, slot)
                return false
            }
            if started {
                do {
                    current = try numericStep(current, step, sign: down ? -1 : 1, "loop")
                } catch var e as OVSMError where e.span == nil {
                    e.span = span   // the loop's position (numericStep has none)
                    throw e
                }
            }
            started = true
            if let b = bound {
                let c = try ovsmCompare(current, b, "loop")
                if down ? (inclusive ? c < 0 : c <= 0) : (inclusive ? c > 0 : c >= 0) { return true }
            }
            frame[slot] = current
            return false
        }
    }

    final class SequenceIterator: ForIterator {
        let items: [Value]
        var index = 0
        init(slot: Int, items: [Value]) { self.items = items; super.init(slot: slot) }
        override func advance(_ frame: Frame) throws -> Bool {
            guard index < items.count else { return true }
            frame[slot] = items[index]
            index += 1
            return false
        }
    }

    final class EqualsIterator: ForIterator {
        let first: Code, then: Code?
        var started = false
        init(slot: Int, first: Code, then: Code?) { self.first = first; self.then = then; super.init(slot: slot) }
        override func advance(_ frame: Frame) throws -> Bool {
            let code = (started ? then : nil) ?? first
            started = true
            frame[slot] = try code(frame).primary
            return false
        }
    }

    // MARK: body clauses

    /// A body clause; `run` returns true when the loop should terminate normally.
    class Clause {
        func run(_ frame: Frame, _ acc: inout Accumulator, _ node: LoopMacroNode) throws -> Bool { false }
    }

    /// `while TEST` (stops when the test fails) / `until TEST` (stops when it holds).
    final class TestClause: Clause {
        let test: Node, stopWhen: Bool
        init(_ t: Node, stopWhen: Bool) { test = t; self.stopWhen = stopWhen }
        override func run(_ frame: Frame, _ acc: inout Accumulator, _ node: LoopMacroNode) throws -> Bool {
            try test.evalBool(frame) == stopWhen
        }
    }

    /// `when|if|unless TEST CLAUSE`.
    final class GuardClause: Clause {
        let test: Node, negate: Bool, inner: Clause
        init(_ t: Node, negate: Bool, _ inner: Clause) { test = t; self.negate = negate; self.inner = inner }
        override func run(_ frame: Frame, _ acc: inout Accumulator, _ node: LoopMacroNode) throws -> Bool {
            if try test.evalBool(frame) != negate { return try inner.run(frame, &acc, node) }
            return false
        }
    }

    /// `do FORM...`.
    final class FormsClause: Clause {
        let body: Node
        init(_ b: Node) { body = b }
        override func run(_ frame: Frame, _ acc: inout Accumulator, _ node: LoopMacroNode) throws -> Bool {
            try body.exec(frame)
            return false
        }
    }

    /// `return E`.
    final class ReturnClause: Clause {
        let value: Node
        init(_ v: Node) { value = v }
        override func run(_ frame: Frame, _ acc: inout Accumulator, _ node: LoopMacroNode) throws -> Bool {
            throw node.interp.signals.breaking(try value.eval(frame).primary)
        }
    }

    /// `collect|append|sum|count|maximize|minimize E [into V]`.
    final class AccumulateClause: Clause {
        let kind: Accumulation, expr: Node, into: Int?
        init(_ k: Accumulation, _ e: Node, into: Int?) { kind = k; expr = e; self.into = into }

        override func run(_ frame: Frame, _ acc: inout Accumulator, _ node: LoopMacroNode) throws -> Bool {
            if let slot = into {
                let v = try expr.eval(frame).primary
                var current = frame[slot]
                frame[slot] = .null
                defer { frame[slot] = current }
                if case .array(var a) = current, kind.isListStyle {
                    current = .null
                    try LoopMacroNode.append(kind, v, &a, node.span)
                    current = .array(a)
                } else {
                    current = try LoopMacroNode.accumulate(kind, current, v, node.span)
                }
                return false
            }
            switch kind {
            case .collect:
                acc.collected.append(try expr.eval(frame).primary)
            case .append:
                try LoopMacroNode.append(kind, try expr.eval(frame).primary, &acc.collected, node.span)
            case .count:
                if try expr.evalBool(frame) {
                    if case .int(let n) = acc.value, n < Int.max { acc.value = .int(n + 1) } else {
                        acc.value = try numericStep(acc.value, .int(1), sign: 1, "loop count")
                    }
                }
            case .sum:
                let v = try expr.eval(frame).primary
                if case .int(let a) = acc.value, case .int(let b) = v {
                    let (r, o) = a.addingReportingOverflow(b)
                    if !o {
                        acc.value = .int(r)
                        return false
                    }
                }
                acc.value = try LoopMacroNode.accumulate(kind, acc.value, v, node.span)
            case .maximize, .minimize:
                acc.value = try LoopMacroNode.accumulate(kind, acc.value, try expr.eval(frame).primary, node.span)
            }
            return false
        }
    }

    static func append(_ kind: Accumulation, _ v: Value, _ a: inout [Value], _ s: SourceSpan) throws {
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

    static func accumulate(_ kind: Accumulation, _ acc: Value, _ v: Value, _ s: SourceSpan) throws -> Value {
        switch kind {
        case .sum:
            guard v.isNumber else { throw OVSMError(.type, "loop: sum needs numbers, got \(v.typeName)", span: s) }
            return try numericStep(acc, v, sign: 1, "loop sum")
        case .count:
            return v.isTruthy ? try numericStep(acc, .int(1), sign: 1, "loop count") : acc
        case .maximize, .minimize:
            guard v.isNumber else { throw OVSMError(.type, "loop: \(kind.name) needs numbers, got \(v.typeName)", span: s) }
            if case .null = acc { return v }
            let c = try ovsmCompare(v, acc, "loop")
            return (kind == .maximize ? c > 0 : c < 0) ? v : acc
        case .collect, .append:
            var a = (try? Arg.array(acc, "loop")) ?? []
            try append(kind, v, &a, s)
            return .array(a)
        }
    }

    // MARK: running

    /// The iterators of one run, their initial values computed with the `with` clauses in
    /// clause order.
    private func start(_ frame: Frame) throws -> [ForIterator] {
        var made = [ForIterator?](repeating: nil, count: fors.count)
        for step in inits {
            switch step {
            case .with(let slot, let code): frame[slot] = try code(frame).primary
            case .forInit(let index):
                switch fors[index] {
                case .numeric(let slot, let from, let bound, let inclusive, let down, let stepCode):
                    let current = try from?(frame).primary ?? .int(0)
                    let b = try bound?(frame).primary
                    var st: Value = .int(1)
                    if let stepCode {
                        st = try stepCode(frame).primary
                        guard st.isNumber else { throw OVSMError(.type, "loop: by needs a number", span: span) }
                        guard (try? ovsmCompare(st, .int(0), "loop")) == 1 else {
                            throw OVSMError(.type, "loop: by step must be positive", span: span)
                        }
                    }
                    guard current.isNumber else { throw OVSMError(.type, "loop: from needs a number", span: span) }
                    if let b, !b.isNumber { throw OVSMError(.type, "loop: bound must be a number", span: span) }
                    made[index] = NumericIterator(slot: slot, current: current, bound: b, step: st,
                                                  inclusive: inclusive, down: down, span)
                case .inSeq(let slot, let seq, let name):
                    let items: [Value]
                    switch try seq(frame).primary {
                    case .array(let a): items = a
                    case .null: items = []
                    case .string(let str): items = StringOps.characters(str)
                    case let other: throw OVSMError(.type, "loop: for \(name) needs an array or string, got \(other.typeName)", span: span)
                    }
                    made[index] = SequenceIterator(slot: slot, items: items)
                case .equals(let slot, let first, let then):
                    made[index] = EqualsIterator(slot: slot, first: first, then: then)
                }
            }
        }
        return made.map { $0.unsafelyUnwrapped }
    }

    /// The body clauses of one iteration in order; true when one ends the loop.
    @inline(__always) private func runClauses(_ frame: Frame, _ acc: inout Accumulator) throws -> Bool {
        for c in clauseRefs where try c._withUnsafeGuaranteedRef({ try $0.run(frame, &acc, self) }) { return true }
        return false
    }

    override func eval(_ env: Frame) throws -> Value {
        var frame = Frame.make(size: size, parent: env)
        for slot in named { frame[slot] = .null }
        for (slot, kind) in into { frame[slot] = kind.initial }
        var acc = Accumulator(unnamed?.initial ?? .null)
        let iterators = try start(frame)
        let iteratorRefs = iterators.map { Unmanaged.passUnretained($0) }
        defer { withExtendedLifetime(iterators) {} }   // they own what `iteratorRefs` points to
        var repeatLeft = Int.max
        if let rc = repeatCount {
            let v = try rc(frame).primary
            guard case .int(let n) = v else { throw OVSMError(.type, "loop: repeat needs an int", span: span) }
            repeatLeft = n
        }
        let listStyle = unnamed?.isListStyle ?? false
        func finish(_ f: Frame) throws -> Value {
            if let finallyCode {
                do {
                    _ = try finallyCode(f)
                } catch where isSignal(error, BreakSignal.self) {
                    return interp.signals.takeBreakValue()
                }
            }
            return listStyle ? .array(acc.collected) : acc.value
        }
        var saved: [Value] = []
        while true {
            try interp.tick(span)
            // This iteration's frame: the same one unless a closure kept it.
            var previous: Frame? = nil
            if !isKnownUniquelyReferenced(&frame) {
                let fresh = Frame.make(size: size, parent: env)
                for slot in named { fresh[slot] = frame[slot] }
                previous = frame
                frame = fresh
            } else {
                if finallyCode != nil { saved = (0..<size).map { frame[$0] } }
                if !resetSlots.isEmpty { frame.unbind(resetSlots) }
            }
            var exhausted = false
            for it in iteratorRefs where try it._withUnsafeGuaranteedRef({ try $0.advance(frame) }) {
                exhausted = true
                break
            }
            if !exhausted, repeatLeft != Int.max {
                if repeatLeft <= 0 { exhausted = true } else { repeatLeft -= 1 }
            }
            if exhausted {
                // `finally` sees the last completed iteration (see the type's comment).
                if let previous { return try finish(previous) }
                if finallyCode != nil { for (i, v) in saved.enumerated() { frame[i] = v } }
                return try finish(frame)
            }
            if !catchesJumps {
                if try runClauses(frame, &acc) { return try finish(frame) }
                continue
            }
            do {
                if try runClauses(frame, &acc) { return try finish(frame) }
            } catch where isSignal(error, BreakSignal.self) {
                return interp.signals.takeBreakValue()
            } catch where isSignal(error, ContinueSignal.self) {
                continue
            }
        }
    }
}
