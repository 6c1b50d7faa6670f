/// A numeric tree (NumericTrees.swift) flattened into a list of steps over a few registers,
/// run by one loop: `(+ (- (* zr zr) (* zi zi)) cr)` is three steps, not three nested calls
/// each with its prologue, its own guards and an optional result passed back up.
///
/// The steps keep the tree's meaning exactly:
/// - operands are computed in the tree's order: a subtree is a step before its parent's,
///   and a subtree to the left runs before one to the right;
/// - a leaf that is a slot or a constant is read by its parent's step, later than in the
///   tree, which is the same: such a read cannot fail, it can only find a non-number, and
///   then the caller evaluates the whole node the ordinary way, which repeats every read and
///   every operation in the tree's order (so an error a subtree would throw is thrown there
///   too, with the same message and position);
/// - a leaf that is another read (a global: reading it the ordinary way can fail as
///   `unbound`) gets a step of its own at its place in the order;
/// - each operation checks that its name still holds the original builtin, and gives up
///   (nil: the ordinary path) as the tree does.
///
/// The program holds its nodes unretained: the tree it was made from (held by the node that
/// runs the program) keeps them alive.
struct NumericProgram {
    /// An operand of a step: a slot of this frame or of its parent, a constant, or a
    /// register. A flat pair, not an enum around `Scalar`, so that reading it is one switch.
    struct Arg {
        enum Kind: UInt8 { case slot0, slot1, int, float, reg }
        let kind: Kind
        let bits: Int
        static func slot0(_ i: Int) -> Arg { Arg(kind: .slot0, bits: i) }
        static func slot1(_ i: Int) -> Arg { Arg(kind: .slot1, bits: i) }
        static func reg(_ i: Int) -> Arg { Arg(kind: .reg, bits: i) }
        static func constant(_ s: Scalar) -> Arg {
            switch s {
            case .int(let i): return Arg(kind: .int, bits: i)
            case .float(let d): return Arg(kind: .float, bits: Int(bitPattern: UInt(d.bitPattern)))
            }
        }
    }

    struct Step {
        enum Kind: UInt8 { case binary, fold3, fold4, read }
        let kind: Kind
        let dst: Int
        /// `.binary`: the operation's node; folds: the fold's pair node (its `general`).
        let node: Unmanaged<BinaryIntrinsicNode>
        /// `.read`: the leaf read (its `peekNumber`).
        let leaf: Unmanaged<Node>
        let a: Arg, b: Arg, c: Arg, d: Arg
    }

    static let registerCount = 8
    typealias Registers = UnsafeMutablePointer<Scalar>

    let steps: [Step]
    /// The top node's operands, read after the steps.
    let topA: Arg, topB: Arg

    /// The program for the operands of `top` (a node with `numA`/`numB`), or nil when the
    /// tree's own recursive path is as good: a single step (`(+ (* 3 x) 1)`: the loop's set-up
    /// costs more than the one nested call it saves — collatz +3.6 % when these ran as
    /// programs), or more registers than `registerCount`.
    init?(operandsOf top: BinaryIntrinsicNode) {
        guard let na = top.numA, let nb = top.numB else { return nil }
        var b = Builder(top: top)
        guard let x = b.arg(na, base: 0), let y = b.arg(nb, base: x.nextBase(after: 0)),
              b.steps.count >= 2, b.maxRegister < NumericProgram.registerCount else { return nil }
        steps = b.steps; topA = x.arg; topB = y.arg
    }

    /// Runs the steps and reads the top operands; nil: give up (see above).
    @inline(__always) func operands(_ env: Frame) throws -> (Scalar, Scalar)? {
        try withUnsafeTemporaryAllocation(of: Scalar.self, capacity: NumericProgram.registerCount) { regs in
            let r = regs.baseAddress.unsafelyUnwrapped
            let ok: Bool = try steps.withUnsafeBufferPointer { steps in
                var s = steps.baseAddress.unsafelyUnwrapped
                let end = s + steps.count
                while s < end {
                    guard let v = try Self.run(s, env, r) else { return false }
                    (r + s.pointee.dst).initialize(to: v)
                    s += 1
                }
                return true
            }
            guard ok, let x = Self.read(topA, env, r), let y = Self.read(topB, env, r) else { return nil }
            return (x, y)
        }
    }

    @inline(__always) static func read(_ a: Arg, _ env: Frame, _ r: Registers) -> Scalar? {
        switch a.kind {
        case .slot0: return env.numberSlot(a.bits)
        case .slot1: return env.ancestorRef(1)._withUnsafeGuaranteedRef { $0.numberSlot(a.bits) }
        case .int: return .int(a.bits)
        case .float: return .float(Double(bitPattern: UInt64(UInt(bitPattern: a.bits))))
        case .reg: return r[a.bits]
        }
    }

    @inline(__always) static func run(_ s: UnsafePointer<Step>, _ env: Frame, _ r: Registers) throws -> Scalar? {
        switch s.pointee.kind {
        case .binary:
            guard let x = read(s.pointee.a, env, r), let y = read(s.pointee.b, env, r) else { return nil }
            return try s.pointee.node._withUnsafeGuaranteedRef { n in
                guard n.isOriginal else { return nil }
                return try n.scalarOp(x, y)
            }
        case .fold3, .fold4:
            return try fold(s, env, r)
        case .read:
            return s.pointee.leaf._withUnsafeGuaranteedRef { $0.peekNumber(env) }
        }
    }

    /// A fold's operands are all read first, then combined left to right (as the fold node).
    @inline(never) static func fold(_ s: UnsafePointer<Step>, _ env: Frame, _ r: Registers) throws -> Scalar? {
        guard let x = read(s.pointee.a, env, r), let y = read(s.pointee.b, env, r),
              let z = read(s.pointee.c, env, r) else { return nil }
        var w: Scalar? = nil
        if s.pointee.kind == .fold4 {
            guard let v = read(s.pointee.d, env, r) else { return nil }
            w = v
        }
        return try s.pointee.node._withUnsafeGuaranteedRef { n in
            guard n.isOriginal, let r1 = try n.scalarOp(x, y), let r2 = try n.scalarOp(r1, z) else { return nil }
            guard let w else { return r2 }
            return try n.scalarOp(r2, w)
        }
    }

    /// Emits steps in the tree's order; a value computed by a step lives in register `base`
    /// of that subtree, its siblings to the right use the registers above it.
    private struct Builder {
        let top: BinaryIntrinsicNode
        var steps: [Step] = []
        var maxRegister = -1
        init(top: BinaryIntrinsicNode) { self.top = top }

        struct Placed {
            let arg: Arg
            /// Whether the operand took register `base`.
            let usesRegister: Bool
            func nextBase(after base: Int) -> Int { usesRegister ? base + 1 : base }
        }

        mutating func arg(_ op: NumOperand, base: Int) -> Placed? {
            switch op {
            case .slot0(let i): return Placed(arg: .slot0(i), usesRegister: false)
            case .slot1(let i): return Placed(arg: .slot1(i), usesRegister: false)
            case .constant(let s): return Placed(arg: .constant(s), usesRegister: false)
            case .read(let n):
                emit(Step(kind: .read, dst: base, node: .passUnretained(top), leaf: .passUnretained(n),
                          a: .reg(0), b: .reg(0), c: .reg(0), d: .reg(0)))
            case .tree(let t):
                guard t.isNumericTree, let na = t.numA, let nb = t.numB,
                      let x = arg(na, base: base), let y = arg(nb, base: x.nextBase(after: base)) else { return nil }
                emit(Step(kind: .binary, dst: base, node: .passUnretained(t), leaf: .passUnretained(t),
                          a: x.arg, b: y.arg, c: .reg(0), d: .reg(0)))
            case .fold(let f):
                let ops = f.numOperands
                guard ops.count == 3 || ops.count == 4 else { return nil }
                var args: [Arg] = []
                var next = base
                for o in ops {
                    guard let p = arg(o, base: next) else { return nil }
                    args.append(p.arg); next = p.nextBase(after: next)
                }
                emit(Step(kind: ops.count == 4 ? .fold4 : .fold3, dst: base, node: .passUnretained(f.general),
                          leaf: .passUnretained(f), a: args[0], b: args[1], c: args[2], d: ops.count == 4 ? args[3] : .reg(0)))
            }
            return Placed(arg: .reg(base), usesRegister: true)
        }

        private mutating func emit(_ s: Step) {
            steps.append(s)
            maxRegister = max(maxRegister, s.dst)
        }
    }
}
