/// Collection builtins kept for upstream scripts (spec §17.2).
extension Builtins {
    static var compatCollectionBuiltins: [Builtin] {
        [
            Builtin("set", arity: 3,
                    doc: "(set obj k v) — a copy of obj with the one key k set to v (as assoc)") { a, _ in
                var o = try ObjOps.object(a[0], "set")
                o.set(try Arg.key(a[1], "set"), a[2])
                return .object(o)
            },
            Builtin("assoc-in", arity: 3,
                    doc: "(assoc-in obj k v) — k a keyword/string: (assoc obj k v); k an array of keys: nested set where a missing or non-object level becomes {}; [] → v") { a, _ in
                switch a[1] {
                case .array(let path):
                    return try CompatOps.assocIn(a[0], path[...], a[2])
                default:
                    var o = try ObjOps.object(a[0], "assoc-in")
                    o.set(try Arg.key(a[1], "assoc-in"), a[2])
                    return .object(o)
                }
            },
            Builtin("shift", doc: "(shift coll) — the first element of an array, or null if empty; modifies nothing; non-array → type error", unary: { arg0, _ in
                guard case .array(let xs) = arg0 else {
                    throw OVSMError.type("shift: expected an array, got \(arg0.typeName)")
                }
                return xs.first ?? .null
            }),
            Builtin("unshift", doc: "(unshift coll x) — a new array [x ...coll]; non-array → type error", binary: { arg0, arg1, _ in
                guard case .array(let xs) = arg0 else {
                    throw OVSMError.type("unshift: expected an array, got \(arg0.typeName)")
                }
                var out: [Value] = []
                out.reserveCapacity(xs.count + 1)
                out.append(arg1)
                out.append(contentsOf: xs)
                return .array(out)
            }),
            Builtin("compact", doc: "(compact coll) — coll without its null elements (false and other falsy values are kept)", unary: { arg0, _ in
                .array(try Arg.array(arg0, "compact").filter { if case .null = $0 { return false } else { return true } })
            }),
            Builtin("partition", arity: 2,
                    doc: "(partition f coll) — [matching non-matching]: the elements with (f x) truthy and the others, both in order; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "partition")
                var yes: [Value] = [], no: [Value] = []
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if try call.loopTest1(x, interp) { yes.append(x) } else { no.append(x) }
                }
                return .array([.array(yes), .array(no)])
            },
            Builtin("count-by", arity: 2,
                    doc: "(count-by f coll) — object mapping the display form of each (f x) to its count, in first-seen order; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "count-by")
                var g = GroupBuilder<Int>()
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    let k = Printer.displayForm(try call.loopCall1(x, interp))
                    g.update(g.slot(k, initial: 0)) { $0 += 1 }
                }
                return g.object { .int($0) }
            },
            Builtin("pipe", min: 1, max: nil,
                    doc: "(pipe v f1 f2 ...) — (fN ... (f2 (f1 v))); with no function, v") { a, interp in
                var v = a[0]
                for f in a.dropFirst() {
                    v = try interp.apply(try Arg.callable(f, "pipe"), [v])
                }
                return v
            },
            Builtin("aggregate", arity: 2,
                    doc: "(aggregate f groups) — array of (f key values) for each entry of the object groups, in key order; f may come first or last") { a, interp in
                let (f, rest) = try Arg.higherOrder(a, "aggregate")
                let groups = try ObjOps.object(rest[0], "aggregate")
                var out: [Value] = []
                out.reserveCapacity(groups.count)
                var call = Interpreter.PreparedCall(f, arity: 2)
                defer { call.finish(interp) }
                for (i, (k, v)) in groups.enumerated() {
                    try Coll.tick(i, interp)
                    out.append(try call.loopCall2(.string(k), v, interp))
                }
                return .array(out)
            },
            Builtin("discover", min: 1, max: 2,
                    doc: "(discover obj [:with-paths]) — the keys of obj and of every nested object value, depth-first pre-order; with :with-paths each entry is {:field k :path [parent-key...]}") { a, interp in
                guard case .object(let o) = a[0] else {
                    throw OVSMError.type("discover: expected an object, got \(a[0].typeName)")
                }
                var withPaths = false
                if a.count == 2 {
                    guard case .keyword(let k) = a[1], k.name == "with-paths" else {
                        throw OVSMError.type("discover: the option must be :with-paths, got \(Printer.printForm(a[1]))")
                    }
                    withPaths = true
                }
                return try CompatOps.discover(o, withPaths: withPaths, interp)
            },
        ]
    }
}

/// Implementation helpers of the compatibility collection builtins.
enum CompatOps {
    static func assocIn(_ target: Value, _ path: ArraySlice<Value>, _ v: Value) throws -> Value {
        guard let first = path.first else { return v }
        let key = try Arg.key(first, "assoc-in")
        var o: OVSMObject
        if case .object(let existing) = target { o = existing } else { o = OVSMObject() }
        let child = o[key] ?? .null
        o.set(key, try assocIn(child, path.dropFirst(), v))
        return .object(o)
    }

    /// Entries all `:with-paths` paths together may hold. Each entry carries the whole path
    /// to its object, so a chain nested n deep needs n²/2 entries: past this it is `limit`.
    static let maxPathEntries = 2_000_000

    /// Depth-first pre-order walk over nested object values, with an explicit stack. Memory
    /// is linear in the input without paths; a path is built only when `withPaths` asks
    /// for it (and then from the parent's path, which is shared by its siblings).
    static func discover(_ root: OVSMObject, withPaths: Bool, _ interp: Interpreter) throws -> Value {
        let fieldKey = "field", pathKey = "path"
        var out: [Value] = []
        // Each frame: the object's pairs, the next position, and the path to the object
        // (empty without paths).
        var stack: [(pairs: [(String, Value)], next: Int, path: [Value])] = [(root.pairs, 0, [])]
        var steps = 0
        var pathEntries = 0
        while !stack.isEmpty {
            let top = stack.count - 1
            let i = stack[top].next
            if i >= stack[top].pairs.count {
                stack.removeLast()
                continue
            }
            stack[top].next = i + 1
            steps += 1
            try Coll.tick(steps, interp)
            let (k, v) = stack[top].pairs[i]
            if withPaths {
                pathEntries += stack[top].path.count
                if pathEntries > maxPathEntries {
                    throw OVSMError.limit("discover: the paths would hold more than \(maxPathEntries) entries (nested \(stack.count) levels deep)")
                }
                var entry = OVSMObject(minimumCapacity: 2)
                entry.set(fieldKey, .string(k))
                entry.set(pathKey, .array(stack[top].path))
                out.append(.object(entry))
            } else {
                out.append(.string(k))
            }
            if case .object(let child) = v {
                stack.append((child.pairs, 0, withPaths ? stack[top].path + [.string(k)] : []))
            }
        }
        return .array(out)
    }
}
