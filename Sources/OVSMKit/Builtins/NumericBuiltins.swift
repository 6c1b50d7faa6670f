import Foundation

/// The numeric builtin group: arithmetic and math (spec §8.1), comparison (§8.2), type
/// predicates and conversions (§8.3) and the statistics of §17.2.
extension Builtins {
    static var numeric: [Builtin] {
        numArithmetic + numRounding + numMath + numBitwise + numAggregates
            + numComparisons + numPredicates + numConversions
    }

    // MARK: + - * / and friends

    static var numArithmetic: [Builtin] {
        [
            // The two-argument entries (`binary`) serve `(reduce + …)`, `(sort xs <)` and other
            // builtins calling these with two values: no argument array per call. Both paths
            // share the int case (`intPair`).
            Builtin("+", min: 0, max: nil,
                    doc: "(+ x...) — sum of numbers ((+) is 0); all strings concatenate, all arrays concatenate",
                    binary: { x, y, _ in try intPair(x, y, "+", plus) ?? numPlus([x, y]) }) { args, _ in
                if args.count == 2, let r = try intPair(args[0], args[1], "+", plus) { return r }
                return try numPlus(args)
            },
            Builtin("-", min: 1, max: nil,
                    doc: "(- x y...) — subtracts each y from x left to right; (- x) negates x",
                    binary: { x, y, _ in try intPair(x, y, "-", minus) ?? numFold([x, y], "-", Num.sub) }) { args, _ in
                if args.count == 2, let r = try intPair(args[0], args[1], "-", minus) { return r }
                if args.count == 1 { return try Num.negate(args[0], "-") }
                return try numFold(args, "-", Num.sub)
            },
            Builtin("*", min: 0, max: nil, doc: "(* x...) — product of numbers ((*) is 1)",
                    binary: { x, y, _ in try intPair(x, y, "*", times) ?? numFold([x, y], "*", Num.mul) }) { args, _ in
                if args.count == 2, let r = try intPair(args[0], args[1], "*", times) { return r }
                if args.isEmpty { return .int(1) }
                return try numFold(args, "*", Num.mul)
            },
            Builtin("/", min: 1, max: nil,
                    doc: "(/ x y...) — divides x by each y left to right; int/int stays int only when exact, else float; (/ x) is (/ 1 x)") { args, _ in
                if args.count == 1 { return try Num.div(.int(1), args[0], "/") }
                return try numFold(args, "/", Num.div)
            },
            Builtin("%", aliases: ["rem"], doc: "(% x y) — remainder of x/y with the sign of x (truncated division)", binary: { arg0, arg1, _ in
                try Num.rem(arg0, arg1, "%")
            }),
            Builtin("mod", doc: "(mod x y) — modulo of x/y with the sign of y (floored division)", binary: { arg0, arg1, _ in
                try Num.mod(arg0, arg1, "mod")
            }),
            Builtin("quot", doc: "(quot a b) — integer quotient of two ints, truncated toward zero", binary: { arg0, arg1, _ in
                let a = try Arg.int(arg0, "quot"), b = try Arg.int(arg1, "quot")
                if b == 0 { throw Num.divZero("quot") }
                let (q, o) = a.dividedReportingOverflow(by: b)
                if o { throw Num.overflow("quot") }
                return .int(q)
            }),
            Builtin("1+", aliases: ["inc"], doc: "(1+ x) — x plus one", unary: { arg0, _ in
                try Num.add(arg0, .int(1), "1+")
            }),
            Builtin("1-", aliases: ["dec"], doc: "(1- x) — x minus one", unary: { arg0, _ in
                try Num.sub(arg0, .int(1), "1-")
            }),
            Builtin("abs", doc: "(abs x) — absolute value, same type as x", unary: { arg0, _ in
                switch arg0 {
                case .int(let x):
                    if x >= 0 { return arg0 }
                    return try Num.negate(arg0, "abs")
                case .float(let d): return .float(Swift.abs(d))
                default: throw OVSMError.type("abs: expected a number, got \(arg0.typeName)")
                }
            }),
            Builtin("min", min: 1, max: nil,
                    doc: "(min x...) or (min array) — smallest number, keeping its type; empty array gives null",
                    binary: { x, y, _ in
                        // Two ints (equal ones are the same value, so no tie rule to keep).
                        if case .int(let a) = x, case .int(let b) = y { return .int(Swift.min(a, b)) }
                        return try numExtremum([x, y], "min", wantLess: true)
                    }) { args, _ in
                try numExtremum(args, "min", wantLess: true)
            },
            Builtin("max", min: 1, max: nil,
                    doc: "(max x...) or (max array) — largest number, keeping its type; empty array gives null",
                    binary: { x, y, _ in
                        if case .int(let a) = x, case .int(let b) = y { return .int(Swift.max(a, b)) }
                        return try numExtremum([x, y], "max", wantLess: false)
                    }) { args, _ in
                try numExtremum(args, "max", wantLess: false)
            },
            Builtin("clamp", arity: 3, doc: "(clamp x lo hi) — x bounded to the range [lo, hi]") { args, _ in
                for a in args where !a.isNumber {
                    throw OVSMError.type("clamp: expected a number, got \(a.typeName)")
                }
                if let c = try Num.order(args[0], args[1], "clamp"), c < 0 { return args[1] }
                if let c = try Num.order(args[0], args[2], "clamp"), c > 0 { return args[2] }
                return args[0]
            },
            Builtin("sign", aliases: ["signum"], doc: "(sign x) — -1, 0 or 1 by the sign of x (a float gives -1.0, 0.0 or 1.0)", unary: { arg0, _ in
                switch arg0 {
                case .int(let x): return .int(x > 0 ? 1 : (x < 0 ? -1 : 0))
                case .float(let d):
                    if d > 0 { return .float(1) }
                    if d < 0 { return .float(-1) }
                    return arg0   // ±0.0 and NaN are their own sign
                default: throw OVSMError.type("sign: expected a number, got \(arg0.typeName)")
                }
            }),
        ]
    }

    /// The int fast path of `+ - *` with two arguments, shared by the two-argument entry
    /// and the general body: both ints → the result (overflow raises, naming `fn`); nil
    /// when either is not an int.
    @inline(__always) static func intPair(_ x: Value, _ y: Value, _ fn: String,
                                          _ op: (Int, Int) -> (partialValue: Int, overflow: Bool)) throws -> Value? {
        guard case .int(let a) = x, case .int(let b) = y else { return nil }
        let (r, o) = op(a, b)
        if o { throw Num.overflow(fn) }
        return .int(r)
    }
    @inline(__always) static func plus(_ a: Int, _ b: Int) -> (partialValue: Int, overflow: Bool) { a.addingReportingOverflow(b) }
    @inline(__always) static func minus(_ a: Int, _ b: Int) -> (partialValue: Int, overflow: Bool) { a.subtractingReportingOverflow(b) }
    @inline(__always) static func times(_ a: Int, _ b: Int) -> (partialValue: Int, overflow: Bool) { a.multipliedReportingOverflow(by: b) }

    /// `+` beyond the two-int fast path: numbers, or all strings, or all arrays.
    static func numPlus(_ args: [Value]) throws -> Value {
        guard let first = args.first else { return .int(0) }
        switch first {
        case .string:
            var out = ""
            for a in args {
                guard case .string(let s) = a else {
                    throw OVSMError.type("+: cannot add \(a.typeName) to strings (all arguments must be strings)")
                }
                out += s
            }
            return .string(out)
        case .array:
            var out: [Value] = []
            for a in args {
                guard case .array(let xs) = a else {
                    throw OVSMError.type("+: cannot add \(a.typeName) to arrays (all arguments must be arrays)")
                }
                out.append(contentsOf: xs)
            }
            return .array(out)
        default:
            if args.count == 1 {
                guard first.isNumber else { throw OVSMError.type("+: expected a number, got \(first.typeName)") }
                return first
            }
            return try numFold(args, "+", Num.add)
        }
    }

    /// Left fold of a binary kernel over ≥ 2 arguments (the first must be a number).
    @inline(__always)
    static func numFold(_ args: [Value], _ fn: String,
                     _ op: (Value, Value, String) throws -> Value) throws -> Value {
        var acc = args[0]
        if args.count == 1 {
            guard acc.isNumber else { throw OVSMError.type("\(fn): expected a number, got \(acc.typeName)") }
            return acc
        }
        for i in 1..<args.count { acc = try op(acc, args[i], fn) }
        return acc
    }

    /// `min`/`max`: numbers as arguments or one array of numbers; NaN wins (propagates).
    static func numExtremum(_ args: [Value], _ fn: String, wantLess: Bool) throws -> Value {
        var items = args
        if args.count == 1 {
            switch args[0] {
            case .array(let xs): items = xs
            case .null: items = []
            default: break
            }
        }
        guard var best = items.first else { return .null }
        guard best.isNumber else { throw OVSMError.type("\(fn): expected a number, got \(best.typeName)") }
        if case .float(let d) = best, d.isNaN { return best }
        for v in items.dropFirst() {
            guard v.isNumber else { throw OVSMError.type("\(fn): expected a number, got \(v.typeName)") }
            guard let c = try Num.order(v, best, fn) else { return v }   // v is NaN
            if wantLess ? c < 0 : c > 0 { best = v }
        }
        return best
    }

    // MARK: floor / ceiling / round / truncate

    enum NumRoundMode { case floor, ceiling, round, truncate }

    static var numRounding: [Builtin] {
        func entry(_ name: String, _ aliases: [String], _ mode: NumRoundMode, _ what: String) -> Builtin {
            Builtin(name, aliases: aliases, min: 1, max: 2,
                    doc: "(\(name) x [d]) — \(what) of x/d (d defaults to 1) as an int; second value: the remainder x - q*d") { args, _ in
                let (q, r) = try numDivRound(args[0], args.count > 1 ? args[1] : .int(1), mode, name)
                return .multiple(MultipleValues([q, r]))
            }
        }
        return [
            entry("floor", [], .floor, "largest integer ≤"),
            entry("ceiling", ["ceil"], .ceiling, "smallest integer ≥"),
            entry("round", [], .round, "nearest integer (halves away from zero)"),
            entry("truncate", ["trunc"], .truncate, "integer part (toward zero)"),
        ]
    }

    /// Quotient (int) and remainder of x/d rounded by `mode`. Ints are exact; any float
    /// operand makes the remainder a float. Zero d → division-by-zero; non-finite or
    /// out-of-range quotient → limit.
    static func numDivRound(_ x: Value, _ d: Value, _ mode: NumRoundMode, _ fn: String) throws -> (Value, Value) {
        if case .int(let a) = x, case .int(let b) = d {
            if b == 0 { throw Num.divZero(fn) }
            if b == 1 { return (x, .int(0)) }
            if b == -1 {
                let (q, o) = Int(0).subtractingReportingOverflow(a)
                if o { throw Num.overflow(fn) }
                return (.int(q), .int(0))
            }
            var q = a / b, r = a % b   // |b| ≥ 2: no overflow
            if r != 0 {
                let positive = (r < 0) == (b < 0)   // sign of the exact quotient
                let step: Bool
                switch mode {
                case .truncate: step = false
                case .floor: step = !positive
                case .ceiling: step = positive
                case .round: step = r.magnitude >= b.magnitude - r.magnitude
                }
                if step {
                    if positive { q += 1; r -= b } else { q -= 1; r += b }
                }
            }
            return (.int(q), .int(r))
        }
        let a = try Num.number(x, d, fn, first: true)
        let b = try Num.number(x, d, fn, first: false)
        if b == 0 { throw Num.divZero(fn) }
        guard a.isFinite && b.isFinite else {
            throw OVSMError.limit("\(fn): \(Printer.formatFloat(a.isFinite ? b : a)) has no integer value")
        }
        let exact = a / b
        let rule: FloatingPointRoundingRule
        switch mode {
        case .floor: rule = .down
        case .ceiling: rule = .up
        case .round: rule = .toNearestOrAwayFromZero
        case .truncate: rule = .towardZero
        }
        let qd = exact.rounded(rule)
        let q = try Num.truncToInt(qd, fn)
        return (.int(q), .float(a - qd * b))
    }

    // MARK: math functions

    static var numMath: [Builtin] {
        func unary(_ name: String, _ doc: String, domain: (@Sendable (Double) -> Bool)? = nil,
                   _ domainText: String = "", _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
            Builtin(name, arity: 1, doc: doc) { args, _ in
                let x = try Arg.number(args[0], name)
                if let domain, !domain(x) {
                    throw OVSMError.type("\(name): \(Printer.formatFloat(x)) is outside the domain (\(domainText))")
                }
                return .float(f(x))
            }
        }
        return [
            unary("sqrt", "(sqrt x) — square root as a float; negative x is a type error",
                  domain: { !($0 < 0) }, "x ≥ 0") { $0.squareRoot() },
            unary("exp", "(exp x) — e raised to x") { Foundation.exp($0) },
            unary("ln", "(ln x) — natural logarithm; x must be positive",
                  domain: { !($0 <= 0) }, "x > 0") { Foundation.log($0) },
            unary("log10", "(log10 x) — base-10 logarithm; x must be positive",
                  domain: { !($0 <= 0) }, "x > 0") { Foundation.log10($0) },
            unary("log2", "(log2 x) — base-2 logarithm; x must be positive",
                  domain: { !($0 <= 0) }, "x > 0") { Foundation.log2($0) },
            unary("sin", "(sin x) — sine of x radians") { Foundation.sin($0) },
            unary("cos", "(cos x) — cosine of x radians") { Foundation.cos($0) },
            unary("tan", "(tan x) — tangent of x radians") { Foundation.tan($0) },
            unary("asin", "(asin x) — arc sine in radians; x must be in [-1, 1]",
                  domain: { !($0 < -1 || $0 > 1) }, "-1 ≤ x ≤ 1") { Foundation.asin($0) },
            unary("acos", "(acos x) — arc cosine in radians; x must be in [-1, 1]",
                  domain: { !($0 < -1 || $0 > 1) }, "-1 ≤ x ≤ 1") { Foundation.acos($0) },
            Builtin("atan", min: 1, max: 2,
                    doc: "(atan x) — arc tangent in radians; (atan y x) is (atan2 y x)") { args, _ in
                let y = try Arg.number(args[0], "atan")
                if args.count == 2 { return .float(Foundation.atan2(y, try Arg.number(args[1], "atan"))) }
                return .float(Foundation.atan(y))
            },
            Builtin("atan2", doc: "(atan2 y x) — angle of the point (x, y) in radians", binary: { arg0, arg1, _ in
                .float(Foundation.atan2(try Arg.number(arg0, "atan2"), try Arg.number(arg1, "atan2")))
            }),
            Builtin("expt", aliases: ["pow"], doc: "(expt base power) — base raised to power: an int for an int base and non-negative int power, else a float", binary: { arg0, arg1, _ in
                if case .int(let b) = arg0, case .int(let e) = arg1, e >= 0 {
                    return .int(try numIntPow(b, e))
                }
                let b = try Arg.number(arg0, "expt"), e = try Arg.number(arg1, "expt")
                return .float(Foundation.pow(b, e))
            }),
        ]
    }

    /// Exact integer power by squaring; overflow → limit.
    static func numIntPow(_ base: Int, _ exp: Int) throws -> Int {
        var result = 1, b = base, e = exp
        while true {
            if e & 1 == 1 {
                let (r, o) = result.multipliedReportingOverflow(by: b)
                if o { throw Num.overflow("expt") }
                result = r
            }
            e >>= 1
            if e == 0 { return result }
            let (sq, o) = b.multipliedReportingOverflow(by: b)
            if o { throw Num.overflow("expt") }   // b² is still needed, so the result overflows
            b = sq
        }
    }

    // MARK: integer and bitwise

    static var numBitwise: [Builtin] {
        [
            Builtin("gcd", min: 0, max: nil, doc: "(gcd n...) — greatest common divisor of ints ((gcd) is 0), never negative") { args, _ in
                var g: UInt = 0
                for a in args { g = numGcd(g, try Arg.int(a, "gcd").magnitude) }
                guard g <= UInt(Int.max) else { throw Num.overflow("gcd") }
                return .int(Int(g))
            },
            Builtin("lcm", min: 0, max: nil, doc: "(lcm n...) — least common multiple of ints ((lcm) is 1), never negative") { args, _ in
                var l: UInt = 1
                for a in args {
                    let m = try Arg.int(a, "lcm").magnitude
                    if m == 0 || l == 0 { l = 0; continue }
                    let (r, o) = (l / numGcd(l, m)).multipliedReportingOverflow(by: m)
                    if o { throw Num.overflow("lcm") }
                    l = r
                }
                guard l <= UInt(Int.max) else { throw Num.overflow("lcm") }
                return .int(Int(l))
            },
            Builtin("logand", min: 0, max: nil, doc: "(logand n...) — bitwise AND of ints ((logand) is -1)") { args, _ in
                var r = -1
                for a in args { r &= try Arg.int(a, "logand") }
                return .int(r)
            },
            Builtin("logior", min: 0, max: nil, doc: "(logior n...) — bitwise inclusive OR of ints ((logior) is 0)") { args, _ in
                var r = 0
                for a in args { r |= try Arg.int(a, "logior") }
                return .int(r)
            },
            Builtin("logxor", min: 0, max: nil, doc: "(logxor n...) — bitwise exclusive OR of ints ((logxor) is 0)") { args, _ in
                var r = 0
                for a in args { r ^= try Arg.int(a, "logxor") }
                return .int(r)
            },
            Builtin("lognot", doc: "(lognot n) — bitwise complement of an int", unary: { arg0, _ in
                .int(~(try Arg.int(arg0, "lognot")))
            }),
            Builtin("ash", doc: "(ash n count) — n shifted left by count bits (count > 0) or arithmetically right (count < 0); overflow is a limit error", binary: { arg0, arg1, _ in
                let n = try Arg.int(arg0, "ash"), c = try Arg.int(arg1, "ash")
                if c >= 0 {
                    if n == 0 { return .int(0) }
                    guard c < 64 else { throw Num.overflow("ash") }
                    let r = n << c
                    guard r >> c == n else { throw Num.overflow("ash") }
                    return .int(r)
                }
                return .int(n >> Int(Swift.min(c.magnitude, 63)))
            }),
        ]
    }

    static func numGcd(_ a: UInt, _ b: UInt) -> UInt {
        var x = a, y = b
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    // MARK: sums and statistics

    static var numAggregates: [Builtin] {
        [
            Builtin("sum", doc: "(sum coll) — sum of an array of numbers (0 when empty)", unary: { arg0, _ in
                var acc: Value = .int(0)
                for v in try Arg.array(arg0, "sum") { acc = try Num.add(acc, v, "sum") }
                return acc
            }),
            Builtin("product", doc: "(product coll) — product of an array of numbers (1 when empty)", unary: { arg0, _ in
                var acc: Value = .int(1)
                for v in try Arg.array(arg0, "product") { acc = try Num.mul(acc, v, "product") }
                return acc
            }),
            Builtin("mean", aliases: ["avg", "average"], doc: "(mean coll) — arithmetic mean of an array of numbers as a float; null when empty", unary: { arg0, _ in
                let xs = try numDoubles(arg0, "mean")
                if xs.isEmpty { return .null }
                return .float(xs.reduce(0, +) / Double(xs.count))
            }),
            Builtin("median", doc: "(median coll) — middle element of the sorted numbers, or (/ (+ a b) 2) of the two middle ones; null when empty", unary: { arg0, _ in
                let xs = try Arg.array(arg0, "median")
                for v in xs where !v.isNumber {
                    throw OVSMError.type("median: expected an array of numbers, got a \(v.typeName) element")
                }
                if xs.isEmpty { return .null }
                let sorted = numSortNumbers(xs)
                let mid = sorted.count / 2
                if sorted.count % 2 == 1 { return sorted[mid] }
                return try Num.div(try Num.add(sorted[mid - 1], sorted[mid], "median"), .int(2), "median")
            }),
            Builtin("variance", doc: "(variance coll) — population variance of an array of numbers as a float; 0.0 for fewer than 2", unary: { arg0, _ in
                .float(numVariance(try numDoubles(arg0, "variance")))
            }),
            Builtin("stddev", aliases: ["std"], doc: "(stddev coll) — population standard deviation, (sqrt (variance coll))", unary: { arg0, _ in
                .float(numVariance(try numDoubles(arg0, "stddev")).squareRoot())
            }),
            Builtin("mode", doc: "(mode coll) — most frequent element (compared by display form; ties go to the first seen); null when empty", unary: { arg0, _ in
                let xs = try Arg.array(arg0, "mode")
                var counts: [String: (count: Int, first: Int)] = [:]
                var bestIndex = -1, bestCount = 0
                for (i, v) in xs.enumerated() {
                    let key = Printer.displayForm(v)
                    let entry = counts[key].map { ($0.count + 1, $0.first) } ?? (1, i)
                    counts[key] = entry
                    if entry.0 > bestCount || (entry.0 == bestCount && entry.1 < bestIndex) {
                        bestCount = entry.0
                        bestIndex = entry.1
                    }
                }
                return bestIndex >= 0 ? xs[bestIndex] : .null
            }),
            Builtin("random", min: 0, max: 1,
                    doc: "(random n) — int in [0, n) for a positive int n, float in [0, n) for a positive float n; (random) is a float in [0, 1)") { args, interp in
                let r = interp.host.random()
                guard let n = args.first else { return .float(r) }
                switch n {
                case .int(let k) where k > 0:
                    let x = Int(exactly: (r * Double(k)).rounded(.down)) ?? 0
                    return .int(Swift.max(0, Swift.min(x, k - 1)))
                case .float(let d) where d > 0 && d.isFinite:
                    let x = r * d
                    return .float(x < d ? x : d.nextDown)
                case .int, .float:
                    throw OVSMError.type("random: expected a positive limit, got \(Printer.printForm(n))")
                default:
                    throw OVSMError.type("random: expected a number, got \(n.typeName)")
                }
            },
        ]
    }

    /// An array of numbers as Doubles (null → empty).
    static func numDoubles(_ v: Value, _ fn: String) throws -> [Double] {
        try Arg.array(v, fn).map { e in
            switch e {
            case .int(let i): return Double(i)
            case .float(let d): return d
            default: throw OVSMError.type("\(fn): expected an array of numbers, got a \(e.typeName) element")
            }
        }
    }

    static func numVariance(_ xs: [Double]) -> Double {
        guard xs.count >= 2 else { return 0.0 }
        let mean = xs.reduce(0, +) / Double(xs.count)
        var acc = 0.0
        for x in xs { acc += (x - mean) * (x - mean) }
        return acc / Double(xs.count)
    }

    /// Stable sort of numbers by value (NaN last); callers pass numbers only.
    static func numSortNumbers(_ xs: [Value]) -> [Value] {
        xs.enumerated().sorted { l, r in
            let c = (try? ovsmCompare(l.element, r.element, "sort")) ?? 0
            return c != 0 ? c < 0 : l.offset < r.offset
        }.map(\.element)
    }
}
