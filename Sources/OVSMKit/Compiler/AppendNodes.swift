/// `(push-back E x...)` / `(conj E x...)` and `(append E A...)` by their global names,
/// when `E` makes a new value (a call, not a variable read). The builtins receive their
/// arguments by value, so they always copied `E`'s array — even when it was a temporary
/// that nothing else holds, as in `(push-back (walk left acc) key)` or quicksort's
/// `(append (qsort smaller) (list p) (qsort larger))`: a recursive walk that builds its
/// result this way was quadratic, element by element through `Value`'s copy witness. Here
/// the array is moved out of the value and, when its storage has no other reference,
/// extended in place; a shared one is copied as the builtin copies it. Results, errors
/// (any argument that is not an array, or null, goes to the builtin) and the steps charged
/// for copying (the same as the builtin's) do not change. A rebound name is the ordinary
/// call.
final class AppendToValueNode: Node {
    enum Op { case pushBack, append }
    let op: Op, cell: GlobalCell, first: Node, rest: NodeList, span: SourceSpan
    /// The builtin the name held at compile time (compared by identity only).
    let original: UnsafeMutableRawPointer
    let fallback: GlobalCallNode
    unowned(unsafe) let interp: Interpreter

    init?(_ cell: GlobalCell, _ args: [Node], fallback: GlobalCallNode, _ span: SourceSpan, _ interp: Interpreter) {
        guard args.count >= 2, let b = cell.builtinRef else { return nil }
        switch b._withUnsafeGuaranteedRef({ $0.name }) {
        case "push-back": op = .pushBack
        case "append": op = .append
        default: return nil
        }
        // A variable's array is shared with the variable: nothing to gain.
        guard !Compiler.isPureRead(args[0]) else { return nil }
        original = b.toOpaque()
        self.cell = cell; first = args[0]; rest = NodeList(Array(args.dropFirst()))
        self.fallback = fallback; self.span = span; self.interp = interp
    }

    override func eval(_ env: Frame) throws -> Value {
        guard let b = cell.builtinRef, b.toOpaque() == original else { return try fallback.eval(env) }
        var v = try first.eval(env)
        // The other arguments, in order (one without an array: the common push-back).
        let x0 = try rest.eval(0, env)
        var more: [Value] = []
        if rest.count > 1 {
            more.reserveCapacity(rest.count - 1)
            for i in 1..<rest.count { more.append(try rest.eval(i, env)) }
        }
        guard case .array = v, op == .pushBack || Self.allArrays(x0, more) else {
            return try general(b, v, x0, more)
        }
        var a = withUnsafeMutablePointer(to: &v) { p in
            let a = ArrayInPlace.takeArray(p)
            p.initialize(to: .null)
            return a
        }
        let extra = op == .pushBack ? 1 + more.count : Self.count(x0) + more.reduce(0) { $0 + Self.count($1) }
        if op == .append { try Coll.checkSize(a.count + extra, "append") }
        try interp.chargeCopy(op == .pushBack ? a.count : a.count + extra)
        if !ArrayInPlace.isUnique(&a) {
            var out: [Value] = []
            out.reserveCapacity(a.count + extra)
            Coll.appendElements(a, 0..<a.count, to: &out)
            a = out
        }
        switch op {
        case .pushBack:
            a.append(x0)
            a.append(contentsOf: more)
        case .append:
            Self.appendAll(x0, to: &a)
            for m in more { Self.appendAll(m, to: &a) }
        }
        return .array(a)
    }

    /// The builtin itself, with the arguments already evaluated (its errors, its result).
    @inline(never) private func general(_ b: Unmanaged<Builtin>, _ v: Value, _ x0: Value, _ more: [Value]) throws -> Value {
        try b._withUnsafeGuaranteedRef { try interp.callBuiltin($0, [v, x0] + more, span) }
    }

    private static func allArrays(_ x0: Value, _ more: [Value]) -> Bool {
        func ok(_ v: Value) -> Bool {
            switch v {
            case .array, .null: return true
            default: return false
            }
        }
        return ok(x0) && more.allSatisfy(ok)
    }

    @inline(__always) private static func count(_ v: Value) -> Int {
        if case .array(let xs) = v { return xs.count }
        return 0
    }

    @inline(__always) private static func appendAll(_ v: Value, to a: inout [Value]) {
        if case .array(let xs) = v { Coll.appendElements(xs, 0..<xs.count, to: &a) }
    }
}
