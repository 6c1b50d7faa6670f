/// Node classes for the shapes that dominate run time: variable references, calls,
/// integer arithmetic and comparisons, `if`. See ARCHITECTURE.md ("How calls avoid
/// allocating").

// MARK: variables

final class LocalNode0: Node {
    let index: Int
    init(_ i: Int) { index = i }
    override func eval(_ env: Frame) throws -> Value {
        if let i = env.intSlot(index) { return .int(i) }   // no outlined copy for an int
        return env[index]
    }
    override func peekInt(_ env: Frame) -> Int? { env.intSlot(index) }
    override func peekNumber(_ env: Frame) -> Scalar? { env.numberSlot(index) }
    override func peekPointer(_ env: Frame) -> UnsafePointer<Value>? { env.slotAddress(index) }
}

final class LocalNode1: Node {
    let index: Int
    init(_ i: Int) { index = i }
    override func eval(_ env: Frame) throws -> Value { env.parent.unsafelyUnwrapped[index] }
    override func peekInt(_ env: Frame) -> Int? { env.parent.unsafelyUnwrapped.intSlot(index) }
    override func peekNumber(_ env: Frame) -> Scalar? { env.parent.unsafelyUnwrapped.numberSlot(index) }
    override func peekPointer(_ env: Frame) -> UnsafePointer<Value>? { env.parent.unsafelyUnwrapped.slotAddress(index) }
}

final class LocalNodeN: Node {
    let depth: Int, index: Int
    init(_ d: Int, _ i: Int) { depth = d; index = i }
    override func eval(_ env: Frame) throws -> Value { env.ancestorRef(depth)._withUnsafeGuaranteedRef { $0[index] } }
    override func peekNumber(_ env: Frame) -> Scalar? { env.ancestorRef(depth)._withUnsafeGuaranteedRef { $0.numberSlot(index) } }
    override func peekPointer(_ env: Frame) -> UnsafePointer<Value>? {
        env.ancestorRef(depth)._withUnsafeGuaranteedRef { $0.slotAddress(index) }
    }
}

/// A slot introduced by `define`: reading it before assignment is `unbound`.
final class CheckedLocalNode: Node {
    let depth: Int, index: Int, name: String, span: SourceSpan
    init(_ d: Int, _ i: Int, _ n: String, _ s: SourceSpan) { depth = d; index = i; name = n; span = s }
    override func eval(_ env: Frame) throws -> Value {
        let v = env.ancestorRef(depth)._withUnsafeGuaranteedRef { $0[index] }
        if Unbound.isUnbound(v) { throw OVSMError(.unbound, "unbound variable: \(name)", span: span) }
        return v
    }
}

final class GlobalNode: Node {
    let cell: GlobalCell, span: SourceSpan
    init(_ c: GlobalCell, _ s: SourceSpan) { cell = c; span = s }
    override func eval(_ env: Frame) throws -> Value {
        if cell.isBound {
            if let i = cell.intValue { return .int(i) }   // no outlined copy for an int
            return cell.value
        }
        throw OVSMError(.unbound, "unbound variable: \(cell.symbol.name)", span: span)
    }
    override func peekInt(_ env: Frame) -> Int? { cell.isBound ? cell.intValue : nil }
    override func peekNumber(_ env: Frame) -> Scalar? { cell.isBound ? cell.numberValue : nil }
}

final class SetLocal0Node: Node {
    let index: Int, value: Node
    init(_ i: Int, _ v: Node) { index = i; value = v }
    override func eval(_ env: Frame) throws -> Value {
        env.store(try value.eval(env), index)
    }
    override func exec(_ env: Frame) throws {
        env.storeOnly(try value.eval(env), index)
    }
}

/// `(set! i (+ i 1))`, `(set! s (+ s x))`: `set!` of a slot of the current frame to
/// arithmetic on slots (`SlotIntrinsicNode`), the two ints computed and stored in place
/// without a call of the value node and a `Value` in between; anything else (not ints, a
/// rebound operator) takes the value node's ordinary `eval`.
final class SetLocal0SlotNode: Node {
    let index: Int, value: SlotIntrinsicNode
    init(_ i: Int, _ v: SlotIntrinsicNode) { index = i; value = v }
    override func eval(_ env: Frame) throws -> Value {
        if let (i, j) = value.operands(env) { return env.store(try value.general.arith(i, j), index) }
        return env.store(try value.eval(env), index)
    }
    override func exec(_ env: Frame) throws {
        if let (i, j) = value.operands(env) {
            // `+`/`-` without overflow stored as an int directly: through `arith`'s `Value`
            // the store paid an outlined copy of it (fannkuch −2 %).
            switch value.op {
            case .add:
                let (r, o) = i.addingReportingOverflow(j)
                if !o { return env.setInt(r, index) }
            case .sub:
                let (r, o) = i.subtractingReportingOverflow(j)
                if !o { return env.setInt(r, index) }
            default: break
            }
            return env.storeOnly(try value.general.arith(i, j), index)
        }
        env.storeOnly(try value.eval(env), index)
    }
}

/// `(set! x y)` with both in slots of the current frame (`(set! zr t2)`, `(set! a b)` in an
/// iterative loop): a number is copied slot to slot without a call of the read node.
final class SetLocal0CopyNode: Node {
    let index: Int, from: Int
    init(_ i: Int, from: Int) { index = i; self.from = from }
    override func eval(_ env: Frame) throws -> Value {
        env.store(env[from], index)
    }
    override func exec(_ env: Frame) throws {
        switch env.numberSlot(from) {
        case .int(let i)?: env.setInt(i, index)
        case .float(let d)?: env.setFloat(d, index)
        case nil: env.storeOnly(env[from], index)
        }
    }
}

extension SetLocal0Node {
    /// The node for `(set! x value)` with `x` in slot `index` of the current frame.
    static func make(_ index: Int, _ value: Node) -> Node {
        if let l = value as? LocalNode0 { return SetLocal0CopyNode(index, from: l.index) }
        if let s = value as? SlotIntrinsicNode, !s.general.isComparison { return SetLocal0SlotNode(index, s) }
        return SetLocal0Node(index, value)
    }
}

/// `set!` of a variable of an enclosing frame (a `let` inside a function, a loop body
/// updating the function's locals).
final class SetLocalNode: Node {
    let depth: Int, index: Int, value: Node
    init(_ d: Int, _ i: Int, _ v: Node) { depth = d; index = i; value = v }
    override func eval(_ env: Frame) throws -> Value {
        let v = try value.eval(env)
        return env.ancestorRef(depth)._withUnsafeGuaranteedRef { $0.store(v, index) }
    }
    override func exec(_ env: Frame) throws {
        let v = try value.eval(env)
        env.ancestorRef(depth)._withUnsafeGuaranteedRef { $0.storeOnly(v, index) }
    }
}

final class SetGlobalNode: Node {
    let cell: GlobalCell, value: Node, span: SourceSpan
    init(_ c: GlobalCell, _ v: Node, _ s: SourceSpan) { cell = c; value = v; span = s }
    override func eval(_ env: Frame) throws -> Value {
        let v = try value.eval(env)
        guard cell.isBound else { throw OVSMError(.unbound, "set!: unbound variable \(cell.symbol.name)", span: span) }
        if cell.isConst { throw OVSMError(.type, "cannot assign to constant \(cell.symbol.name)", span: span) }
        if case .int(let i) = v, cell.setIntOverScalar(i) { return .int(i) }
        cell.set(v)
        return v
    }
    override func exec(_ env: Frame) throws {
        let v = try value.eval(env)
        guard cell.isBound else { throw OVSMError(.unbound, "set!: unbound variable \(cell.symbol.name)", span: span) }
        if cell.isConst { throw OVSMError(.type, "cannot assign to constant \(cell.symbol.name)", span: span) }
        if case .int(let i) = v, cell.setIntOverScalar(i) { return }
        cell.set(v)
    }
}

// MARK: control

final class IfNode: Node {
    let test: Node, then: Node, otherwise: Node
    init(_ t: Node, _ a: Node, _ b: Node?) { test = t; then = a; otherwise = b ?? ConstNode(.null) }
    override func eval(_ env: Frame) throws -> Value {
        if try test.evalBool(env) { return try then.eval(env) }
        return try otherwise.eval(env)
    }
    override func exec(_ env: Frame) throws {
        if try test.evalBool(env) { try then.exec(env) } else { try otherwise.exec(env) }
    }
}

final class SeqNode: Node {
    let body: NodeList, last: Node
    init(_ nodes: [Node]) {
        body = NodeList(Array(nodes.dropLast()))
        last = nodes[nodes.count - 1]
    }
    override func eval(_ env: Frame) throws -> Value {
        for i in 0..<body.count { try body.exec(i, env) }
        return try last.eval(env)
    }
    override func exec(_ env: Frame) throws {
        for i in 0..<body.count { try body.exec(i, env) }
        try last.exec(env)
    }
}

/// A body of two forms (a loop body of a step and a counter update, a `let` of two
/// assignments): the two calls without the walk of a list.
final class Seq2Node: Node {
    let first: Node, last: Node
    init(_ first: Node, _ last: Node) { self.first = first; self.last = last }
    override func eval(_ env: Frame) throws -> Value {
        try first.exec(env)
        return try last.eval(env)
    }
    override func exec(_ env: Frame) throws {
        try first.exec(env)
        try last.exec(env)
    }
}

// MARK: intrinsics (calls live in CallNodes.swift)

/// Arithmetic and comparison builtins called by their global name with two arguments.
/// While the name still holds the original builtin, ints are handled inline (with the
/// same overflow rule); anything else goes to the builtin itself.
final class BinaryIntrinsicNode: Node {
    enum Op {
        case add, sub, mul, div, rem, mod, lt, le, gt, ge, eq, ne

        /// The comparison on two ints or two floats (false for the arithmetic ops, which never
        /// ask). On floats IEEE's answers are the language's: NaN is unordered and unequal,
        /// as `Num.order` and `ovsmEqual` say.
        @inline(__always) func compare<T: Comparable>(_ i: T, _ j: T) -> Bool {
            switch self {
            case .lt: return i < j
            case .le: return i <= j
            case .gt: return i > j
            case .ge: return i >= j
            case .eq: return i == j
            case .ne: return i != j
            case .add, .sub, .mul, .div, .rem, .mod: return false
            }
        }
    }
    let op: Op, cell: GlobalCell, original: Function, a: Node, b: Node, span: SourceSpan
    /// The right operand when it is an int literal (`(- n 1)`, `(< n 2)`).
    let rightInt: Int?
    /// The cell's version when `original` was read from it.
    let compiledVersion: Int
    unowned(unsafe) let interp: Interpreter
    let isComparison: Bool

    /// The operands as parts of a numeric tree (NumericTrees.swift), when both can be.
    let numA: NumOperand?, numB: NumOperand?
    /// Arithmetic whose operands are numeric-tree operands: `numEval` computes it unboxed.
    let isNumericTree: Bool
    /// Some operand is itself a tree: worth computing this node as one.
    let hasSubtree: Bool

    init(_ op: Op, _ cell: GlobalCell, _ original: Function, _ a: Node, _ b: Node, _ s: SourceSpan, _ i: Interpreter) {
        self.op = op; self.cell = cell; self.original = original; self.a = a; self.b = b; span = s; interp = i
        compiledVersion = cell.version
        if case .int(let k)? = b.constantValue { rightInt = k } else { rightInt = nil }
        switch op {
        case .add, .sub, .mul, .div, .rem, .mod: isComparison = false
        default: isComparison = true
        }
        let na = NumOperand.classify(a), nb = NumOperand.classify(b)
        if na != nil && nb != nil { numA = na; numB = nb } else { numA = nil; numB = nil }
        isNumericTree = !isComparison && numA != nil
        hasSubtree = (numA?.isTree ?? false) || (numB?.isTree ?? false)
    }

    static func op(for name: String) -> Op? {
        switch name {
        case "+": return .add
        case "-": return .sub
        case "*": return .mul
        case "/": return .div
        case "%", "rem": return .rem
        case "mod": return .mod
        case "<": return .lt
        case "<=": return .le
        case ">": return .gt
        case ">=": return .ge
        case "=", "==": return .eq
        case "!=", "/=", "not=": return .ne
        default: return nil
        }
    }

    @inline(__always) var isOriginal: Bool {
        if cell.version == compiledVersion { return true }
        if case .function(let f) = cell.value, f === original { return true }
        return false
    }

    func slow(_ x: Value, _ y: Value) throws -> Value {
        try interp.call(cell.isBound ? cell.value : .null, [x, y], span).primary
    }

    /// Operands that are not both ints, while the name holds the original builtin: numbers
    /// (a float among them) are computed here with the builtin's own rules (`Num`), without
    /// an argument array and a builtin call; anything else goes to the builtin.
    func mixed(_ x: Value, _ y: Value) throws -> Value {
        guard x.isNumber, y.isNumber else {
            // `=` / `!=` of two arguments is `ovsmEqual` for every kind of value (strings,
            // keywords…): no argument array and builtin call for `(= c ",")`.
            if op == .eq { return .bool(ovsmEqual(x, y)) }
            if op == .ne { return .bool(!ovsmEqual(x, y)) }
            return try slow(x, y)
        }
        // An int with a float: float arithmetic, as `Num` computes it.
        switch (op, x, y) {
        case (.add, .int(let i), .float(let q)): return .float(Double(i) + q)
        case (.add, .float(let p), .int(let j)): return .float(p + Double(j))
        case (.sub, .int(let i), .float(let q)): return .float(Double(i) - q)
        case (.sub, .float(let p), .int(let j)): return .float(p - Double(j))
        case (.mul, .int(let i), .float(let q)): return .float(Double(i) * q)
        case (.mul, .float(let p), .int(let j)): return .float(p * Double(j))
        default: break
        }
        let fn = original.name ?? "?"
        do {
            switch op {
            case .add: return try Num.add(x, y, fn)
            case .sub: return try Num.sub(x, y, fn)
            case .mul: return try Num.mul(x, y, fn)
            case .div: return try Num.div(x, y, fn)
            case .rem, .mod: return try slow(x, y)
            case .eq: return .bool(ovsmEqual(x, y))
            case .ne: return .bool(!ovsmEqual(x, y))
            case .lt, .le, .gt, .ge:
                guard let c = try Num.order(x, y, fn) else { return .false }
                switch op {
                case .lt: return .bool(c < 0)
                case .le: return .bool(c <= 0)
                case .gt: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        } catch var e as OVSMError {
            e.span = e.span ?? span
            throw e
        }
    }

    @inline(__always) func arith(_ i: Int, _ j: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = i.addingReportingOverflow(j)
            if o { throw OVSMError(.limit, "+: integer overflow", span: span) }
            return .int(r)
        case .sub:
            let (r, o) = i.subtractingReportingOverflow(j)
            if o { throw OVSMError(.limit, "-: integer overflow", span: span) }
            return .int(r)
        case .mul:
            let (r, o) = i.multipliedReportingOverflow(by: j)
            if o { throw OVSMError(.limit, "*: integer overflow", span: span) }
            return .int(r)
        case .rem, .mod, .div:
            do {
                switch op {
                case .rem: return try Num.rem(.int(i), .int(j), original.name ?? "%")
                case .mod: return try Num.mod(.int(i), .int(j), original.name ?? "mod")
                default: return try Num.div(.int(i), .int(j), original.name ?? "/")
                }
            } catch var e as OVSMError {
                e.span = e.span ?? span
                throw e
            }
        default:
            return .bool(compare(i, j))
        }
    }

    @inline(__always) func compare(_ i: Int, _ j: Int) -> Bool { op.compare(i, j) }

    /// Two floats: the arithmetic or comparison inline; nil where `Num` decides (`%`,
    /// `mod`, a zero divisor).
    @inline(__always) func floatOp(_ p: Double, _ q: Double) -> Value? {
        switch op {
        case .add: return .float(p + q)
        case .sub: return .float(p - q)
        case .mul: return .float(p * q)
        case .div: return q == 0 ? nil : .float(p / q)
        case .rem, .mod: return nil
        default: return .bool(op.compare(p, q))
        }
    }

    /// `x op y` for operands already evaluated (also each step of `FoldIntrinsicNode`).
    @inline(__always) func combine(_ x: Value, _ y: Value) throws -> Value {
        if case .int(let i) = x, case .int(let j) = y { return try arith(i, j) }
        if case .float(let p) = x, case .float(let q) = y, let r = floatOp(p, q) { return r }
        return try mixed(x, y)
    }

    override func eval(_ env: Frame) throws -> Value {
        guard isOriginal else { return try slow(try a.eval(env), try b.eval(env)) }
        if let i = a.peekInt(env) {
            if let k = rightInt { return try arith(i, k) }
            if let j = b.peekInt(env) { return try arith(i, j) }
        }
        let x = try a.eval(env)
        if let k = rightInt, case .int(let i) = x { return try arith(i, k) }
        let y = try b.eval(env)
        if case .int(let i) = x, case .int(let j) = y { return try arith(i, j) }
        return try combine(x, y)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if !isComparison { return try eval(env).isTruthy }
        guard isOriginal else { return try slow(try a.eval(env), try b.eval(env)).isTruthy }
        if let i = a.peekInt(env) {
            if let k = rightInt { return compare(i, k) }
            if let j = b.peekInt(env) { return compare(i, j) }
        }
        let x = try a.eval(env)
        if let k = rightInt, case .int(let i) = x { return compare(i, k) }
        let y = try b.eval(env)
        if case .int(let i) = x, case .int(let j) = y { return compare(i, j) }
        if case .float(let p) = x, case .float(let q) = y { return op.compare(p, q) }
        return try mixed(x, y).isTruthy
    }
}

/// `(+ a b c)`, `(- a b c d)`, `(* a b c)`: three or four operands folded left to right
/// with the binary intrinsic's inline arithmetic, as the builtin folds them (`numFold`) —
/// all operands evaluated first, then combined, so errors and effects keep their order.
/// When the name no longer holds the builtin, the current function gets all operands.
final class FoldIntrinsicNode: Node {
    let general: BinaryIntrinsicNode
    /// The operands, held here too: calling a node in a `let` of `self` needs no retain.
    let a: Node, b: Node, c: Node, d: Node?
    /// All operands as numeric-tree operands (NumericTrees.swift), or empty.
    let numOperands: [NumOperand]
    let isNumericTree: Bool
    /// `numOperands` one by one (`numEval` reads them without an array; `num3` is nil for
    /// a fold of three). Meaningful only when `isNumericTree`.
    let num0: NumOperand, num1: NumOperand, num2: NumOperand, num3: NumOperand?
    init(_ general: BinaryIntrinsicNode, _ c: Node, _ d: Node?) {
        self.general = general; a = general.a; b = general.b; self.c = c; self.d = d
        let all = [a, b, c] + (d.map { [$0] } ?? [])
        let classified = all.compactMap { NumOperand.classify($0) }
        numOperands = classified.count == all.count ? classified : []
        isNumericTree = !numOperands.isEmpty
        let unused = NumOperand.constant(.int(0))
        num0 = isNumericTree ? numOperands[0] : unused
        num1 = isNumericTree ? numOperands[1] : unused
        num2 = isNumericTree ? numOperands[2] : unused
        num3 = numOperands.count == 4 ? numOperands[3] : nil
    }

    override func eval(_ env: Frame) throws -> Value {
        if isNumericTree, let r = try numEval(env) { return r.value }
        let x = try a.eval(env), y = try b.eval(env), z = try c.eval(env)
        let w = try d?.eval(env)
        guard general.isOriginal else {
            let g = general
            let args = w.map { [x, y, z, $0] } ?? [x, y, z]
            return try g.interp.call(g.cell.isBound ? g.cell.value : .null, args, g.span).primary
        }
        let r = try general.combine(try general.combine(x, y), z)
        guard let w else { return r }
        return try general.combine(r, w)
    }
}

/// `not`, `1+`, `1-`, `null?`, `zero?` called by their global name with one argument.
final class UnaryIntrinsicNode: Node {
    enum Op { case not, inc, dec, isNull, isZero, abs, isEven, isOdd }
    let op: Op, cell: GlobalCell, original: Function, a: Node, span: SourceSpan
    let compiledVersion: Int
    unowned(unsafe) let interp: Interpreter

    init(_ op: Op, _ cell: GlobalCell, _ original: Function, _ a: Node, _ s: SourceSpan, _ i: Interpreter) {
        self.op = op; self.cell = cell; self.original = original; self.a = a; span = s; interp = i
        compiledVersion = cell.version
    }

    static func op(for name: String) -> Op? {
        switch name {
        case "not": return .not
        case "1+", "inc": return .inc
        case "1-", "dec": return .dec
        case "null?", "nil?": return .isNull
        case "zero?", "zerop": return .isZero
        case "abs": return .abs
        case "even?", "evenp": return .isEven
        case "odd?", "oddp": return .isOdd
        default: return nil
        }
    }

    @inline(__always) var isOriginal: Bool {
        if cell.version == compiledVersion { return true }
        if case .function(let f) = cell.value, f === original { return true }
        return false
    }

    func slow(_ x: Value) throws -> Value {
        try interp.call(cell.isBound ? cell.value : .null, [x], span).primary
    }

    override func eval(_ env: Frame) throws -> Value {
        guard isOriginal else { return try slow(try a.eval(env)) }
        switch op {
        case .not: return .bool(!(try a.evalBool(env)))
        case .isNull:
            if case .null = try a.eval(env) { return .true }
            return .false
        default:
            let x = try a.eval(env)
            if case .int(let i) = x {
                switch op {
                case .inc:
                    let (r, o) = i.addingReportingOverflow(1)
                    if o { throw OVSMError(.limit, "1+: integer overflow", span: span) }
                    return .int(r)
                case .dec:
                    let (r, o) = i.subtractingReportingOverflow(1)
                    if o { throw OVSMError(.limit, "1-: integer overflow", span: span) }
                    return .int(r)
                case .isZero: return .bool(i == 0)
                case .isEven: return .bool(i & 1 == 0)
                case .isOdd: return .bool(i & 1 == 1)
                case .abs where i != Int.min: return i < 0 ? .int(-i) : .int(i)
                default: break
                }
            }
            // A float's magnitude as the builtin computes it (Int.min and the errors are
            // the builtin's).
            if op == .abs, case .float(let d) = x { return .float(Swift.abs(d)) }
            return try slow(x)
        }
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if op == .not && isOriginal { return !(try a.evalBool(env)) }
        // An int predicate on an int read in place: no boxed bool (a non-int is the
        // builtin's, with its error).
        if op == .isEven || op == .isOdd || op == .isZero, isOriginal, let i = a.peekInt(env) {
            return op == .isZero ? i == 0 : (i & 1 == 0) == (op == .isEven)
        }
        return try eval(env).isTruthy
    }
}
