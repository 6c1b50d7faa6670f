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
        case strAppend      // str, concat of the string in x and 1-3 strings or ints

        init?(_ name: String) {
            switch name {
            case "push-back", "conj": self = .appendOne
            case "append": self = .concat
            case "assoc", "put", "set-key", "set": self = .setKey
            case "str", "concat", "concatenate": self = .strAppend
            default: return nil
            }
        }
        func acceptsExtraArgs(_ n: Int) -> Bool {
            switch self {
            case .setKey: return n == 2
            case .strAppend: return (1...3).contains(n)
            default: return n == 1
            }
        }
    }

    /// Where `name` lives, for an update that moves its value out and back.
    func inPlaceTarget(_ name: Symbol, _ cx: Ctx) -> InPlaceTarget {
        switch resolve(name, cx.scope) {
        case .local(let depth, let index, let mayBeUnbound, let isConst):
            return isConst ? .generic : .local(depth: depth, index: index, checked: mayBeUnbound)
        case .global(let c):
            return .global(c)
        }
    }

    /// Reading this node has no effect (a variable or a constant): evaluating it before or
    /// after another read, or twice, cannot be told apart.
    static func isPureRead(_ n: Node) -> Bool {
        n is ConstNode || n is LocalNode0 || n is LocalNode1 || n is LocalNodeN || n is GlobalNode || n is CheckedLocalNode
    }

    func compileInPlaceUpdate(_ name: Symbol, _ value: Datum, _ cx: Ctx, span: SourceSpan) throws -> Code? {
        guard case .list(let items) = value.kind, items.count >= 2, let head = items[0].symbol,
              SpecialForms.table[head] == nil, let op = InPlaceOp(head.name),
              items[1].symbol === name, op.acceptsExtraArgs(items.count - 2),
              case .global(let cell) = resolve(head, cx.scope), cell.isBound,
              case .function(let original) = cell.value, original.isBuiltin else { return nil }
        let ref = varRef(name, cx, span)
        let others = try items.dropFirst(2).map { try compile($0, cx.notTail) }
        if op == .strAppend {
            // The string is appended to in place only when the other pieces are plain reads
            // (so reading them before the variable is unobservable); else the ordinary call.
            guard others.allSatisfy(Compiler.isPureRead) else { return nil }
            let ordinary = assignCode(name, try compile(value, cx.notTail), cx, span: span)
            return StringAppendNode(cell, original, inPlaceTarget(name, cx), others, ordinary, interp)
        }
        return InPlaceUpdateNode(op, cell, original, ref, inPlaceTarget(name, cx), others, span, interp)
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

    /// Not `generic`: there is storage to update in place.
    var isInPlace: Bool {
        if case .generic = self { return false }
        return true
    }

    /// Runs `body` on the variable's storage; nil when there is none to update in place (a
    /// constant, an unbound name: the general path reports those). A global whose value
    /// `body` changed (a non-nil result, with `assigns`) counts an assignment.
    @inline(__always) func withStorage<R>(_ env: Frame, assigns: Bool = true,
                                          _ body: (UnsafeMutablePointer<Value>) throws -> R?) rethrows -> R? {
        switch self {
        case .global(let c):
            guard c.isBound, !c.isConst else { return nil }
            let r = try c.withValuePointer(body)
            if assigns && r != nil { c.didAssignInPlace() }
            return r
        case .local(let depth, let index, let checked):
            return try env.ancestorRef(depth)._withUnsafeGuaranteedRef { f in
                try f.withSlotPointer(index) { p in
                    checked && Unbound.isUnbound(p.pointee) ? nil : try body(p)
                }
            }
        case .generic:
            return nil
        }
    }
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
        originalBuiltin = original.builtinIdentity
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
        p.initialize(to: .array(a))         // over the null: nothing to destroy
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
        if op == .appendOne, let r = target.withStorage(env, { p in appendInPlace(p, x0) ? p.pointee : nil }) {
            return r
        }
        return try update(env, x0, x1)
    }

    /// For effect: an append in place returns no copy of the array (a retain and a release).
    override func exec(_ env: Frame) throws {
        guard op == .appendOne else { _ = try eval(env); return }
        let x0 = try e0.eval(env)
        guard cell.builtinRef?.toOpaque() == originalBuiltin else { _ = try generic(env, [x0]); return }
        if target.withStorage(env, { p in appendInPlace(p, x0) ? true : nil }) == true { return }
        _ = try update(env, x0, .null)
    }

    /// The update through the variable's reference (no storage to update in place).
    private func update(_ env: Frame, _ x0: Value, _ x1: Value) throws -> Value {
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
        case .strAppend:
            // Built as a `StringAppendNode`, never as this node.
            return try generic(env, [x0])
        }
        try ref.write(env, v)
        return v
    }
}

/// `(set! s (str s a…))` (also `concat`) with 1-3 pieces that are variable reads or
/// constants, while `s` holds a string and the pieces are strings or ints: the pieces are
/// appended to `s`'s own storage (moved out of the variable, so uniquely referenced) —
/// amortised O(1) per append instead of copying the whole string each time, as CPython
/// does for `s = s + x`. Anything else runs the ordinary assignment of the ordinary call.
final class StringAppendNode: Node {
    let cell: GlobalCell, originalBuiltin: UnsafeMutableRawPointer?, target: InPlaceTarget
    let p0: Node, p1: Node?, p2: Node?
    let ordinary: Node
    unowned(unsafe) let interp: Interpreter

    init(_ cell: GlobalCell, _ original: Function, _ target: InPlaceTarget, _ pieces: [Node], _ ordinary: Node,
         _ interp: Interpreter) {
        self.cell = cell; self.target = target; self.ordinary = ordinary; self.interp = interp
        originalBuiltin = original.builtinIdentity
        p0 = pieces[0]
        p1 = pieces.count > 1 ? pieces[1] : nil
        p2 = pieces.count > 2 ? pieces[2] : nil
    }

    @inline(__always) private static func length(_ v: Value?) -> Int? {
        guard let v else { return 0 }
        return Builtins.pieceLength(v)
    }

    @inline(__always) private static func append(_ v: Value?, to s: inout String) {
        switch v {
        case .string(let t)?: s += t
        case .int(let i)?: s += String(i)
        default: break
        }
    }

    /// Appends the pieces in place; nil or false when the ordinary assignment must run
    /// instead (nothing was evaluated that it would not evaluate again: pure reads).
    @inline(__always) private func appended(_ env: Frame) throws -> Bool? {
        guard cell.builtinRef?.toOpaque() == originalBuiltin else { return nil }
        // Pure reads: evaluating them here, before the variable, is unobservable.
        let x0 = try p0.eval(env), x1 = try p1?.eval(env), x2 = try p2?.eval(env)
        guard let l0 = Self.length(x0), let l1 = Self.length(x1), let l2 = Self.length(x2) else {
            return nil
        }
        let interp = self.interp
        let done = try target.withStorage(env) { p -> Bool? in
            var current = 0
            if case .string(let s) = p.pointee { current = s.utf8.count } else { return nil }
            try interp.noteSize(current + l0 + l1 + l2, "str")
            var v = p.move()
            p.initialize(to: .null)
            guard case .string(var s) = v else { p.pointee = v; return nil }
            v = .null                       // `s` is now the only reference
            Self.append(x0, to: &s)
            Self.append(x1, to: &s)
            Self.append(x2, to: &s)
            p.initialize(to: .string(s))    // over the null: nothing to destroy
            return true
        }
        return done
    }

    override func eval(_ env: Frame) throws -> Value {
        guard try appended(env) == true else { return try ordinary.eval(env) }
        // The string just stored (nil only for a storage that vanished: never).
        return target.withStorage(env, assigns: false) { $0.pointee } ?? .null
    }

    /// For effect: no copy of the string is returned (a retain and a release).
    override func exec(_ env: Frame) throws {
        if try appended(env) != true { try ordinary.exec(env) }
    }
}
