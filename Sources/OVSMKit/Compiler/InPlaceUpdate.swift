/// `(set! x (push-back x e))` and friends, done in place.
///
/// Builtins receive their arguments by value, so `push-back` on a variable's array would
/// copy it (the variable still holds a reference): O(n) per append. For the common
/// "update a variable with a function of itself" shapes, the compiled code moves the
/// value out of the variable, mutates the now uniquely referenced storage, and stores it
/// back — amortised O(1). It applies only while the name still holds the original
/// builtin (checked by identity at run time); otherwise the ordinary call runs.
extension Compiler {
    enum InPlaceOp {
        case appendOne      // push-back, conj
        case concat         // append with one more array
        case setKey         // assoc, put, set-key, set  (one key/value pair)

        init?(_ name: String) {
            switch name {
            case "push-back", "conj": self = .appendOne
            case "append": self = .concat
            case "assoc", "put", "set-key", "set": self = .setKey
            default: return nil
            }
        }
        var extraArgs: Int { self == .setKey ? 2 : 1 }
    }

    func compileInPlaceUpdate(_ name: Symbol, _ value: Datum, _ cx: Ctx, span: SourceSpan) throws -> Code? {
        guard case .list(let items) = value.kind, items.count >= 2, let head = items[0].symbol,
              SpecialForms.table[head] == nil, let op = InPlaceOp(head.name),
              items[1].symbol === name, items.count == 2 + op.extraArgs,
              case .global(let cell) = resolve(head, cx.scope), cell.isBound,
              case .function(let original) = cell.value, original.isBuiltin else { return nil }
        let ref = varRef(name, cx, span)
        let others = try items.dropFirst(2).map { try compile($0, cx.notTail) }
        let target: InPlaceTarget
        switch resolve(name, cx.scope) {
        case .local(let depth, let index, let mayBeUnbound, let isConst):
            target = isConst ? .generic : .local(depth: depth, index: index, checked: mayBeUnbound)
        case .global(let c):
            target = .global(c)
        }
        return InPlaceUpdateNode(op, cell, original, ref, target, others, span, interp)
    }
}

/// Where an in-place update's variable lives, resolved at compile time so the update can
/// move the value out of its storage and back without calling `VarRef`'s closures (and
/// without the reference-count traffic of a read followed by a write of null).
enum InPlaceTarget {
    case global(GlobalCell)
    /// `checked`: a `define` slot that may still be unbound.
    case local(depth: Int, index: Int, checked: Bool)
    /// A constant (assigning it is an error): only the generic path, which reports it.
    case generic
}

/// The node `compileInPlaceUpdate` builds. The extra arguments (one or two) are held in
/// stored properties and evaluated into locals: no argument array per update.
final class InPlaceUpdateNode: Node {
    let op: Compiler.InPlaceOp, cell: GlobalCell, original: Function, ref: VarRef
    let target: InPlaceTarget
    /// The builtin `original` holds, unretained (`original` owns it): compared by identity
    /// with the one the cell holds now, without copying the cell's function value.
    let originalBuiltin: UnsafeMutableRawPointer?
    let e0: Node, e1: Node, span: SourceSpan
    let interp: Unmanaged<Interpreter>

    init(_ op: Compiler.InPlaceOp, _ cell: GlobalCell, _ original: Function, _ ref: VarRef, _ target: InPlaceTarget,
         _ others: [Node], _ span: SourceSpan, _ interp: Interpreter) {
        self.op = op; self.cell = cell; self.original = original; self.ref = ref; self.target = target; self.span = span
        if case .builtin(let b) = original.kind { originalBuiltin = Unmanaged.passUnretained(b).toOpaque() } else { originalBuiltin = nil }
        e0 = others[0]
        e1 = others.count > 1 ? others[1] : ConstNode(.null)
        self.interp = Unmanaged.passUnretained(interp)
    }

    /// Appends `x` to the array in `p` in place: the array is moved out of the variable
    /// (which holds null meanwhile), so its storage is uniquely referenced and `append`
    /// does not copy it. False, with nothing changed, when `p` holds no array.
    @inline(__always) private func appendInPlace(_ p: UnsafeMutablePointer<Value>, _ x: Value) -> Bool {
        guard case .array = p.pointee else { return false }
        var v = p.move()
        p.initialize(to: .null)
        guard case .array(var a) = v else { p.pointee = v; return false }
        v = .null                           // `a` is now the only reference
        a.append(x)
        p.pointee = .array(a)
        return true
    }

    /// The ordinary call, when the name no longer holds the builtin or the types differ.
    /// Same evaluation order as a call: the variable is read after the other arguments.
    func generic(_ env: Frame, _ extra: [Value]) throws -> Value {
        let f = cell.value
        let v = try ref.read(env)
        let r = try interp._withUnsafeGuaranteedRef { try $0.call(f, [v] + extra, span) }.primary
        try ref.write(env, r)
        return r
    }

    override func eval(_ env: Frame) throws -> Value {
        let x0 = try e0.eval(env)
        let x1: Value = op == .setKey ? try e1.eval(env) : .null
        guard cell.builtinRef?.toOpaque() == originalBuiltin else {
            return try generic(env, op == .setKey ? [x0, x1] : [x0])
        }
        if op == .appendOne {
            switch target {
            case .global(let c):
                if c.isBound, !c.isConst, c.withValuePointer({ appendInPlace($0, x0) }) {
                    c.didAssignInPlace()
                    return c.value
                }
            case .local(let depth, let index, let checked):
                let frame = env.ancestor(depth)
                let done = frame.withSlotPointer(index) { p in
                    !(checked && Unbound.isUnbound(p.pointee)) && appendInPlace(p, x0)
                }
                if done { return frame[index] }
            case .generic:
                break
            }
        }
        var v = try ref.read(env)
        switch op {
        case .appendOne:
            guard case .array = v else { return try generic(env, [x0]) }
            try ref.write(env, .null)
            guard case .array(var a) = v else { return .null }
            v = .null                       // `a` is now the only reference
            a.append(x0)
            v = .array(a)
        case .concat:
            guard case .array = v else { return try generic(env, [x0]) }
            switch x0 {
            case .array(let b):
                try ref.write(env, .null)
                guard case .array(var a) = v else { return .null }
                v = .null
                a.append(contentsOf: b)
                v = .array(a)
            case .null:
                return v
            default:
                return try generic(env, [x0])
            }
        case .setKey:
            let key: String
            switch x0 {
            case .string(let s): key = s
            case .keyword(let k): key = k.name
            default: return try generic(env, [x0, x1])
            }
            guard case .object = v else { return try generic(env, [x0, x1]) }
            try ref.write(env, .null)
            guard case .object(var o) = v else { return .null }
            v = .null
            o.set(key, x1)
            v = .object(o)
        }
        try ref.write(env, v)
        return v
    }
}
