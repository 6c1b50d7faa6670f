/// Comparison (spec §5, §8.2), type predicates and conversions (§8.3, §17.1, §17.2).
extension Builtins {

    // MARK: equality and ordering

    static var numComparisons: [Builtin] {
        [
            Builtin("=", aliases: ["==", "equal", "eq", "eql", "equalp"], min: 2, max: nil,
                    doc: "(= a b...) — true when all arguments are deeply equal (numbers across int and float, NaN equals nothing)",
                    binary: { x, y, _ in .bool(ovsmEqual(x, y)) }) { args, _ in
                if args.count == 2 { return .bool(ovsmEqual(args[0], args[1])) }
                for i in 1..<args.count where !ovsmEqual(args[i - 1], args[i]) { return .false }
                return .true
            },
            Builtin("!=", aliases: ["/=", "not="], min: 2, max: nil,
                    doc: "(!= a b...) — true when the arguments are pairwise unequal; (!= a b) is (not (= a b))",
                    binary: { x, y, _ in .bool(!ovsmEqual(x, y)) }) { args, _ in
                if args.count == 2 { return .bool(!ovsmEqual(args[0], args[1])) }
                for i in 0..<args.count {
                    for j in (i + 1)..<args.count where ovsmEqual(args[i], args[j]) { return .false }
                }
                return .true
            },
            Builtin("<", min: 2, max: nil,
                    doc: "(< a b...) — true when each argument is less than the next (all numbers, or all strings by scalar order)",
                    binary: { x, y, _ in
                        if case .int(let a) = x, case .int(let b) = y { return .bool(a < b) }
                        return try numChain([x, y], "<") { $0 < 0 }
                    }) { args, _ in
                if args.count == 2, case .int(let x) = args[0], case .int(let y) = args[1] { return .bool(x < y) }
                return try numChain(args, "<") { $0 < 0 }
            },
            Builtin("<=", min: 2, max: nil,
                    doc: "(<= a b...) — true when each argument is less than or equal to the next",
                    binary: { x, y, _ in
                        if case .int(let a) = x, case .int(let b) = y { return .bool(a <= b) }
                        return try numChain([x, y], "<=") { $0 <= 0 }
                    }) { args, _ in
                if args.count == 2, case .int(let x) = args[0], case .int(let y) = args[1] { return .bool(x <= y) }
                return try numChain(args, "<=") { $0 <= 0 }
            },
            Builtin(">", min: 2, max: nil,
                    doc: "(> a b...) — true when each argument is greater than the next",
                    binary: { x, y, _ in
                        if case .int(let a) = x, case .int(let b) = y { return .bool(a > b) }
                        return try numChain([x, y], ">") { $0 > 0 }
                    }) { args, _ in
                if args.count == 2, case .int(let x) = args[0], case .int(let y) = args[1] { return .bool(x > y) }
                return try numChain(args, ">") { $0 > 0 }
            },
            Builtin(">=", min: 2, max: nil,
                    doc: "(>= a b...) — true when each argument is greater than or equal to the next",
                    binary: { x, y, _ in
                        if case .int(let a) = x, case .int(let b) = y { return .bool(a >= b) }
                        return try numChain([x, y], ">=") { $0 >= 0 }
                    }) { args, _ in
                if args.count == 2, case .int(let x) = args[0], case .int(let y) = args[1] { return .bool(x >= y) }
                return try numChain(args, ">=") { $0 >= 0 }
            },
            Builtin("not", doc: "(not x) — true when x is falsy, else false", unary: { arg0, _ in
                .bool(!arg0.isTruthy)
            }),
        ]
    }

    /// A comparison chain. Operands must be all numbers or all strings (checked for every
    /// operand, even after the answer is known); NaN makes any numeric comparison false.
    static func numChain(_ args: [Value], _ fn: String, _ ok: (Int) -> Bool) throws -> Value {
        let strings: Bool
        switch args[0] {
        case .string: strings = true
        case .int, .float: strings = false
        default: throw OVSMError.type("\(fn): expected numbers or strings, got \(args[0].typeName)")
        }
        var result = true
        for i in 1..<args.count {
            let a = args[i - 1], b = args[i]
            if strings {
                guard case .string(let x) = a, case .string(let y) = b else {
                    throw OVSMError.type("\(fn): cannot compare string with \(b.typeName)")
                }
                if result && !ok(compareScalars(x, y)) { result = false }
            } else {
                guard b.isNumber else { throw OVSMError.type("\(fn): cannot compare number with \(b.typeName)") }
                if result {
                    if let c = try Num.order(a, b, fn) { result = ok(c) } else { result = false }
                }
            }
        }
        return .bool(result)
    }

    // MARK: predicates

    static var numPredicates: [Builtin] {
        func pred(_ name: String, _ aliases: [String] = [], _ doc: String,
                  _ test: @escaping @Sendable (Value) throws -> Bool) -> Builtin {
            Builtin(name, aliases: aliases, doc: "(\(name) x) — \(doc)", unary: { x, _ in
                .bool(try test(x))
            })
        }
        @Sendable func number(_ v: Value, _ fn: String) throws -> Double {
            try Arg.number(v, fn)
        }
        return [
            pred("null?", ["nil?"], "true when x is null") { if case .null = $0 { true } else { false } },
            pred("bool?", ["boolean?"], "true when x is true or false") { if case .bool = $0 { true } else { false } },
            pred("int?", ["integer?", "integerp"], "true when x is an int") { if case .int = $0 { true } else { false } },
            pred("float?", ["floatp"], "true when x is a float") { if case .float = $0 { true } else { false } },
            pred("number?", ["numberp"], "true when x is an int or a float") { $0.isNumber },
            pred("string?", ["stringp"], "true when x is a string") { if case .string = $0 { true } else { false } },
            pred("keyword?", ["keywordp"], "true when x is a keyword") { if case .keyword = $0 { true } else { false } },
            pred("symbol?", ["symbolp"], "true when x is a symbol (keywords are not symbols)") {
                if case .symbol = $0 { true } else { false }
            },
            pred("array?", ["list?", "listp", "vector?"], "true when x is an array (lists are arrays)") {
                if case .array = $0 { true } else { false }
            },
            pred("object?", [], "true when x is an object") { if case .object = $0 { true } else { false } },
            pred("function?", ["functionp"], "true when x is a function (builtin or user)") {
                if case .function = $0 { true } else { false }
            },
            pred("atom", [], "true unless x is a non-empty array") {
                if case .array(let a) = $0 { a.isEmpty } else { true }
            },
            pred("consp", [], "true when x is a non-empty array") {
                if case .array(let a) = $0 { !a.isEmpty } else { false }
            },
            pred("empty?", [], "true when x is null or an empty string, array or object; false for anything else") {
                switch $0 {
                case .null: return true
                case .string(let s): return s.isEmpty
                case .array(let a): return a.isEmpty
                case .object(let o): return o.isEmpty
                default: return false
                }
            },
            pred("blank?", [], "true when x is null or a string of only whitespace") {
                switch $0 {
                case .null: return true
                case .string(let s): return s.unicodeScalars.allSatisfy { StringOps.isSpace($0) }
                default: return false
                }
            },
            pred("even?", ["evenp"], "true when the int x is even") { try Arg.int($0, "even?") & 1 == 0 },
            pred("odd?", ["oddp"], "true when the int x is odd") { try Arg.int($0, "odd?") & 1 == 1 },
            pred("zero?", ["zerop"], "true when the number x is zero") { try number($0, "zero?") == 0 },
            pred("positive?", ["plusp", "positivep"], "true when the number x is greater than zero") {
                try number($0, "positive?") > 0
            },
            pred("negative?", ["minusp", "negativep"], "true when the number x is less than zero") {
                try number($0, "negative?") < 0
            },
            Builtin("type-of", aliases: ["typeof"], doc: "(type-of x) — the type name of x: \"null\" \"bool\" \"int\" \"float\" \"string\" \"keyword\" \"symbol\" \"array\" \"object\" \"function\" or \"macro\"", unary: { arg0, _ in
                .string(arg0.typeName)
            }),
            Builtin("bool", doc: "(bool x) — the truthiness of x as true or false", unary: { arg0, _ in
                .bool(arg0.isTruthy)
            }),
            Builtin("assert-type", doc: "(assert-type v ok) — null when ok is true; a user error when ok is false; ok must be a bool", binary: { arg0, arg1, _ in
                guard case .bool(let ok) = arg1 else {
                    throw OVSMError.type("assert-type: expected a bool check, got \(arg1.typeName)")
                }
                if !ok { throw OVSMError.user("assert-type: type assertion failed for \(Printer.printForm(arg0))") }
                return .null
            }),
        ]
    }

    // MARK: conversions

    static var numConversions: [Builtin] {
        [
            Builtin("int", aliases: ["integer", "parseint"], doc: "(int x) — x as an int: floats truncate toward zero, strings are parsed after trimming (unparseable → null), true/false → 1/0", unary: { arg0, _ in
                try numToInt(arg0, "int")
            }),
            Builtin("float", aliases: ["parsefloat"], doc: "(float x) — x as a float: strings are parsed after trimming (unparseable → null), true/false → 1.0/0.0", unary: { arg0, _ in
                switch arg0 {
                case .int(let i): return .float(Double(i))
                case .float: return arg0
                case .bool(let b): return .float(b ? 1 : 0)
                case .string(let s):
                    switch Num.parse(s) {
                    case .int(let i)?: return .float(Double(i))
                    case let v?: return v
                    case nil: return .null
                    }
                default: throw OVSMError.type("float: cannot convert \(arg0.typeName) to a float")
                }
            }),
            Builtin("parse-int", min: 1, max: 2,
                    doc: "(parse-int s [radix]) — the int written in s (radix 2–36, default 10; optional sign; whitespace trimmed), or null when s is not an integer") { args, _ in
                let s = StringOps.trimmed(try Arg.string(args[0], "parse-int"), left: true, right: true)
                var radix = 10
                if args.count == 2 {
                    radix = try Arg.int(args[1], "parse-int")
                    guard (2...36).contains(radix) else {
                        throw OVSMError.type("parse-int: radix must be between 2 and 36, got \(radix)")
                    }
                }
                if let i = Int(s, radix: radix) { return .int(i) }
                // Distinguish "too big" (limit) from "not a number" (null).
                var digits = Substring(s).utf8[...]
                if let f = digits.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { digits = digits.dropFirst() }
                if !digits.isEmpty && digits.allSatisfy({ numDigitValue($0).map { $0 < radix } ?? false }) {
                    throw OVSMError.limit("parse-int: \(s) is outside the int range")
                }
                return .null
            },
            Builtin("parse-float", doc: "(parse-float s) — the number written in s as a float (whitespace trimmed), or null when s is not a number", unary: { arg0, _ in
                switch Num.parse(try Arg.string(arg0, "parse-float")) {
                case .int(let i)?: return .float(Double(i))
                case let v?: return v
                case nil: return .null
                }
            }),
            Builtin("symbol-name", doc: "(symbol-name s) — the name of a symbol or keyword, without a colon", unary: { arg0, _ in
                switch arg0 {
                case .symbol(let s), .keyword(let s): return .string(s.name)
                default: throw OVSMError.type("symbol-name: expected a symbol or keyword, got \(arg0.typeName)")
                }
            }),
            Builtin("keyword", doc: "(keyword s) — the keyword named by a string or symbol (a leading colon in the string is dropped)", unary: { arg0, _ in
                var name: String
                switch arg0 {
                case .keyword: return arg0
                case .symbol(let s): name = s.name
                case .string(let s): name = s
                default: throw OVSMError.type("keyword: expected a string or symbol, got \(arg0.typeName)")
                }
                if StringOps.scalarCount(name) > 1 && name.hasPrefix(":") { name.removeFirst() }
                guard !name.isEmpty else { throw OVSMError.type("keyword: name must not be empty") }
                return .keyword(Symbol.intern(name))
            }),
            Builtin("symbol", aliases: ["intern"], doc: "(symbol s) — the symbol named by the string s", unary: { arg0, _ in
                switch arg0 {
                case .symbol: return arg0
                case .string(let s):
                    guard !s.isEmpty else { throw OVSMError.type("symbol: name must not be empty") }
                    return .symbol(Symbol.intern(s))
                default: throw OVSMError.type("symbol: expected a string, got \(arg0.typeName)")
                }
            }),
        ]
    }

    /// Value of an ASCII digit or letter in radix 36.
    static func numDigitValue(_ u: UInt8) -> Int? {
        switch u {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(u) - 48
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(u) - 87
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(u) - 55
        default: return nil
        }
    }

    /// `int` conversion (also used by `parseint`).
    static func numToInt(_ v: Value, _ fn: String) throws -> Value {
        switch v {
        case .int: return v
        case .float(let d): return .int(try Num.truncToInt(d, fn))
        case .bool(let b): return .int(b ? 1 : 0)
        case .string(let s):
            switch Num.parse(s) {
            case .int(let i)?: return .int(i)
            case .float(let d)?: return .int(try Num.truncToInt(d, fn))
            default: return .null
            }
        default: throw OVSMError.type("\(fn): cannot convert \(v.typeName) to an int")
        }
    }
}
