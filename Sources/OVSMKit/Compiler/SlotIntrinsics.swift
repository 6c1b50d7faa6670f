/// `(op x 1)` and `(op x y)` where `x` is a variable of the current frame and `y` one of
/// the current or the enclosing frame: the shapes of recursion arguments, base-case tests,
/// loop arithmetic and small closures (`(- n 1)`, `(< n 2)`, `(< y x)`, `(+ x i)`). While the operator's name still holds its builtin (the cell's
/// assignment counter is unchanged) and the slots hold ints, the node reads them in place
/// and computes inline — no virtual call per operand. Anything else (a float, an unbound
/// `define` slot, a redefined operator) goes to the general node, which has the same
/// semantics and error positions.
final class SlotIntrinsicNode: Node {
    let general: BinaryIntrinsicNode
    let cell: GlobalCell, compiledVersion: Int
    /// Slot of the left operand in the current frame.
    let left: Int
    /// The right operand: an int literal, or (when `rightIsSlot`) a slot of the current
    /// frame or (when `rightIsOuter` too) of its parent.
    let right: Int, rightIsSlot: Bool, rightIsOuter: Bool

    let op: BinaryIntrinsicNode.Op

    init(_ general: BinaryIntrinsicNode, left: Int, right: Int, rightIsSlot: Bool, rightIsOuter: Bool = false) {
        op = general.op
        self.general = general
        cell = general.cell
        compiledVersion = general.compiledVersion
        self.left = left
        self.right = right
        self.rightIsSlot = rightIsSlot
        self.rightIsOuter = rightIsOuter
    }

    /// The node for `general` when its operands have one of the shapes above.
    static func specialise(_ general: BinaryIntrinsicNode) -> Node {
        guard let l = general.a as? LocalNode0 else { return general }
        if let k = general.rightInt { return SlotIntrinsicNode(general, left: l.index, right: k, rightIsSlot: false) }
        if let r = general.b as? LocalNode0 { return SlotIntrinsicNode(general, left: l.index, right: r.index, rightIsSlot: true) }
        if let r = general.b as? LocalNode1 {
            return SlotIntrinsicNode(general, left: l.index, right: r.index, rightIsSlot: true, rightIsOuter: true)
        }
        return general
    }

    /// Both operands as ints, when the fast path applies.
    @inline(__always) func operands(_ env: Frame) -> (Int, Int)? {
        guard cell.version == compiledVersion, let i = env.intSlot(left) else { return nil }
        if !rightIsSlot { return (i, right) }
        // Two separate reads (not one through a conditional frame reference, which Swift
        // would retain).
        let j: Int?
        if rightIsOuter { j = env.parent.unsafelyUnwrapped.intSlot(right) } else { j = env.intSlot(right) }
        guard let j else { return nil }
        return (i, j)
    }

    override func eval(_ env: Frame) throws -> Value {
        if let (i, j) = operands(env) { return try general.arith(i, j) }
        return try general.eval(env)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if general.isComparison, let (i, j) = operands(env) { return compare(i, j) }
        return try general.evalBool(env)
    }

    @inline(__always) func compare(_ i: Int, _ j: Int) -> Bool { op.compare(i, j) }

    // MARK: As the whole body of a small lambda

    /// Whether this node, as the whole body of a lambda of `arity` plain parameters (slots
    /// `0..<arity`, nothing else in its frame), reads only those parameters, a literal and
    /// variables of the closure's environment — `(lambda (x) (< x p))`,
    /// `(lambda (a b) (> a b))`, `(lambda (acc x) (+ acc x))`. A loop of calls of such a
    /// closure (`Interpreter.PreparedCall`) computes it from the argument values and the
    /// environment directly: no frame, no body call (see `operands1`/`operands2`).
    func isParameterBody(arity: Int) -> Bool {
        left < arity && (!rightIsSlot || rightIsOuter || right < arity)
    }

    /// `operands` for a call of its one-parameter lambda with argument `x` and closure
    /// environment `env`: both ints while the operator still holds its builtin, else nil.
    @inline(__always) func operands1(_ x: Value, _ env: Frame) -> (Int, Int)? {
        guard cell.version == compiledVersion, case .int(let i) = x else { return nil }
        if !rightIsSlot { return (i, right) }
        if rightIsOuter {
            guard let j = env.intSlot(right) else { return nil }
            return (i, j)
        }
        return (i, i)
    }

    /// `operands1` for a two-parameter lambda (arguments `x`, `y` in slots 0 and 1).
    @inline(__always) func operands2(_ x: Value, _ y: Value, _ env: Frame) -> (Int, Int)? {
        guard cell.version == compiledVersion else { return nil }
        let i: Int
        if left == 0 {
            guard case .int(let v) = x else { return nil }
            i = v
        } else {
            guard case .int(let v) = y else { return nil }
            i = v
        }
        if !rightIsSlot { return (i, right) }
        if rightIsOuter {
            guard let j = env.intSlot(right) else { return nil }
            return (i, j)
        }
        if right == 0 {
            guard case .int(let v) = x else { return nil }
            return (i, v)
        }
        guard case .int(let v) = y else { return nil }
        return (i, v)
    }
}

/// `(if (< n 2) a b)` with a slot comparison as its test (the base case of most
/// recursions): the test is computed here, one virtual call fewer per evaluation.
final class SlotIfNode: Node {
    let test: SlotIntrinsicNode, then: Node, otherwise: Node

    init(_ t: SlotIntrinsicNode, _ a: Node, _ b: Node) { test = t; then = a; otherwise = b }

    static func make(_ t: Node, _ a: Node, _ b: Node?) -> Node {
        if let s = t as? SlotIntrinsicNode, s.general.isComparison {
            return SlotIfNode(s, a, b ?? ConstNode(.null))
        }
        if let n = t as? UnaryIntrinsicNode, n.op == .not, let s = n.a as? SlotIntrinsicNode, s.general.isComparison {
            return SlotIfNotNode(n, s, a, b ?? ConstNode(.null))
        }
        return IfNode(t, a, b)
    }

    override func eval(_ env: Frame) throws -> Value {
        let yes: Bool
        if let (i, j) = test.operands(env) { yes = test.compare(i, j) } else { yes = try test.evalBool(env) }
        return yes ? try then.eval(env) : try otherwise.eval(env)
    }

    override func exec(_ env: Frame) throws {
        let yes: Bool
        if let (i, j) = test.operands(env) { yes = test.compare(i, j) } else { yes = try test.evalBool(env) }
        if yes { try then.exec(env) } else { try otherwise.exec(env) }
    }
}

/// `(if (not (< y x)) a b)`: likewise, while `not` still names the builtin.
final class SlotIfNotNode: Node {
    let not: UnaryIntrinsicNode, test: SlotIntrinsicNode, then: Node, otherwise: Node

    init(_ n: UnaryIntrinsicNode, _ t: SlotIntrinsicNode, _ a: Node, _ b: Node) {
        not = n; test = t; then = a; otherwise = b
    }

    override func eval(_ env: Frame) throws -> Value {
        let yes: Bool
        if not.isOriginal, let (i, j) = test.operands(env) { yes = !test.compare(i, j) } else { yes = try not.evalBool(env) }
        return yes ? try then.eval(env) : try otherwise.eval(env)
    }

    override func exec(_ env: Frame) throws {
        let yes: Bool
        if not.isOriginal, let (i, j) = test.operands(env) { yes = !test.compare(i, j) } else { yes = try not.evalBool(env) }
        if yes { try then.exec(env) } else { try otherwise.exec(env) }
    }
}
