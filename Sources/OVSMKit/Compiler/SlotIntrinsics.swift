/// `(op x 1)` and `(op x y)` where `x` (and `y`) are variables of the current frame: the
/// shapes of recursion arguments, base-case tests and loop arithmetic (`(- n 1)`,
/// `(< n 2)`, `(< y x)`). While the operator's name still holds its builtin (the cell's
/// assignment counter is unchanged) and the slots hold ints, the node reads them in place
/// and computes inline — no virtual call per operand. Anything else (a float, an unbound
/// `define` slot, a redefined operator) goes to the general node, which has the same
/// semantics and error positions.
final class SlotIntrinsicNode: Node {
    let general: BinaryIntrinsicNode
    let cell: GlobalCell, compiledVersion: Int
    /// Slot of the left operand in the current frame.
    let left: Int
    /// The right operand: an int literal, or (when `rightIsSlot`) a slot of the current frame.
    let right: Int, rightIsSlot: Bool

    init(_ general: BinaryIntrinsicNode, left: Int, right: Int, rightIsSlot: Bool) {
        self.general = general
        cell = general.cell
        compiledVersion = general.compiledVersion
        self.left = left
        self.right = right
        self.rightIsSlot = rightIsSlot
    }

    /// The node for `general` when its operands have one of the shapes above.
    static func specialise(_ general: BinaryIntrinsicNode) -> Node {
        guard let l = general.a as? LocalNode0 else { return general }
        if let k = general.rightInt { return SlotIntrinsicNode(general, left: l.index, right: k, rightIsSlot: false) }
        if let r = general.b as? LocalNode0 { return SlotIntrinsicNode(general, left: l.index, right: r.index, rightIsSlot: true) }
        return general
    }

    /// Both operands as ints, when the fast path applies.
    @inline(__always) func operands(_ env: Frame) -> (Int, Int)? {
        guard cell.version == compiledVersion, let i = env.intSlot(left) else { return nil }
        if !rightIsSlot { return (i, right) }
        guard let j = env.intSlot(right) else { return nil }
        return (i, j)
    }

    override func eval(_ env: Frame) throws -> Value {
        if let (i, j) = operands(env) { return try general.arith(i, j) }
        return try general.eval(env)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if general.isComparison, let (i, j) = operands(env) { return general.compare(i, j) }
        return try general.evalBool(env)
    }
}
