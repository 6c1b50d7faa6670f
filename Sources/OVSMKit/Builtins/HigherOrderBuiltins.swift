/// Higher-order builtins of spec §8.6 (plus take-while/drop-while of §8.5 and the fold
/// aliases of §17.1). Functions marked (HO) in the spec accept the function first or last
/// (`Arg.higherOrder`). Callables are functions, keywords (field getters) and objects.
extension Builtins {
    static var hofBuiltins: [Builtin] {
        [
            Builtin("map", min: 2, max: nil,
                    doc: "(map f coll) — array of (f x) for each element; f may come first or last; several arrays → f of one element from each, up to the shortest") { a, interp in
                if a.count == 2 {
                    let (f, coll) = try Arg.higherOrder2(a, "map")
                    return try HOF.mapOne(f, coll, interp, "map")
                }
                let (f, colls) = try Arg.higherOrder(a, "map")
                return try HOF.mapMany(f, colls, interp, "map")
            },
            Builtin("mapcar", min: 2, max: nil,
                    doc: "(mapcar f coll...) — f first; array of f applied to one element from each array, up to the shortest") { a, interp in
                let f = try Arg.callable(a[0], "mapcar")
                return try HOF.mapMany(f, Array(a.dropFirst()), interp, "mapcar")
            },
            Builtin("map-indexed", arity: 2,
                    doc: "(map-indexed f coll) — array of (f i x) for each element x at index i; f may come first or last") { a, interp in
                let (f, rest) = try Arg.higherOrder(a, "map-indexed")
                let xs = try Arg.array(rest[0], "map-indexed")
                var out: [Value] = []
                out.reserveCapacity(xs.count)
                var call = Interpreter.PreparedCall(f, arity: 2)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    out.append(try call.loopCall2(.int(i), x, interp))
                }
                return .array(out)
            },
            Builtin("for-each", aliases: ["mapc"], min: 2, max: nil,
                    doc: "(for-each f coll) — call (f x) for each element, for effect; returns null; f may come first or last") { a, interp in
                if a.count == 2 {
                    let (f, coll) = try Arg.higherOrder2(a, "for-each")
                    var call = Interpreter.PreparedCall(f, arity: 1)
                    defer { call.finish(interp) }
                    for (i, x) in try Arg.array(coll, "for-each").enumerated() {
                        try Coll.tick(i, interp)
                        _ = try call.loopCall1(x, interp)
                    }
                    return .null
                }
                // Several arrays: in lock step, as `map` does.
                let (f, colls) = try Arg.higherOrder(a, "for-each")
                _ = try HOF.mapMany(f, colls, interp, "for-each")
                return .null
            },
            Builtin("filter", aliases: ["select", "remove-if-not"], arity: 2,
                    doc: "(filter f coll) — the elements x with (f x) truthy, in order; f may come first or last") { a, interp in
                try HOF.filter(a, keep: true, interp, "filter")
            },
            Builtin("remove-if", aliases: ["reject"], arity: 2,
                    doc: "(remove-if f coll) — the elements x with (f x) falsy, in order; f may come first or last") { a, interp in
                try HOF.filter(a, keep: false, interp, "remove-if")
            },
            Builtin("reduce", aliases: ["fold", "foldl", "fold-left", "foldr", "fold-right"], min: 2, max: 3,
                    doc: "(reduce f [init] coll) or (reduce coll [init] f) — left fold calling (f acc x); without init the first element starts; empty without init → null") { a, interp in
                try HOF.reduce(a, interp)
            },
            Builtin("find", arity: 2,
                    doc: "(find f coll) — the first element x with (f x) truthy, else null; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "find")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if try call.loopTest1(x, interp) { return x }
                }
                return .null
            },
            Builtin("find-index", arity: 2,
                    doc: "(find-index f coll) — the index of the first element x with (f x) truthy, else null; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "find-index")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if try call.loopTest1(x, interp) { return .int(i) }
                }
                return .null
            },
            Builtin("some", aliases: ["any"], arity: 2,
                    doc: "(some f coll) — true iff (f x) is truthy for some element; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "some")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if try call.loopTest1(x, interp) { return .true }
                }
                return .false
            },
            Builtin("every", aliases: ["all"], arity: 2,
                    doc: "(every f coll) — true iff (f x) is truthy for every element (true when empty); f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "every")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if !(try call.loopTest1(x, interp)) { return .false }
                }
                return .true
            },
            Builtin("count-if", arity: 2,
                    doc: "(count-if f coll) — the number of elements x with (f x) truthy; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "count-if")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                var n = 0
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    if try call.loopTest1(x, interp) { n += 1 }
                }
                return .int(n)
            },
            Builtin("flat-map", aliases: ["mapcat"], arity: 2,
                    doc: "(flat-map f coll) — map f, then concatenate the array results (null adds nothing, other values are added as one element); f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "flat-map")
                var out: [Value] = []
                out.reserveCapacity(xs.count)
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    switch try call.loopCall1(x, interp) {
                    case .array(let ys): out.append(contentsOf: ys)
                    case .null: break
                    case let y: out.append(y)
                    }
                    try Coll.checkSize(out.count, "flat-map")
                }
                return .array(out)
            },
            Builtin("take-while", arity: 2,
                    doc: "(take-while f coll) — the longest prefix of coll whose elements all satisfy f; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "take-while")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                var n = 0
                while n < xs.count {
                    try Coll.tick(n, interp)
                    if !(try call.loopTest1(xs[n], interp)) { break }
                    n += 1
                }
                return .array(Array(xs[..<n]))
            },
            Builtin("drop-while", arity: 2,
                    doc: "(drop-while f coll) — coll without its longest prefix whose elements all satisfy f; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "drop-while")
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                var n = 0
                while n < xs.count {
                    try Coll.tick(n, interp)
                    if !(try call.loopTest1(xs[n], interp)) { break }
                    n += 1
                }
                return .array(Array(xs[n...]))
            },
            Builtin("sort", aliases: ["sort-with"], min: 1, max: 2,
                    doc: "(sort coll [cmp]) — stable sort; without cmp ascending over all numbers or all strings; (cmp a b) truthy means a goes before b") { a, interp in
                try HOF.sort(a, interp)
            },
            Builtin("sort-by", min: 2, max: 3,
                    doc: "(sort-by f coll [:desc]) — stable sort by the key (f x) in natural order (numbers or strings); :desc reverses; f may come first or last") { a, interp in
                try HOF.sortBy(a, interp)
            },
            Builtin("group-by", arity: 2,
                    doc: "(group-by f coll) — object mapping the display form of each key (f x) to the array of its elements, in first-seen order; f may come first or last") { a, interp in
                let (f, xs) = try HOF.split(a, "group-by")
                var g = GroupBuilder<[Value]>()
                var call = Interpreter.PreparedCall(f, arity: 1)
                defer { call.finish(interp) }
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    let k = Printer.displayForm(try call.loopCall1(x, interp))
                    g.update(g.slot(k, initial: [])) { $0.append(x) }
                }
                return g.object { .array($0) }
            },
            Builtin("pluck", doc: "(pluck coll key) — array of (get x key) for each element x", binary: { arg0, arg1, interp in
                var (collV, key) = (arg0, arg1)
                switch (arg0, arg1) {
                case (.keyword, .array), (.string, .array), (.keyword, .null): (collV, key) = (arg1, arg0)
                default: break
                }
                let xs = try Arg.array(collV, "pluck")
                var out: [Value] = []
                out.reserveCapacity(xs.count)
                for (i, x) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    out.append(try ArrayOps.checkedLookup(x, key, "pluck") ?? .null)
                }
                return .array(out)
            }),
            Builtin("identity", doc: "(identity x) — x", unary: { arg0, _ in arg0 }),
            Builtin("constantly", doc: "(constantly x) — a function that ignores its arguments and returns x", unary: { arg0, _ in
                let x = arg0
                return Coll.makeFunction("constantly", doc: "(f arg...) — always returns the captured value") { _, _ in x }
            }),
            Builtin("complement", doc: "(complement f) — a function returning (not (f arg...))", unary: { arg0, _ in
                let f = try Arg.callable(arg0, "complement")
                return Coll.makeFunction("complement", doc: "(f arg...) — the negation of the captured predicate",
                                         unary: { x, interp in .bool(!(try interp.applyMV1(f, x).primary.isTruthy)) }) { args, interp in
                    .bool(!(try interp.apply(f, args).isTruthy))
                }
            }),
            Builtin("compose", min: 0, max: nil,
                    doc: "(compose f g...) — a function with ((compose f g) x) = (f (g x)); the rightmost receives all arguments; (compose) is identity") { a, _ in
                let fs = try a.map { try Arg.callable($0, "compose") }
                /// The functions after the innermost, applied to one value each.
                @Sendable func outer(_ first: Value, _ interp: Interpreter) throws -> Value {
                    var v = first
                    var i = fs.count - 2
                    while i >= 0 {
                        v = try interp.applyMV1(fs[i], v.primary)
                        i -= 1
                    }
                    return v
                }
                return Coll.makeFunction("compose", doc: "(f arg...) — applies the composed functions right to left",
                                         unary: { x, interp in
                    guard let innermost = fs.last else { return x }
                    return try outer(try interp.applyMV1(innermost, x), interp)
                }) { args, interp in
                    guard let innermost = fs.last else {
                        guard args.count == 1 else {
                            throw OVSMError.arity("compose: the identity composition takes 1 argument, got \(args.count)")
                        }
                        return args[0]
                    }
                    return try outer(try interp.applyMV(innermost, args), interp)
                }
            },
            Builtin("partial", min: 1, max: nil,
                    doc: "(partial f arg...) — a function that calls f with the captured args followed by its own") { a, _ in
                let f = try Arg.callable(a[0], "partial")
                let fixed = Array(a.dropFirst())
                return Coll.makeFunction("partial", doc: "(f arg...) — calls the captured function with the captured arguments prepended",
                                         unary: { x, interp in
                    switch fixed.count {
                    case 0: return try interp.applyMV1(f, x)
                    case 1: return try interp.applyMV2(f, fixed[0], x)
                    default: return try interp.applyMV(f, fixed + [x])
                    }
                }) { args, interp in
                    try interp.applyMV(f, fixed + args)
                }
            },
        ]
    }
}

/// Implementation helpers of the higher-order builtins.
enum HOF {
    /// (HO) split for a function and exactly one array.
    @inline(__always) static func split(_ a: [Value], _ fn: String) throws -> (Value, [Value]) {
        if a.count == 2 {
            let (f, coll) = try Arg.higherOrder2(a, fn)
            return (f, try Arg.array(coll, fn))
        }
        let (f, rest) = try Arg.higherOrder(a, fn)
        return (f, try Arg.array(rest[0], fn))
    }

    /// Maps `f` over one array, or over several in lock step (shortest length).
    static func mapMany(_ f: Value, _ colls: [Value], _ interp: Interpreter, _ fn: String) throws -> Value {
        if colls.count == 1 { return try mapOne(f, colls[0], interp, fn) }
        let arrays = try colls.map { try Arg.array($0, fn) }
        let n = arrays.map(\.count).min() ?? 0
        var out: [Value] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            try Coll.tick(i, interp)
            out.append(try interp.apply(f, arrays.map { $0[i] }))
        }
        return .array(out)
    }

    /// Maps `f` over one array.
    static func mapOne(_ f: Value, _ coll: Value, _ interp: Interpreter, _ fn: String) throws -> Value {
        let xs = try Arg.array(coll, fn)
        var out: [Value] = []
        out.reserveCapacity(xs.count)
        var call = Interpreter.PreparedCall(f, arity: 1)
        defer { call.finish(interp) }
        // (Elements read and dropped as in `filter`.)
        try xs.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                try Coll.tick(i, interp)
                let x = Coll.copy(b[i])
                out.append(try call.loopCall1(x, interp))
                Value.drop(consume x)
            }
        }
        return .array(out)
    }

    static func filter(_ a: [Value], keep: Bool, _ interp: Interpreter, _ fn: String) throws -> Value {
        let (f, xs) = try split(a, fn)
        var out: [Value] = []
        out.reserveCapacity(xs.count)
        var call = Interpreter.PreparedCall(f, arity: 1)
        defer { call.finish(interp) }
        // Elements read from the buffer (`Coll.copy`: a scalar without the outlined copy)
        // and, when not kept, dropped by case (`Value.drop`).
        try xs.withUnsafeBufferPointer { b in
            for i in 0..<b.count {
                try Coll.tick(i, interp)
                // An int is tested and kept as a value built here, which the compiler knows
                // needs no destroy: a dropped element copied out of the buffer paid the
                // outlined destroy (~20 instructions) even for an int.
                if case .int(let n) = b[i] {
                    if try call.loopTest1(.int(n), interp) == keep { out.append(.int(n)) }
                    continue
                }
                let x = Coll.copy(b[i])
                if try call.loopTest1(x, interp) == keep { out.append(x) } else { Value.drop(consume x) }
            }
        }
        return .array(out)
    }

    /// The four shapes of spec §8.6: (f coll), (f init coll), (coll f), (coll init f).
    static func reduce(_ a: [Value], _ interp: Interpreter) throws -> Value {
        let fnFirst: Bool
        switch a[0] {
        case .function, .keyword: fnFirst = true
        default: fnFirst = false
        }
        let f = try Arg.callable(fnFirst ? a[0] : a[a.count - 1], "reduce")
        let xs = try Arg.array(fnFirst ? a[a.count - 1] : a[0], "reduce")
        var acc: Value
        var start = 0
        if a.count == 3 {
            acc = a[1]
        } else {
            guard let first = xs.first else { return .null }
            acc = first
            start = 1
        }
        var i = start
        var call = Interpreter.PreparedCall(f, arity: 2)
        defer { call.finish(interp) }
        while i < xs.count {
            try Coll.tick(i, interp)
            acc = try call.loopCall2(acc, xs[i], interp)
            i += 1
        }
        return acc
    }

    static func sort(_ a: [Value], _ interp: Interpreter) throws -> Value {
        var collV = a[0]
        var cmp: Value? = a.count > 1 ? a[1] : nil
        // Lenient order: (sort cmp coll).
        if a.count == 2, case .function = a[0] {
            switch a[1] {
            case .array, .null: (collV, cmp) = (a[1], a[0])
            default: break
            }
        }
        let xs = try Arg.array(collV, "sort")
        if let cmpV = cmp {
            let c = try Arg.callable(cmpV, "sort")
            var call = Interpreter.PreparedCall(c, arity: 2)
            defer { call.finish(interp) }
            if let sorted = try intSort(xs, &call, interp) { return .array(sorted) }
            return .array(try Coll.stableSort(xs, interp) { x, y in try call.loopTest2(x, y, interp) })
        }
        return .array(try naturalSort(xs, interp, "sort"))
    }

    /// `(sort ints cmp)` with `cmp` a comparison of two ints (`PreparedCall.intComparison`):
    /// the same merge sort over the same positions, making the same comparisons (a lambda's
    /// calls count the same steps, and the step that runs out makes the ordinary call,
    /// which raises the limit as it would have), on ints read once — no `Value` copied and
    /// destroyed per comparison, no call. `(sort xs >)` of 200,000 ints, whole program:
    /// 1,173 → 438 M instructions. nil when an element is not an int or `cmp` is anything
    /// else (those take `stableSort` with the ordinary calls).
    static func intSort(_ xs: [Value], _ call: inout Interpreter.PreparedCall, _ interp: Interpreter) throws -> [Value]? {
        guard xs.count >= 2, let (op, swapped, countsSteps) = call.intComparison() else { return nil }
        var ints: [Int] = []
        ints.reserveCapacity(xs.count)
        for x in xs {
            guard case .int(let i) = x else { return nil }
            ints.append(i)
        }
        let order = try ints.withUnsafeBufferPointer { v in
            try Coll.stableOrder(v.count, interp) { a, b in
                if !countsSteps || interp.inlineCallStep() {
                    return swapped ? op.compare(v[b], v[a]) : op.compare(v[a], v[b])
                }
                return try call.loopTest2(.int(v[a]), .int(v[b]), interp)
            }
        }
        return order.map { .int(ints[$0]) }
    }

    /// Ascending sort of all numbers or all strings (spec §8.6 `sort` without cmp).
    static func naturalSort(_ xs: [Value], _ interp: Interpreter, _ fn: String) throws -> [Value] {
        var allInts = true, allNumbers = true, allStrings = true
        for x in xs {
            switch x {
            case .int: allStrings = false
            case .float: allStrings = false; allInts = false
            case .string: allInts = false; allNumbers = false
            default:
                throw OVSMError.type("\(fn): can only sort numbers or strings without a comparator, got \(x.typeName)")
            }
        }
        if xs.count < 2 { return xs }
        if !allNumbers && !allStrings {
            throw OVSMError.type("\(fn): cannot sort a mix of numbers and strings")
        }
        // Equal ints (or equal strings) are indistinguishable, so an unstable sort is fine.
        if allInts {
            var ints: [Int] = []
            ints.reserveCapacity(xs.count)
            for case .int(let i) in xs { ints.append(i) }
            ints.sort()
            return ints.map { .int($0) }
        }
        if allStrings {
            var strs: [String] = []
            strs.reserveCapacity(xs.count)
            for case .string(let s) in xs { strs.append(s) }
            strs.sort { compareScalars($0, $1) < 0 }
            return strs.map { .string($0) }
        }
        return try Coll.stableSort(xs, interp) { x, y in try ovsmCompare(x, y, fn) < 0 }
    }

    static func sortBy(_ a: [Value], _ interp: Interpreter) throws -> Value {
        var args = a
        var descending = false
        if args.count == 3 {
            switch args[2] {
            case .keyword(let k) where k.name == "desc": descending = true
            case .keyword(let k) where k.name == "asc": descending = false
            default:
                throw OVSMError.type("sort-by: the option must be :desc or :asc, got \(Printer.printForm(args[2]))")
            }
            args.removeLast()
        }
        let (f, xs) = try split(args, "sort-by")
        var keyed: [(key: Value, value: Value)] = []
        keyed.reserveCapacity(xs.count)
        var call = Interpreter.PreparedCall(f, arity: 1)
        defer { call.finish(interp) }
        for (i, x) in xs.enumerated() {
            try Coll.tick(i, interp)
            keyed.append((try call.loopCall1(x, interp), x))
        }
        if let sorted = try intKeySort(keyed, descending: descending, interp) { return .array(sorted) }
        let sorted = try Coll.stableSort(keyed, interp) { x, y in
            let c = try ovsmCompare(x.key, y.key, "sort-by")
            return descending ? c > 0 : c < 0
        }
        return .array(sorted.map(\.value))
    }

    /// `sort-by` when every key is an int (`(sort-by (lambda (r) (get r :age)) rs)`): the
    /// same stable merge sort over the same positions, comparing the keys read once — each
    /// comparison had copied and destroyed two (key, value) pairs and gone through
    /// `ovsmCompare`, which orders two ints as `<` does. 200,000 ints by `(% x 1000)`,
    /// whole program: 1,068 → 334 M instructions. nil when a key is not an int.
    static func intKeySort(_ keyed: [(key: Value, value: Value)], descending: Bool,
                           _ interp: Interpreter) throws -> [Value]? {
        guard keyed.count >= 2 else { return nil }
        var keys: [Int] = []
        keys.reserveCapacity(keyed.count)
        for k in keyed {
            guard case .int(let i) = k.key else { return nil }
            keys.append(i)
        }
        let order = try keys.withUnsafeBufferPointer { v in
            try Coll.stableOrder(v.count, interp) { a, b in descending ? v[a] > v[b] : v[a] < v[b] }
        }
        return order.map { keyed[$0].value }
    }
}
