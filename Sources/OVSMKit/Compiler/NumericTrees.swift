/// Arithmetic nested in arithmetic — `(+ (* zr zr) (* zi zi))`, `(< (+ a b) 4.0)` — computed
/// as one tree of unboxed numbers: inner results are never wrapped in a `Value`, and
/// operands that are variables or constants are read straight from their slot.
///
/// Such a tree is pure: its leaves are variable reads and number constants, its inner nodes
/// arithmetic intrinsics (no user code runs, nothing is assigned). So `numEval` may give up
/// (return nil) at any point — a rebound operator, a leaf that holds no number, a result it
/// does not represent — and the caller then evaluates the node the ordinary way, which
/// repeats the same reads in the same order and reaches the same value or error. Errors
/// met on the way (overflow, a zero divisor) are thrown by the same functions, with the
/// same message and position, as the ordinary path would.

/// An operand of a numeric tree, classified once when the node is built.
enum NumOperand {
    case slot0(Int)
    case slot1(Int)
    case constant(Scalar)
    case tree(BinaryIntrinsicNode)
    case fold(FoldIntrinsicNode)
    /// Another variable read (deeper local, global): its `peekNumber`.
    case read(Node)

    static func classify(_ n: Node) -> NumOperand? {
        if let l = n as? LocalNode0 { return .slot0(l.index) }
        if let l = n as? LocalNode1 { return .slot1(l.index) }
        if let c = n as? ConstNode { return Scalar(c.value).map { .constant($0) } }
        if let b = n as? BinaryIntrinsicNode { return b.isNumericTree ? .tree(b) : nil }
        if let s = n as? SlotIntrinsicNode { return s.general.isNumericTree ? .tree(s.general) : nil }
        if let t = n as? NumericTreeNode { return t.general.isNumericTree ? .tree(t.general) : nil }
        if let t = n as? NumericProgramNode { return t.general.isNumericTree ? .tree(t.general) : nil }
        if let f = n as? FoldIntrinsicNode { return f.isNumericTree ? .fold(f) : nil }
        if n is LocalNodeN || n is GlobalNode { return .read(n) }
        return nil
    }

    var isTree: Bool {
        switch self {
        case .tree, .fold: return true
        default: return false
        }
    }

    /// The operand's number; nil: not a number (or not computed here), see above.
    @inline(__always) func number(_ env: Frame) throws -> Scalar? {
        switch self {
        case .slot0(let i): return env.numberSlot(i)
        case .slot1(let i): return env.ancestorRef(1)._withUnsafeGuaranteedRef { $0.numberSlot(i) }
        case .constant(let s): return s
        case .tree(let b): return try b.numEval(env)
        case .fold(let f): return try f.numEval(env)
        case .read(let n): return n.peekNumber(env)
        }
    }
}

extension BinaryIntrinsicNode {
    /// `x op y` for numbers, as a number; nil when the result is not one (never for the
    /// arithmetic ops on numbers, but a nil is always safe here). The float operations
    /// inline, the rest out of line (`scalarOpGeneral`) so callers stay small.
    @inline(__always) func scalarOp(_ x: Scalar, _ y: Scalar) throws -> Scalar? {
        switch (x, y) {
        case (.float(let p), .float(let q)):
            switch op {
            case .add: return .float(p + q)
            case .sub: return .float(p - q)
            case .mul: return .float(p * q)
            default: break
            }
        case (.int(let i), .int(let j)):
            switch op {
            case .add:
                let (r, o) = i.addingReportingOverflow(j)
                if !o { return .int(r) }
            case .sub:
                let (r, o) = i.subtractingReportingOverflow(j)
                if !o { return .int(r) }
            default: break
            }
        default: break
        }
        return try scalarOpGeneral(x, y)
    }

    @inline(never) func scalarOpGeneral(_ x: Scalar, _ y: Scalar) throws -> Scalar? {
        switch (x, y) {
        case (.int(let i), .int(let j)):
            return Scalar(try arith(i, j))
        case (.float(let p), .float(let q)):
            switch op {
            case .add: return .float(p + q)
            case .sub: return .float(p - q)
            case .mul: return .float(p * q)
            case .div where q != 0: return .float(p / q)
            default: return Scalar(try mixed(.float(p), .float(q)))
            }
        case (.int(let i), .float(let q)):
            switch op {
            case .add: return .float(Double(i) + q)
            case .sub: return .float(Double(i) - q)
            case .mul: return .float(Double(i) * q)
            default: return Scalar(try mixed(.int(i), .float(q)))
            }
        case (.float(let p), .int(let j)):
            switch op {
            case .add: return .float(p + Double(j))
            case .sub: return .float(p - Double(j))
            case .mul: return .float(p * Double(j))
            default: return Scalar(try mixed(.float(p), .int(j)))
            }
        }
    }

    /// This arithmetic node's number, computed as a tree (see the file comment); nil: use
    /// `eval`.
    func numEval(_ env: Frame) throws -> Scalar? {
        guard isNumericTree, isOriginal,
              let x = try numA?.number(env), let y = try numB?.number(env) else { return nil }
        return try scalarOp(x, y)
    }

    /// A comparison whose operands include a tree: both computed unboxed; nil: use the
    /// ordinary path.
    @inline(__always) func compareTrees(_ env: Frame) throws -> Bool? {
        guard isOriginal, let x = try numA?.number(env), let y = try numB?.number(env) else { return nil }
        return try compareScalars(x, y)
    }

    /// The comparison of two numbers.
    @inline(__always) func compareScalars(_ x: Scalar, _ y: Scalar) throws -> Bool {
        switch (x, y) {
        case (.int(let i), .int(let j)): return compare(i, j)
        case (.float(let p), .float(let q)): return op.compare(p, q)
        default: return try mixed(x.value, y.value).isTruthy
        }
    }
}

extension FoldIntrinsicNode {
    /// The fold's number, all operands computed unboxed first (the fold's own order).
    func numEval(_ env: Frame) throws -> Scalar? {
        guard isNumericTree, general.isOriginal,
              let x = try num0.number(env), let y = try num1.number(env),
              let z = try num2.number(env) else { return nil }
        var w: Scalar? = nil
        if let num3 {
            guard let v = try num3.number(env) else { return nil }
            w = v
        }
        guard let r1 = try general.scalarOp(x, y), let r = try general.scalarOp(r1, z) else { return nil }
        guard let w else { return r }
        return try general.scalarOp(r, w)
    }
}

/// A binary intrinsic with a tree among its operands (`BinaryIntrinsicNode.hasSubtree`):
/// computed as a tree first, the node's ordinary `eval` when the tree gives up. A node of
/// its own so that intrinsics without trees keep their small `eval`.
final class NumericTreeNode: Node {
    let general: BinaryIntrinsicNode
    init(_ general: BinaryIntrinsicNode) { self.general = general }

    /// The node for a tree: a `NumericProgramNode` when the tree makes a program, else this.
    static func make(_ general: BinaryIntrinsicNode) -> Node {
        if let program = NumericProgram(operandsOf: general) { return NumericProgramNode(general, program) }
        return NumericTreeNode(general)
    }

    override func eval(_ env: Frame) throws -> Value {
        if general.isComparison {
            if let r = try general.compareTrees(env) { return .bool(r) }
        } else if let r = try general.numEval(env) {
            return r.value
        }
        return try general.eval(env)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if general.isComparison, let r = try general.compareTrees(env) { return r }
        return try general.evalBool(env)
    }
}

/// A tree of two or more operations run as a `NumericProgram` (NumericProgram.swift); the
/// node's ordinary `eval` when the program gives up. A class of its own so that one-step
/// trees keep `NumericTreeNode`'s small paths (a check for a program there cost hof +1.5 %).
final class NumericProgramNode: Node {
    let general: BinaryIntrinsicNode
    let program: NumericProgram
    init(_ general: BinaryIntrinsicNode, _ program: NumericProgram) { self.general = general; self.program = program }

    override func eval(_ env: Frame) throws -> Value {
        if general.isComparison {
            if let r = try compare(env) { return .bool(r) }
        } else if let r = try number(env) {
            return r.value
        }
        return try general.eval(env)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if general.isComparison, let r = try compare(env) { return r }
        return try general.evalBool(env)
    }

    @inline(__always) private func number(_ env: Frame) throws -> Scalar? {
        guard general.isOriginal, let (x, y) = try program.operands(env) else { return nil }
        return try general.scalarOp(x, y)
    }

    @inline(__always) private func compare(_ env: Frame) throws -> Bool? {
        guard general.isOriginal, let (x, y) = try program.operands(env) else { return nil }
        return try general.compareScalars(x, y)
    }
}
