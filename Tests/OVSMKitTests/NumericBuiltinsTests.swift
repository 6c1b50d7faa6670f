import Testing
@testable import OVSMKit

// Calls a builtin directly (arity checked as the evaluator would).
fileprivate func call(_ name: String, _ args: [Value]) throws -> Value {
    guard let b = Builtins.byName[name] else { throw OVSMError.unbound(name) }
    try b.checkArity(args.count)
    return try b.body(args, Interpreter())
}

/// Print form of the result, or `error:<category>`.
fileprivate func p(_ name: String, _ args: Value...) -> String {
    do {
        return Printer.printForm(try call(name, args))
    } catch let e as OVSMError {
        return "error:\(e.category.rawValue)"
    } catch {
        return "error:?"
    }
}

/// All values of a (possibly multiple-value) result, in print form.
fileprivate func mv(_ name: String, _ args: Value...) -> String {
    do {
        let v = try call(name, args)
        if case .multiple(let m) = v { return m.values.map(Printer.printForm).joined(separator: " ") }
        return Printer.printForm(v)
    } catch let e as OVSMError {
        return "error:\(e.category.rawValue)"
    } catch {
        return "error:?"
    }
}

fileprivate let I = Value.int
fileprivate let F = Value.float
fileprivate let S = Value.string
fileprivate let maxI = Value.int(Int.max)
fileprivate let minI = Value.int(Int.min)
fileprivate let nan = Value.float(.nan)
fileprivate let inf = Value.float(.infinity)

@Suite struct NumericBuiltinsTests {
    @Test func ordering() throws {
        #expect(try ovsmCompare(I(1), F(1.5), "t") == -1)
        #expect(try ovsmCompare(F(2), I(2), "t") == 0)
        #expect(try ovsmCompare(I(Int.max), F(9.223372036854775807e18), "t") == -1)
        #expect(try ovsmCompare(I(Int.min), F(-9.223372036854775808e18), "t") == 0)
        #expect(try ovsmCompare(S("b"), S("a"), "t") == 1)
        #expect(try ovsmCompare(S("Z"), S("a"), "t") == -1)
        #expect(try ovsmCompare(S("é"), S("z"), "t") == 1)
        #expect(try ovsmCompare(S(""), S("a"), "t") == -1)
        #expect(try ovsmCompare(nan, I(5), "t") == 1)
        #expect(try ovsmCompare(nan, nan, "t") == 0)
        #expect(throws: OVSMError.self) { try ovsmCompare(I(1), S("a"), "t") }
        #expect(throws: OVSMError.self) { try ovsmCompare(.null, .null, "t") }
    }

    @Test func addSubMul() {
        #expect(p("+") == "0")
        #expect(p("*") == "1")
        #expect(p("+", I(1), I(2), I(3), I(4)) == "10")
        #expect(p("+", I(1), F(2)) == "3.0")
        #expect(p("+", F(0.1), F(0.2)) == "0.30000000000000004")
        #expect(p("+", I(5)) == "5")
        #expect(p("+", S("ab"), S("cd")) == "\"abcd\"")
        #expect(p("+", .array([I(1)]), .array([I(2)])) == "[1 2]")
        #expect(p("+", I(1), S("a")) == "error:type")
        #expect(p("+", S("a"), I(1)) == "error:type")
        #expect(p("+", S("a")) == "\"a\"")
        #expect(p("+", .null) == "error:type")
        #expect(p("+", maxI, I(1)) == "error:limit")
        #expect(p("-") == "error:arity")
        #expect(p("-", I(5)) == "-5")
        #expect(p("-", F(0)) == "-0.0")
        #expect(p("-", minI) == "error:limit")
        #expect(p("-", I(10), I(3), I(2)) == "5")
        #expect(p("-", minI, I(1)) == "error:limit")
        #expect(p("-", S("a")) == "error:type")
        #expect(p("*", I(2), I(3), I(4)) == "24")
        #expect(p("*", maxI, I(2)) == "error:limit")
        #expect(p("*", F(2.5), I(4)) == "10.0")
        #expect(p("*", I(2), .bool(true)) == "error:type")
    }

    @Test func division() {
        #expect(p("/", I(10), I(2)) == "5")
        #expect(p("/", I(7), I(2)) == "3.5")
        #expect(p("/", I(10), I(4), I(2)) == "1.25")
        #expect(p("/", I(-9), I(3)) == "-3")
        #expect(p("/", I(4)) == "0.25")
        #expect(p("/", I(1)) == "1")
        #expect(p("/", I(10), I(0)) == "error:division-by-zero")
        #expect(p("/", I(10), F(0)) == "error:division-by-zero")
        #expect(p("/", F(1), F(-0.0)) == "error:division-by-zero")
        #expect(p("/", I(0)) == "error:division-by-zero")
        #expect(p("/", minI, I(-1)) == "error:limit")
        #expect(p("/", maxI, I(-1)) == "-9223372036854775807")
        #expect(p("/", F(1), I(4)) == "0.25")
        #expect(p("/", S("a"), I(1)) == "error:type")
    }

    @Test func remainders() {
        #expect(p("%", I(7), I(3)) == "1")
        #expect(p("%", I(-7), I(3)) == "-1")
        #expect(p("rem", I(-7), I(3)) == "-1")
        #expect(p("mod", I(-7), I(3)) == "2")
        #expect(p("mod", I(7), I(-3)) == "-2")
        #expect(p("mod", I(6), I(-3)) == "0")
        #expect(p("%", F(7.5), I(2)) == "1.5")
        #expect(p("mod", F(-7.5), I(2)) == "0.5")
        #expect(p("%", F(5), F(0)) == "error:division-by-zero")
        #expect(p("mod", I(5), I(0)) == "error:division-by-zero")
        #expect(p("%", minI, I(-1)) == "0")
        #expect(p("mod", minI, I(-1)) == "0")
        #expect(p("quot", I(7), I(2)) == "3")
        #expect(p("quot", I(-7), I(2)) == "-3")
        #expect(p("quot", I(7), I(0)) == "error:division-by-zero")
        #expect(p("quot", minI, I(-1)) == "error:limit")
        #expect(p("quot", F(7), I(2)) == "error:type")
        #expect(p("%", I(1)) == "error:arity")
    }

    @Test func incDecAbsMinMax() {
        #expect(p("1+", I(1)) == "2")
        #expect(p("inc", F(1.5)) == "2.5")
        #expect(p("1-", I(1)) == "0")
        #expect(p("dec", minI) == "error:limit")
        #expect(p("inc", maxI) == "error:limit")
        #expect(p("abs", I(-3)) == "3")
        #expect(p("abs", F(-0.5)) == "0.5")
        #expect(p("abs", minI) == "error:limit")
        #expect(p("abs", S("x")) == "error:type")
        #expect(p("max", I(-1), I(-5)) == "-1")
        #expect(p("max", I(1), F(2)) == "2.0")
        #expect(p("min", I(1), F(1)) == "1")
        #expect(p("min", .array([I(3), I(1), I(2)])) == "1")
        #expect(p("max", .array([])) == "null")
        #expect(p("max", I(7)) == "7")
        #expect(p("max") == "error:arity")
        #expect(p("max", I(1), S("a")) == "error:type")
        #expect(p("min", S("a"), S("b")) == "error:type")
        #expect(p("max", I(1), nan) == "nan")
        #expect(p("clamp", I(5), I(0), I(3)) == "3")
        #expect(p("clamp", I(-5), I(0), I(3)) == "0")
        #expect(p("clamp", F(1.5), I(0), I(3)) == "1.5")
        #expect(p("sign", I(-4)) == "-1")
        #expect(p("signum", F(-3)) == "-1.0")
        #expect(p("sign", F(0)) == "0.0")
        #expect(p("sign", I(0)) == "0")
    }

    @Test func rounding() {
        #expect(mv("floor", F(2.7)) == "2 0.7000000000000002")
        #expect(mv("ceiling", F(2.1)) == "3 -0.8999999999999999")
        #expect(p("round", F(2.5)) == "3")
        #expect(p("round", F(-2.5)) == "-3")
        #expect(p("round", F(2.4)) == "2")
        #expect(p("truncate", F(-2.7)) == "-2")
        #expect(p("floor", F(-2.5)) == "-3")
        #expect(p("ceil", F(1.2)) == "2")
        #expect(p("trunc", F(-1.7)) == "-1")
        #expect(mv("floor", I(7), I(2)) == "3 1")
        #expect(mv("floor", I(-7), I(2)) == "-4 1")
        #expect(mv("ceiling", I(7), I(2)) == "4 -1")
        #expect(mv("truncate", I(-7), I(2)) == "-3 -1")
        #expect(mv("round", I(7), I(2)) == "4 -1")
        #expect(mv("round", I(-7), I(2)) == "-4 1")
        #expect(mv("round", I(5), I(3)) == "2 -1")
        #expect(mv("round", I(4), I(3)) == "1 1")
        #expect(mv("floor", I(7), I(-2)) == "-4 -1")
        #expect(mv("floor", I(5)) == "5 0")
        #expect(mv("floor", F(7.5), I(2)) == "3 1.5")
        #expect(mv("floor", minI, I(-1)) == "error:limit")
        #expect(mv("floor", minI, I(2)) == "-4611686018427387904 0")
        #expect(mv("round", maxI, I(2)) == "4611686018427387904 -1")
        #expect(p("floor", I(1), I(0)) == "error:division-by-zero")
        #expect(p("floor", F(1), F(0)) == "error:division-by-zero")
        #expect(p("floor", inf) == "error:limit")
        #expect(p("round", nan) == "error:limit")
        #expect(p("floor", F(1e300)) == "error:limit")
        #expect(p("floor", S("1")) == "error:type")
    }

    @Test func mathFunctions() {
        #expect(p("sqrt", I(16)) == "4.0")
        #expect(p("sqrt", I(2)) == "1.4142135623730951")
        #expect(p("sqrt", I(-1)) == "error:type")
        #expect(p("sqrt", F(-0.0)) == "-0.0")
        #expect(p("exp", I(0)) == "1.0")
        #expect(p("ln", I(1)) == "0.0")
        #expect(p("ln", I(0)) == "error:type")
        #expect(p("log10", I(1000)) == "3.0")
        #expect(p("log2", I(8)) == "3.0")
        #expect(p("sin", I(0)) == "0.0")
        #expect(p("cos", I(0)) == "1.0")
        #expect(p("tan", I(0)) == "0.0")
        #expect(p("asin", I(0)) == "0.0")
        #expect(p("acos", I(1)) == "0.0")
        #expect(p("asin", I(2)) == "error:type")
        #expect(p("atan", I(0)) == "0.0")
        #expect(p("atan", I(0), I(1)) == "0.0")
        #expect(p("atan2", I(0), I(1)) == "0.0")
        #expect(p("sin", S("x")) == "error:type")
        #expect(p("expt", I(2), I(10)) == "1024")
        #expect(p("expt", F(2), I(3)) == "8.0")
        #expect(p("expt", I(2), I(-1)) == "0.5")
        #expect(p("pow", I(3), I(0)) == "1")
        #expect(p("expt", I(0), I(0)) == "1")
        #expect(p("expt", I(-2), I(63)) == "-9223372036854775808")
        #expect(p("expt", I(2), I(63)) == "error:limit")
        #expect(p("expt", I(1), maxI) == "1")
        #expect(p("expt", I(-1), maxI) == "-1")
        #expect(p("expt", I(10), I(18)) == "1000000000000000000")
        #expect(p("expt", I(10), I(19)) == "error:limit")
    }

    @Test func integerOps() {
        #expect(p("gcd") == "0")
        #expect(p("lcm") == "1")
        #expect(p("gcd", I(12), I(18)) == "6")
        #expect(p("gcd", I(-12), I(18), I(4)) == "2")
        #expect(p("lcm", I(4), I(6)) == "12")
        #expect(p("lcm", I(-4), I(6)) == "12")
        #expect(p("lcm", I(0), I(6)) == "0")
        #expect(p("gcd", minI) == "error:limit")
        #expect(p("lcm", maxI, I(2)) == "error:limit")
        #expect(p("gcd", F(2)) == "error:type")
        #expect(p("logand", I(12), I(10)) == "8")
        #expect(p("logand") == "-1")
        #expect(p("logior", I(12), I(10)) == "14")
        #expect(p("logxor", I(12), I(10)) == "6")
        #expect(p("lognot", I(0)) == "-1")
        #expect(p("ash", I(1), I(4)) == "16")
        #expect(p("ash", I(-16), I(-2)) == "-4")
        #expect(p("ash", I(-1), I(-100)) == "-1")
        #expect(p("ash", I(1), I(63)) == "error:limit")
        #expect(p("ash", I(1), I(62)) == "4611686018427387904")
        #expect(p("ash", I(0), I(1000)) == "0")
        #expect(p("ash", I(5), minI) == "0")
    }

    @Test func aggregates() {
        let xs = Value.array([I(1), I(2), I(3), I(4)])
        #expect(p("sum", xs) == "10")
        #expect(p("sum", .array([])) == "0")
        #expect(p("sum", .null) == "0")
        #expect(p("sum", .array([I(1), F(0.5)])) == "1.5")
        #expect(p("sum", .array([maxI, I(1)])) == "error:limit")
        #expect(p("sum", .array([S("a")])) == "error:type")
        #expect(p("sum", I(3)) == "error:type")
        #expect(p("product", xs) == "24")
        #expect(p("product", .array([])) == "1")
        #expect(p("mean", xs) == "2.5")
        #expect(p("avg", .array([I(2), I(2)])) == "2.0")
        #expect(p("average", .array([I(1), I(2)])) == "1.5")
        #expect(p("mean", .array([])) == "null")
        #expect(p("median", .array([I(3), I(1), I(2)])) == "2")
        #expect(p("median", xs) == "2.5")
        #expect(p("median", .array([I(1), I(3)])) == "2")
        #expect(p("median", .array([])) == "null")
        #expect(p("median", .array([S("a")])) == "error:type")
        #expect(p("variance", xs) == "1.25")
        #expect(p("variance", .array([I(5)])) == "0.0")
        #expect(p("stddev", .array([2, 4, 4, 4, 5, 5, 7, 9].map(I))) == "2.0")
        #expect(p("std", .array([])) == "0.0")
        #expect(p("mode", .array([3, 1, 1, 3, 2].map(I))) == "3")
        #expect(p("mode", .array([])) == "null")
        #expect(p("mode", .array([S("a"), S("b"), S("b")])) == "\"b\"")
    }

    @Test func random() throws {
        for _ in 0..<5 {
            guard case .int(let k) = try call("random", [I(10)]) else { Issue.record("not int"); return }
            #expect((0..<10).contains(k))
        }
        guard case .float(let d) = try call("random", [F(2)]) else { Issue.record("not float"); return }
        #expect(d >= 0 && d < 2)
        #expect(p("random", I(0)) == "error:type")
        #expect(p("random", S("x")) == "error:type")
    }

    @Test func comparisons() {
        #expect(p("=", I(1), F(1)) == "true")
        #expect(p("=", I(1), I(2)) == "false")
        #expect(p("==", I(3), I(3)) == "true")
        #expect(p("=", I(1), I(1), I(1)) == "true")
        #expect(p("=", I(1), I(1), I(2)) == "false")
        #expect(p("=", I(1)) == "error:arity")
        #expect(p("=", nan, nan) == "false")
        #expect(p("eq", .kw("a"), S("a")) == "false")
        #expect(p("!=", I(1), I(2)) == "true")
        #expect(p("!=", I(1), F(1)) == "false")
        #expect(p("/=", I(1), I(2), I(1)) == "false")
        #expect(p("not=", I(1), I(2), I(3)) == "true")
        #expect(p("!=", I(1)) == "error:arity")
        #expect(p("<", I(1), I(2), I(3)) == "true")
        #expect(p("<", I(1), I(3), I(2)) == "false")
        #expect(p("<=", I(1), I(1), I(2)) == "true")
        #expect(p(">=", I(3), I(3), I(1)) == "true")
        #expect(p(">", I(3), I(2), I(2)) == "false")
        #expect(p("<", I(1)) == "error:arity")
        #expect(p("<", S("apple"), S("banana")) == "true")
        #expect(p(">", S("b"), S("a")) == "true")
        #expect(p("<", I(1), S("a")) == "error:type")
        #expect(p("<", I(2), I(1), S("a")) == "error:type")
        #expect(p("<", .null, I(1)) == "error:type")
        #expect(p("<", I(1), F(1.5)) == "true")
        #expect(p("<", nan, I(1)) == "false")
        #expect(p(">=", nan, nan) == "false")
        #expect(p("<", maxI, F(9.223372036854775807e18)) == "true")
        #expect(p("not", .null) == "true")
        #expect(p("not", I(0)) == "true")
        #expect(p("not", S("0")) == "false")
    }

    @Test func predicates() {
        #expect(p("null?", .null) == "true")
        #expect(p("nil?", I(0)) == "false")
        #expect(p("bool?", .bool(true)) == "true")
        #expect(p("boolean?", I(0)) == "false")
        #expect(p("integer?", I(1)) == "true")
        #expect(p("int?", F(1)) == "false")
        #expect(p("floatp", F(1.5)) == "true")
        #expect(p("numberp", S("1")) == "false")
        #expect(p("keywordp", .kw("a")) == "true")
        #expect(p("symbolp", .sym("a")) == "true")
        #expect(p("symbol?", .kw("a")) == "false")
        #expect(p("vector?", .array([])) == "true")
        #expect(p("list?", .null) == "false")
        #expect(p("object?", .object(OVSMObject())) == "true")
        #expect(p("function?", .kw("a")) == "false")
        #expect(p("atom", .array([])) == "true")
        #expect(p("atom", .array([I(1)])) == "false")
        #expect(p("consp", .array([I(1)])) == "true")
        #expect(p("empty?", .null) == "true")
        #expect(p("empty?", S("")) == "true")
        #expect(p("empty?", I(0)) == "false")
        #expect(p("blank?", S(" \t\n")) == "true")
        #expect(p("blank?", S(" a")) == "false")
        #expect(p("blank?", I(0)) == "false")
        #expect(p("evenp", I(2)) == "true")
        #expect(p("oddp", I(2)) == "false")
        #expect(p("odd?", I(-3)) == "true")
        #expect(p("even?", F(2)) == "error:type")
        #expect(p("plusp", I(0)) == "false")
        #expect(p("positivep", I(3)) == "true")
        #expect(p("minusp", I(-1)) == "true")
        #expect(p("negativep", I(0)) == "false")
        #expect(p("zerop", F(0)) == "true")
        #expect(p("zero?", S("0")) == "error:type")
        #expect(p("typeof", F(1)) == "\"float\"")
        #expect(p("type-of", .null) == "\"null\"")
        #expect(p("bool", S("")) == "false")
        #expect(p("bool", .kw("k")) == "true")
        #expect(p("assert-type", I(5), .bool(true)) == "null")
        #expect(p("assert-type", I(5), .bool(false)) == "error:user")
        #expect(p("assert-type", I(5), I(1)) == "error:type")
    }

    @Test func conversions() {
        #expect(p("int", S("3.7")) == "3")
        #expect(p("int", S("-3.7")) == "-3")
        #expect(p("int", S(" 12.99 ")) == "12")
        #expect(p("int", S("42")) == "42")
        #expect(p("int", S("x")) == "null")
        #expect(p("int", S("")) == "null")
        #expect(p("int", S("1e3")) == "1000")
        #expect(p("int", S("inf")) == "null")
        #expect(p("int", S("nan")) == "null")
        #expect(p("int", S("0x10")) == "null")
        #expect(p("int", S("99999999999999999999")) == "error:limit")
        #expect(p("int", F(-2.9)) == "-2")
        #expect(p("int", F(1e19)) == "error:limit")
        #expect(p("int", nan) == "error:limit")
        #expect(p("integer", .bool(true)) == "1")
        #expect(p("parseint", .bool(false)) == "0")
        #expect(p("int", .null) == "error:type")
        #expect(p("int", .array([])) == "error:type")
        #expect(p("float", I(2)) == "2.0")
        #expect(p("float", S("2")) == "2.0")
        #expect(p("parsefloat", S(" 2.5 ")) == "2.5")
        #expect(p("float", S(".5")) == "0.5")
        #expect(p("float", S("abc")) == "null")
        #expect(p("float", .bool(true)) == "1.0")
        #expect(p("float", .kw("a")) == "error:type")
        #expect(p("parse-int", S("42")) == "42")
        #expect(p("parse-int", S(" -42 ")) == "-42")
        #expect(p("parse-int", S("3.7")) == "null")
        #expect(p("parse-int", S("ff"), I(16)) == "255")
        #expect(p("parse-int", S("101"), I(2)) == "5")
        #expect(p("parse-int", S("12"), I(2)) == "null")
        #expect(p("parse-int", S("x")) == "null")
        #expect(p("parse-int", S("99999999999999999999")) == "error:limit")
        #expect(p("parse-int", S("1"), I(1)) == "error:type")
        #expect(p("parse-int", I(1)) == "error:type")
        #expect(p("parse-float", S("2.5")) == "2.5")
        #expect(p("parse-float", S("3")) == "3.0")
        #expect(p("parse-float", S("1.5e-5")) == "1.5e-5")
        #expect(p("parse-float", S("e5")) == "null")
        #expect(p("parse-float", S("1e")) == "null")
        #expect(p("symbol-name", .sym("abc")) == "\"abc\"")
        #expect(p("symbol-name", .kw("k")) == "\"k\"")
        #expect(p("symbol-name", S("s")) == "error:type")
        #expect(p("keyword", S("a")) == ":a")
        #expect(p("keyword", S(":a")) == ":a")
        #expect(p("keyword", .sym("b")) == ":b")
        #expect(p("keyword", S("")) == "error:type")
        #expect(p("symbol", S("abc")) == "abc")
        #expect(p("intern", S("abc")) == "abc")
        #expect(p("intern", I(1)) == "error:type")
    }

    @Test func docstringsAndNames() {
        let names = ["+", "-", "*", "/", "%", "rem", "mod", "quot", "1+", "inc", "1-", "dec", "abs", "min", "max",
                     "floor", "ceiling", "ceil", "round", "truncate", "trunc", "sqrt", "exp", "ln", "log10", "log2",
                     "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "expt", "pow", "gcd", "lcm", "sign",
                     "signum", "clamp", "logand", "logior", "logxor", "lognot", "ash", "sum", "product", "mean",
                     "avg", "average", "median", "random", "float", "int", "integer", "parse-int", "parse-float",
                     "=", "==", "equal", "eq", "eql", "equalp", "!=", "/=", "not=", "<", "<=", ">", ">=", "not",
                     "null?", "nil?", "bool?", "boolean?", "int?", "integer?", "integerp", "float?", "floatp",
                     "number?", "numberp", "string?", "stringp", "keyword?", "keywordp", "symbol?", "symbolp",
                     "array?", "list?", "listp", "vector?", "object?", "function?", "functionp", "atom", "consp",
                     "empty?", "blank?", "even?", "evenp", "odd?", "oddp", "zero?", "zerop", "positive?", "plusp",
                     "negative?", "minusp", "positivep", "negativep", "type-of", "typeof", "bool", "symbol-name",
                     "keyword", "symbol", "intern", "parseint", "parsefloat", "variance", "stddev", "std", "mode",
                     "assert-type"]
        for n in names {
            guard let b = Builtins.byName[n] else { Issue.record("missing builtin \(n)"); continue }
            #expect(b.doc.hasPrefix("(\(b.name)"), "doc of \(n)")
            #expect(b.doc.contains(" — "), "doc of \(n)")
        }
    }
}
