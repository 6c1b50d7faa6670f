/// setf / setq / incf / decf / push / pop on places (spec §7.3).
///
/// A place is a root variable plus a path of accessors. The update moves the root value
/// out of its variable (so the containers are uniquely referenced and copy-on-write does
/// not copy), modifies it in place along the path, and stores it back — also when the
/// update fails, which leaves the value as it was.
enum Accessor {
    case key(Value)        // (get P key): object key, or array index when an int
    case field(String)     // (. P field)
    case index(Int)        // (nth P i)
    case first, second, last
}

/// A variable that a place update reads and writes.
struct VarRef {
    let read: (Frame) throws -> Value
    let write: (Frame, Value) throws -> Void
}

/// A place resolved at run time: its root variable and accessor path (keys evaluated).
struct ResolvedPlace {
    let root: VarRef
    let path: [Accessor]
}

typealias PlaceCode = (Frame) throws -> ResolvedPlace

extension Compiler {
    func varRef(_ name: Symbol, _ cx: Ctx, _ span: SourceSpan) -> VarRef {
        switch resolve(name, cx.scope) {
        case .local(let depth, let index, _, let isConst):
            return VarRef(read: { env in
                let v = env.ancestor(depth)[index]
                if Unbound.isUnbound(v) { throw OVSMError(.unbound, "unbound variable: \(name.name)", span: span) }
                return v
            }, write: { env, v in
                if isConst { throw OVSMError(.type, "cannot assign to constant \(name.name)", span: span) }
                env.ancestor(depth)[index] = v
            })
        case .global(let cell):
            return VarRef(read: { _ in
                guard cell.isBound else { throw OVSMError(.unbound, "unbound variable: \(name.name)", span: span) }
                return cell.value
            }, write: { _, v in
                if cell.isConst { throw OVSMError(.type, "cannot assign to constant \(name.name)", span: span) }
                cell.set(v)
            })
        }
    }

    /// PLACE ::= NAME | (get P key) | (. P field) | (nth P i) | (nth i P) | (elt P i)
    ///         | (aref P i) | (first P) | (car P) | (second P) | (last P)
    func compilePlace(_ d: Datum, _ cx: Ctx) throws -> PlaceCode {
        if let name = d.symbol {
            let ref = varRef(name, cx, d.span)
            return { _ in ResolvedPlace(root: ref, path: []) }
        }
        guard case .list(let items) = d.kind, let head = items.first?.symbol else {
            throw OVSMError.syntax("not a place: \(Printer.printForm(d.toValue()))", d.span)
        }
        func extend(_ inner: @escaping PlaceCode, _ acc: @escaping (Frame) throws -> Accessor) -> PlaceCode {
            { env in
                let p = try inner(env)
                return ResolvedPlace(root: p.root, path: p.path + [try acc(env)])
            }
        }
        switch head.name {
        case "get":
            guard items.count == 3 else { throw OVSMError.syntax("place (get P key) expects two forms", d.span) }
            let inner = try compilePlace(items[1], cx)
            let key = try compile(items[2], cx.notTail)
            return extend(inner) { env in .key(try key(env)) }
        case ".":
            guard items.count == 3 else { throw OVSMError.syntax("place (. P field) expects two forms", d.span) }
            let field: String
            switch items[2].kind {
            case .atom(.symbol(let s)): field = s.name
            case .atom(.keyword(let k)): field = k.name
            case .atom(.string(let s)): field = s
            default: throw OVSMError.syntax("(. P field): field must be a name", items[2].span)
            }
            return extend(try compilePlace(items[1], cx)) { _ in .field(field) }
        case "nth", "elt", "aref":
            guard items.count == 3 else { throw OVSMError.syntax("place (\(head.name) P i) expects two forms", d.span) }
            let a = items[1], b = items[2]
            let aIsPlace = a.symbol != nil || a.items != nil
            let bIsPlace = Compiler.mayBePlace(b)
            if case .atom(.int) = a.kind, bIsPlace {
                let idx = try compile(a, cx.notTail)
                return extend(try compilePlace(b, cx)) { env in try Compiler.indexAccessor(try idx(env), d.span) }
            }
            guard aIsPlace else { throw OVSMError.syntax("not a place: \(Printer.printForm(a.toValue()))", a.span) }
            let placeA = try compilePlace(a, cx)
            let valueB = try compile(b, cx.notTail)
            if bIsPlace && head.name == "nth" {
                // (nth i P) is also accepted: decided by the run-time kind of the first form.
                let valueA = try compile(a, cx.notTail)
                let placeB = try compilePlace(b, cx)
                return { env in
                    if case .int(let i) = try valueA(env) {
                        let p = try placeB(env)
                        return ResolvedPlace(root: p.root, path: p.path + [.index(i)])
                    }
                    let p = try placeA(env)
                    return ResolvedPlace(root: p.root, path: p.path + [try Compiler.indexAccessor(try valueB(env), d.span)])
                }
            }
            return extend(placeA) { env in try Compiler.indexAccessor(try valueB(env), d.span) }
        case "first", "car":
            guard items.count == 2 else { throw OVSMError.syntax("place (first P) expects one form", d.span) }
            return extend(try compilePlace(items[1], cx)) { _ in .first }
        case "second":
            guard items.count == 2 else { throw OVSMError.syntax("place (second P) expects one form", d.span) }
            return extend(try compilePlace(items[1], cx)) { _ in .second }
        case "last":
            guard items.count == 2 else { throw OVSMError.syntax("place (last P) expects one form", d.span) }
            return extend(try compilePlace(items[1], cx)) { _ in .last }
        default:
            throw OVSMError.syntax("not a place: (\(head.name) ...)", d.span)
        }
    }

    /// Whether `d` can be a place: a name or a place form. (`(nth a (+ i 1))` has a call as
    /// its index; only a place-shaped second form makes `(nth i P)` a possible reading.)
    static func mayBePlace(_ d: Datum) -> Bool {
        if d.symbol != nil { return true }
        guard let head = d.items?.first?.symbol?.name else { return false }
        return ["get", ".", "nth", "elt", "aref", "first", "car", "second", "last"].contains(head)
    }

    static func indexAccessor(_ v: Value, _ span: SourceSpan) throws -> Accessor {
        guard case .int(let i) = v else { throw OVSMError(.type, "place index must be an int, got \(v.typeName)", span: span) }
        return .index(i)
    }

    /// Runs `leaf` on the value at `place`, in place, and stores the root back.
    static func update(_ place: ResolvedPlace, _ env: Frame, _ span: SourceSpan,
                       _ leaf: (inout Value) throws -> Value) throws -> Value {
        if place.path.isEmpty {
            var v = try place.root.read(env)
            // The variable lets go of its value while the leaf updates it, so an array's
            // storage is uniquely referenced and `(push x stack)` / `(pop stack)` insert
            // and remove in place instead of copying the whole array each time. A constant
            // refuses that write: then the old order (the leaf, then the write's error).
            guard (try? place.root.write(env, .null)) != nil else {
                let r = try leaf(&v)
                try place.root.write(env, v)
                return r
            }
            do {
                let r = try leaf(&v)
                try place.root.write(env, v)
                return r
            } catch {
                try? place.root.write(env, v)   // the leaf failed before changing `v`
                throw error
            }
        }
        var root = try place.root.read(env)
        try place.root.write(env, .null)   // drop the variable's reference: unique storage
        defer { try? place.root.write(env, root) }
        return try modify(&root, place.path[...], span, leaf)
    }

    static func modify(_ v: inout Value, _ path: ArraySlice<Accessor>, _ span: SourceSpan,
                       _ leaf: (inout Value) throws -> Value) throws -> Value {
        guard let acc = path.first else { return try leaf(&v) }
        let rest = path.dropFirst()
        // Decide by kind without binding `v`'s payload: a copy of it would keep the
        // storage shared and make the in-place update copy.
        var isArray = false, isObject = false, count = 0
        switch v {
        case .array(let a): isArray = true; count = a.count
        case .object: isObject = true
        default: break
        }
        switch acc {
        case .key(.int(let i)) where isArray, .index(let i) where isArray:
            return try modifyArray(&v, at: i, rest, span, leaf)
        case .first where isArray:
            return try modifyArray(&v, at: 0, rest, span, leaf)
        case .second where isArray:
            return try modifyArray(&v, at: 1, rest, span, leaf)
        case .last where isArray:
            return try modifyArray(&v, at: count - 1, rest, span, leaf)
        case .key(let k) where isObject:
            return try modifyObject(&v, try Arg.key(k, "setf"), rest, span, leaf)
        case .field(let f) where isObject:
            return try modifyObject(&v, f, rest, span, leaf)
        case .key(let k) where isArray:
            throw OVSMError(.type, "setf: array index must be an int, got \(k.typeName)", span: span)
        default:
            throw OVSMError(.type, "setf: place holds \(v.typeName), not an array or object", span: span)
        }
    }

    static func modifyArray(_ v: inout Value, at i: Int, _ rest: ArraySlice<Accessor>, _ span: SourceSpan,
                            _ leaf: (inout Value) throws -> Value) throws -> Value {
        guard case .array(var a) = v else { return .null }
        guard i >= 0 && i < a.count else {
            throw OVSMError(.index, "setf: index \(i) out of range for array of length \(a.count)", span: span)
        }
        v = .null
        var child = a[i]
        a[i] = .null
        defer {
            a[i] = child
            v = .array(a)
        }
        return try modify(&child, rest, span, leaf)
    }

    static func modifyObject(_ v: inout Value, _ key: String, _ rest: ArraySlice<Accessor>, _ span: SourceSpan,
                             _ leaf: (inout Value) throws -> Value) throws -> Value {
        guard case .object(var o) = v else { return .null }
        v = .null
        defer { v = .object(o) }
        return try o.modifyValue(forKey: key) { child in try modify(&child, rest, span, leaf) }
    }

    // MARK: forms

    /// (setf PLACE e [PLACE e]...)
    func compileSetf(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 3, (f.count - 1) % 2 == 0 else { throw OVSMError.syntax("setf expects place/value pairs", s) }
        var steps: [Node] = []
        var i = 1
        while i < f.count {
            if let name = f[i].symbol {
                // A plain variable: the same as set! (with its in-place fast path).
                let code = try compileInPlaceUpdate(name, f[i + 1], cx, span: s)
                    ?? assignCode(name, try compile(f[i + 1], cx.notTail), cx, span: s)
                steps.append(code)
            } else if let items = f[i].items, items.count == 3, let head = items[0].symbol?.name,
                      ["get", "nth", "elt", "aref"].contains(head), let name = items[1].symbol {
                // (setf (get VAR key) v), (setf (nth VAR i) v): the commonest places, updated
                // in place without the general machinery.
                let target = inPlaceTarget(name, cx)
                let bIsPlace = Compiler.mayBePlace(items[2])
                // (nth i P) is also accepted: when B could be the sequence, the general code
                // runs whenever VAR does not hold an array.
                let fallback: Node? = head == "nth" && bIsPlace
                    ? PlaceAssignNode(try compilePlace(f[i], cx), try compile(f[i + 1], cx.notTail), s) : nil
                let key = try compile(items[2], cx.notTail)
                let value = try compile(f[i + 1], cx.notTail)
                steps.append(SetElementNode(head == "get" ? .get : .index, varRef(name, cx, items[1].span), target,
                                            key, value, s, placeSpan: f[i].span, fallback: fallback))
            } else {
                steps.append(PlaceAssignNode(try compilePlace(f[i], cx), try compile(f[i + 1], cx.notTail), s))
            }
            i += 2
        }
        return steps.count == 1 ? steps[0] : SeqNode(steps)
    }

    /// (incf PLACE [delta]) / (decf PLACE [delta])
    func compileIncf(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, sign: Int) throws -> Code {
        let name = sign > 0 ? "incf" : "decf"
        guard f.count == 2 || f.count == 3 else { throw OVSMError.syntax("\(name) expects a place and an optional delta", s) }
        let place = try compilePlace(f[1], cx)
        let delta = f.count == 3 ? try compile(f[2], cx.notTail) : constant(.int(1))
        return ClosureNode { env in
            let p = try place(env)
            let d = try delta(env)
            return try Compiler.update(p, env, s) { slot in
                let nv = try numericStep(slot, d, sign: sign, name)
                slot = nv
                return nv
            }
        }
    }

    /// (push e PLACE): [e, ...old], old null counts as [].
    func compilePush(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 3 else { throw OVSMError.syntax("push expects a value and a place", s) }
        let item = try compile(f[1], cx.notTail)
        let place = try compilePlace(f[2], cx)
        func general(_ x: Value, _ env: Frame) throws -> Value {
            let p = try place(env)
            return try Compiler.update(p, env, s) { slot in
                switch slot {
                case .null: slot = .array([x])
                case .array(var a):
                    slot = .null
                    a.insert(x, at: 0)
                    slot = .array(a)
                default: throw OVSMError(.type, "push: place holds \(slot.typeName), not an array", span: s)
                }
                return slot
            }
        }
        if let name = f[2].symbol, case let target = inPlaceTarget(name, cx), target.isInPlace {
            return PushVariableNode(item, target, general: general)
        }
        return ClosureNode { env in try general(try item(env), env) }
    }

    /// (pop PLACE): first element (null if empty); stores the rest.
    func compilePop(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 2 else { throw OVSMError.syntax("pop expects a place", s) }
        let place = try compilePlace(f[1], cx)
        let general = ClosureNode { env in
            let p = try place(env)
            return try Compiler.update(p, env, s) { slot in
                switch slot {
                case .null: return .null
                case .array(var a):
                    if a.isEmpty { return .null }
                    slot = .null
                    let first = a.removeFirst()
                    slot = .array(a)
                    return first
                default: throw OVSMError(.type, "pop: place holds \(slot.typeName), not an array", span: s)
                }
            }
        }
        if let name = f[1].symbol, case let target = inPlaceTarget(name, cx), target.isInPlace {
            return PopVariableNode(target, general: general)
        }
        return general
    }
}

/// x ± d with int overflow → `limit`; non-numbers → `type`.
func numericStep(_ x: Value, _ d: Value, sign: Int, _ name: String) throws -> Value {
    switch (x, d) {
    case (.int(let a), .int(let b)):
        let (r, o) = sign > 0 ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
        if o { throw OVSMError.overflow }
        return .int(r)
    case (.int(let a), .float(let b)): return .float(sign > 0 ? Double(a) + b : Double(a) - b)
    case (.float(let a), .int(let b)): return .float(sign > 0 ? a + Double(b) : a - Double(b))
    case (.float(let a), .float(let b)): return .float(sign > 0 ? a + b : a - b)
    default:
        throw OVSMError.type("\(name): expected numbers, got \(x.typeName) and \(d.typeName)")
    }
}

/// `(setf (get VAR key) v)` and `(setf (nth VAR i) v)` (also `elt`, `aref`). When VAR
/// holds an object and the key is a string or keyword, or an array and the index is in
/// range, the container is moved out of the variable (so its storage is uniquely
/// referenced: no copy), set in place and moved back. Anything else takes the general place
/// path with the same evaluation order and errors: key, then value, then the update of
/// whatever the variable holds by then.
final class SetElementNode: Node {
    enum Kind { case get, index }
    let kind: Kind, ref: VarRef, target: InPlaceTarget, key: Node, value: Node, span: SourceSpan
    /// For `(nth A B)` where B could itself be the sequence (`(nth i P)` is accepted): the
    /// general code, used when VAR does not hold an array before anything is evaluated.
    let fallback: Node?
    /// Span of the place form, for the index type error of the general path.
    let placeSpan: SourceSpan

    init(_ kind: Kind, _ ref: VarRef, _ target: InPlaceTarget, _ key: Node, _ value: Node, _ span: SourceSpan,
         placeSpan: SourceSpan, fallback: Node?) {
        self.kind = kind; self.ref = ref; self.target = target; self.key = key; self.value = value; self.span = span
        self.placeSpan = placeSpan; self.fallback = fallback
    }

    /// Sets key `name` of the object in `p` in place; false (nothing changed) when `p`
    /// holds something else.
    @inline(__always) private static func setField(_ p: UnsafeMutablePointer<Value>, _ name: String, _ v: Value) -> Bool {
        guard case .object = p.pointee else { return false }
        // `guard case` + clearing the source (not a `switch` on it, whose subject Swift may
        // copy) leaves the payload as the only reference, so the write does not copy.
        var root = p.move()
        p.initialize(to: .null)
        guard case .object(var o) = root else { p.pointee = root; return false }
        root = .null
        o.set(name, v)
        p.initialize(to: .object(o))            // over the null: nothing to destroy
        return true
    }

    /// Sets element `i` of the array in `p` in place; false when `p` holds no array or
    /// `i` is out of range.
    /// The value is swapped in (`v` then holds the element it replaced, dropped by the
    /// caller): the store closure captures `v`, and a captured value can only be copied.
    @inline(__always) private static func setElement(_ p: UnsafeMutablePointer<Value>, _ i: Int, _ v: inout Value) -> Bool {
        // The count is read in a scope of its own: a binding of the array still alive at
        // the store would be a second reference, and the store would copy the array
        // (the optimiser ends it early; a debug build does not).
        var inRange = false
        if case .array(let a) = p.pointee { inRange = i >= 0 && i < a.count }
        guard inRange else { return false }
        var root = p.move()
        p.initialize(to: .null)
        guard case .array(var a) = root else { p.pointee = root; return false }
        root = .null
        swap(&a[i], &v)
        p.initialize(to: .array(a))             // over the null: nothing to destroy
        return true
    }

    override func eval(_ env: Frame) throws -> Value { try run(env, wantResult: true) }

    /// For effect: an element stored by int index is moved in, with no copy kept to return.
    override func exec(_ env: Frame) throws { _ = try run(env, wantResult: false) }

    @inline(__always) private func run(_ env: Frame, wantResult: Bool) throws -> Value {
        // (Tested against nil, not bound: a binding would retain and release the node.)
        if fallback != nil {
            let holdsArray = target.withStorage(env, assigns: false) { p -> Bool? in
                if case .array = p.pointee { return true }
                return nil
            } ?? false
            if !holdsArray { return try fallback.unsafelyUnwrapped.eval(env) }
        }
        // (Consumed by the switch: an int key leaves nothing to destroy.)
        let key = try key.eval(env)
        switch consume key {
        case .int(let i): return try store(at: i, env, wantResult: wantResult)
        case let k: return try store(key: k, env)
        }
    }

    /// The common case, an element by int index: no accessor, no optional key.
    @inline(__always) private func store(at i: Int, _ env: Frame, wantResult: Bool) throws -> Value {
        var v = try value.eval(env)
        let result = wantResult ? v : .null
        if target.withStorage(env, { p in SetElementNode.setElement(p, i, &v) ? true : nil }) == true {
            Value.drop(consume v)               // the replaced element
            return result
        }
        // Not stored (no array, index out of range): `v` is unchanged.
        let accessor: Accessor = kind == .index ? .index(i) : .key(.int(i))
        return try Compiler.update(ResolvedPlace(root: ref, path: [accessor]), env, span) { [v] slot in
            slot = v
            return v
        }
    }

    @inline(__always) private func store(key k: Value, _ env: Frame) throws -> Value {
        // Any other key: an int was handled above, so `nth` raises its type error here and
        // `get` can only store an object field (by string or keyword) in place.
        var name: String? = nil
        let accessor: Accessor
        switch kind {
        case .index:
            accessor = try Compiler.indexAccessor(k, placeSpan)
        case .get:
            accessor = .key(k)
            switch k {
            case .string(let s): name = s
            case .keyword(let kw): name = kw.name
            default: break
            }
        }
        let v = try value.eval(env)
        if let name, target.withStorage(env, { p in SetElementNode.setField(p, name, v) ? true : nil }) == true {
            return v
        }
        return try Compiler.update(ResolvedPlace(root: ref, path: [accessor]), env, span) { slot in
            slot = v
            return v
        }
    }
}

/// One general `(setf PLACE v)` pair: resolve the place, evaluate the value, update.
final class PlaceAssignNode: Node {
    let place: PlaceCode, value: Node, span: SourceSpan
    init(_ place: @escaping PlaceCode, _ value: Node, _ span: SourceSpan) {
        self.place = place; self.value = value; self.span = span
    }
    override func eval(_ env: Frame) throws -> Value {
        let p = try place(env)
        let v = try value.eval(env)
        return try Compiler.update(p, env, span) { slot in
            slot = v
            return v
        }
    }
}
