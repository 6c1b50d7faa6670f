/// Array builtins of spec §8.5 (construction, access, structural edits). `null` given
/// where an array is expected acts as the empty array.
extension Builtins {
    static var arrayBuiltins: [Builtin] {
        [
            Builtin("list", aliases: ["array", "vector"], min: 0, max: nil,
                    doc: "(list e...) — an array of the arguments",
                    unary: { x, _ in .array([x]) }, binary: { x, y, _ in .array([x, y]) }) { a, _ in
                .array(a)
            },
            Builtin("range", min: 1, max: 3,
                    doc: "(range [start] end [step]) — ints from start (default 0) toward end, exclusive, by step (default 1); step 0 → type error") { a, _ in
                try ArrayOps.range(a)
            },
            Builtin("get", min: 2, max: 3,
                    doc: "(get coll key [default]) — array element by int index, object value by keyword/string key, string scalar by index; a missing key or index → default or null; a target that is not null/array/string/object, or a non-int index into an array or string → type error") { a, _ in
                try ArrayOps.checkedLookup(a[0], a[1], "get") ?? (a.count > 2 ? a[2] : .null)
            },
            Builtin("get-in", aliases: ["get-path"], min: 2, max: 3,
                    doc: "(get-in x path [default]) — successive get along the array of keys path; missing anywhere → default or null") { a, _ in
                var cur = a[0]
                for key in try Arg.array(a[1], "get-in") {
                    guard let next = try ArrayOps.checkedLookup(cur, key, "get-in") else {
                        return a.count > 2 ? a[2] : .null
                    }
                    cur = next
                }
                return cur
            },
            Builtin("cons", doc: "(cons x coll) — a new array [x ...coll]", binary: { arg0, arg1, _ in
                let xs = try Arg.array(arg1, "cons")
                var out: [Value] = []
                out.reserveCapacity(xs.count + 1)
                out.append(arg0)
                Coll.appendElements(xs, 0..<xs.count, to: &out)
                return .array(out)
            }),
            Builtin("append", min: 0, max: nil,
                    doc: "(append coll...) — concatenation of arrays (null counts as empty)") { a, interp in
                if a.count == 1 { return .array(try Arg.array(a[0], "append")) }
                // Two passes over the arguments (checked and counted, then copied): no
                // array of the parts.
                var total = 0
                for v in a { total += try Arg.array(v, "append").count }
                try Coll.checkSize(total, "append")
                try interp.chargeCopy(total)
                var out: [Value] = []
                out.reserveCapacity(total)
                for v in a {
                    if case .array(let xs) = v { Coll.appendElements(xs, 0..<xs.count, to: &out) }
                }
                return .array(out)
            },
            Builtin("push-back", aliases: ["conj"], min: 2, max: nil,
                    doc: "(push-back coll x...) — a new array [...coll x...] (a function; compare the push special form)") { a, interp in
                let xs = try Arg.array(a[0], "push-back")
                try interp.chargeCopy(xs.count)     // the argument list holds it too: a copy
                // Copied into a new array (scalars without `Value`'s copy witness), not by
                // growing the shared one, which copies element by element through it.
                var out: [Value] = []
                out.reserveCapacity(xs.count + a.count - 1)
                Coll.appendElements(xs, 0..<xs.count, to: &out)
                out.append(contentsOf: a[1...])
                return .array(out)
            },
            Builtin("insert-at", arity: 3,
                    doc: "(insert-at coll i x) — a copy of coll with x inserted before position i; needs 0 ≤ i ≤ length, else index error") { a, _ in
                var xs = try Arg.array(a[0], "insert-at")
                let i = try Arg.int(a[1], "insert-at")
                guard i >= 0 && i <= xs.count else {
                    throw OVSMError.index("insert-at: index \(i) out of range 0...\(xs.count)")
                }
                xs.insert(a[2], at: i)
                return .array(xs)
            },
            Builtin("remove-at", doc: "(remove-at coll i) — a copy of coll without element i; needs 0 ≤ i < length, else index error", binary: { arg0, arg1, _ in
                var xs = try Arg.array(arg0, "remove-at")
                let i = try Arg.int(arg1, "remove-at")
                guard i >= 0 && i < xs.count else {
                    throw OVSMError.index("remove-at: index \(i) out of range for length \(xs.count)")
                }
                xs.remove(at: i)
                return .array(xs)
            }),
            Builtin("member", doc: "(member x coll) — the tail of coll starting at the first element = x, or null", binary: { arg0, arg1, _ in
                let xs = try Arg.array(arg1, "member")
                guard let i = xs.firstIndex(where: { ovsmEqual($0, arg0) }) else { return .null }
                return .array(Array(xs[i...]))
            }),
            Builtin("remove", doc: "(remove x coll) — coll without the elements = x", binary: { arg0, arg1, _ in
                .array(try Arg.array(arg1, "remove").filter { !ovsmEqual($0, arg0) })
            }),
            Builtin("distinct", aliases: ["unique"], doc: "(distinct coll) — coll without repeated (=) elements; first occurrences kept, in order", unary: { arg0, interp in
                let xs = try Arg.array(arg0, "distinct")
                var seen = Set<HashKey>(minimumCapacity: xs.count)
                var out: [Value] = []
                out.reserveCapacity(xs.count)
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if seen.insert(HashKey(x)).inserted { out.append(x) }
                }
                return .array(out)
            }),
            Builtin("flatten", doc: "(flatten coll) — all non-array elements of coll and of its nested arrays, in order", unary: { arg0, interp in
                try ArrayOps.flatten(try Arg.array(arg0, "flatten"), interp)
            }),
            Builtin("zip", min: 1, max: nil,
                    doc: "(zip a b...) — array of tuples [a_i b_i ...], as long as the shortest array") { a, interp in
                let cols = try a.map { try Arg.array($0, "zip") }
                let n = cols.map(\.count).min() ?? 0
                var out: [Value] = []
                out.reserveCapacity(n)
                for i in 0..<n {
                    try Coll.tick(i, interp)
                    out.append(.array(cols.map { $0[i] }))
                }
                return .array(out)
            },
            Builtin("chunk", doc: "(chunk coll n) — consecutive sub-arrays of n elements (the last may be shorter); n ≤ 0 → type error", binary: { arg0, arg1, _ in
                let xs = try Arg.array(arg0, "chunk")
                let n = try Arg.int(arg1, "chunk")
                if n <= 0 { throw OVSMError.type("chunk: size must be positive, got \(n)") }
                var out: [Value] = []
                out.reserveCapacity(xs.count / n + 1)
                var i = 0
                while i < xs.count {
                    let end = i + Swift.min(n, xs.count - i)
                    out.append(.array(Array(xs[i..<end])))
                    i = end
                }
                return .array(out)
            }),
            Builtin("frequencies", doc: "(frequencies coll) — object mapping the display form of each element to its count, in first-seen order", unary: { arg0, interp in
                var g = GroupBuilder<Int>()
                for (i, x) in try Arg.array(arg0, "frequencies").enumerated() {
                    try Coll.tick(i, interp)
                    g.update(g.slot(Printer.displayForm(x), initial: 0)) { $0 += 1 }
                }
                return g.object { .int($0) }
            }),
        ]
    }
}

/// Implementation helpers of the array builtins.
enum ArrayOps {
    static func range(_ a: [Value]) throws -> Value {
        var start = 0, end = 0, step = 1
        switch a.count {
        case 1: end = try Arg.int(a[0], "range")
        case 2:
            start = try Arg.int(a[0], "range")
            end = try Arg.int(a[1], "range")
        default:
            start = try Arg.int(a[0], "range")
            end = try Arg.int(a[1], "range")
            step = try Arg.int(a[2], "range")
        }
        if step == 0 { throw OVSMError.type("range: step must not be 0") }
        // Element count, computed in UInt so that extreme bounds cannot overflow.
        var count: UInt = 0
        if step > 0 && start < end {
            let span = UInt(bitPattern: end &- start)
            count = (span - 1) / UInt(step) + 1
        } else if step < 0 && start > end {
            let span = UInt(bitPattern: start &- end)
            count = (span - 1) / step.magnitude + 1
        }
        if count > UInt(Coll.maxElements) {
            throw OVSMError.limit("range: \(count) elements exceed the limit of \(Coll.maxElements)")
        }
        let n = Int(count)
        var out: [Value] = []
        out.reserveCapacity(n)
        var v = start
        for _ in 0..<n {
            out.append(.int(v))
            v = v &+ step
        }
        return .array(out)
    }

    /// One `get` step: the value, or nil when missing. A target that is not a collection
    /// (number, bool, keyword, function...) has no keys: missing, like `(:k x)` (spec §3).
    /// `get` of spec §16: like `lookup`, but a target that is not null, an array, a string
    /// or an object, or a non-int key into an array or string, is a `type` error (a
    /// default covers only missing keys and out-of-range indexes).
    static func checkedLookup(_ target: Value, _ key: Value, _ fn: String) throws -> Value? {
        switch target.primary {
        case .null, .object: return lookup(target.primary, key)
        case .array, .string:
            guard case .int = key.primary else {
                throw OVSMError.type("\(fn): index into \(target.primary.typeName) must be an int, got \(key.primary.typeName)")
            }
            return lookup(target.primary, key.primary)
        default:
            throw OVSMError.type("\(fn): cannot look up a key in \(target.primary.typeName)")
        }
    }

    static func lookup(_ target: Value, _ key: Value) -> Value? {
        switch target {
        case .null:
            return nil
        case .object(let o):
            switch key {
            case .string(let s): return o[s]
            case .keyword(let k), .symbol(let k): return o[k.name]
            default: return nil
            }
        case .array(let xs):
            if case .int(let i) = key, i >= 0, i < xs.count { return xs[i] }
            return nil
        case .string(let s):
            if case .int(let i) = key { return StringOps.charString(s, at: i).map { .string($0) } }
            return nil
        default:
            return nil
        }
    }

    /// Fully flattens nested arrays with an explicit stack (no recursion on deep data).
    static func flatten(_ xs: [Value], _ interp: Interpreter) throws -> Value {
        var out: [Value] = []
        out.reserveCapacity(xs.count)
        var stack: [(items: [Value], next: Int)] = [(xs, 0)]
        var steps = 0
        while !stack.isEmpty {
            let top = stack.count - 1
            let (items, i) = stack[top]
            if i >= items.count {
                stack.removeLast()
                continue
            }
            stack[top].next = i + 1
            steps += 1
            try Coll.tick(steps, interp)
            if case .array(let inner) = items[i] {
                stack.append((inner, 0))
            } else {
                out.append(items[i])
            }
        }
        return .array(out)
    }
}
