import Testing
@testable import OVSMKit

/// Unit tests of the collections builtin group (spec §8.4–§8.7, §17.1–§17.2), calling the
/// builtins directly through the builtin table.
@Suite("Collection builtins")
struct CollectionBuiltinsTests {
    let interp = Interpreter()

    // MARK: helpers

    func i(_ n: Int) -> Value { .int(n) }
    func s(_ t: String) -> Value { .string(t) }
    func k(_ n: String) -> Value { .kw(n) }
    func a(_ xs: Value...) -> Value { .array(xs) }
    func ints(_ xs: Int...) -> Value { .array(xs.map { .int($0) }) }
    func o(_ pairs: (String, Value)...) -> Value { .object(OVSMObject(pairs)) }
    func f(_ name: String) -> Value { .function(Function(builtin: Builtins.byName[name]!)) }

    /// Calls builtin `name` (arity checked) and returns the print form of the result, or
    /// `error[category]`.
    func p(_ name: String, _ args: Value...) -> String {
        guard let b = Builtins.byName[name] else { return "unbound \(name)" }
        do {
            try b.checkArity(args.count)
            return Printer.printForm(try b.body(args, interp))
        } catch let e as OVSMError {
            return "error[\(e.category.rawValue)]"
        } catch {
            return "error[?]"
        }
    }

    /// Calls a function value the way the evaluator would.
    func call(_ fn: Value, _ args: Value...) -> String {
        do { return Printer.printForm(try interp.apply(fn, args)) } catch let e as OVSMError {
            return "error[\(e.category.rawValue)]"
        } catch { return "error[?]" }
    }

    func value(_ name: String, _ args: Value...) throws -> Value {
        let b = Builtins.byName[name]!
        try b.checkArity(args.count)
        return try b.body(args, interp)
    }

    // MARK: polymorphic sequences

    @Test func lengthCountsScalarsElementsKeys() {
        #expect(p("length", ints(1, 2, 3)) == "3")
        #expect(p("len", s("héllo")) == "5")
        #expect(p("count", s("🚀x")) == "2")
        #expect(p("length", o(("a", i(1)))) == "1")
        #expect(p("length", .null) == "0")
        #expect(p("length", i(5)) == "error[type]")
        #expect(p("length") == "error[arity]")
    }

    @Test func firstRestLastOnArraysAndStrings() {
        #expect(p("first", ints(1, 2, 3)) == "1")
        #expect(p("car", a()) == "null")
        #expect(p("head", s("héllo")) == "\"h\"")
        #expect(p("second", s("héllo")) == "\"é\"")
        #expect(p("third", ints(1, 2)) == "null")
        #expect(p("last", a()) == "null")
        #expect(p("last", s("ab🚀")) == "\"🚀\"")
        #expect(p("rest", ints(1, 2, 3)) == "[2 3]")
        #expect(p("cdr", a()) == "[]")
        #expect(p("tail", .null) == "[]")
        #expect(p("rest", s("abc")) == "\"bc\"")
        #expect(p("butlast", ints(1, 2, 3)) == "[1 2]")
        #expect(p("init", a()) == "[]")
        #expect(p("first", i(5)) == "error[type]")
    }

    @Test func nthIsStrictAndAcceptsEitherOrder() {
        #expect(p("nth", ints(10, 20, 30), i(1)) == "20")
        #expect(p("nth", i(1), ints(10, 20, 30)) == "20")
        #expect(p("elt", s("héllo"), i(1)) == "\"é\"")
        #expect(p("aref", ints(5, 6), i(0)) == "5")
        #expect(p("nth", ints(1, 2), i(5)) == "error[index]")
        #expect(p("nth", ints(1, 2, 3), i(-1)) == "error[index]")
        #expect(p("nth", .null, i(0)) == "error[index]")
        #expect(p("nth", ints(1), s("x")) == "error[type]")
    }

    @Test func indexOfAndContains() {
        #expect(p("index-of", s("hello"), s("l")) == "2")
        #expect(p("last-index-of", s("hello"), s("l")) == "3")
        #expect(p("index-of", s("hello"), s("z")) == "null")
        #expect(p("indexof", ints(1, 2, 3), i(2)) == "1")
        #expect(p("lastindexof", s("abcabc"), s("bc")) == "4")
        #expect(p("lastIndexOf", ints(1, 2, 1), i(1)) == "2")
        #expect(p("index-of", s("日本語x"), s("x")) == "3")
        #expect(p("index-of", a(k("a"), k("b")), k("b")) == "1")
        #expect(p("index-of", ints(1), i(9)) == "null")
        #expect(p("contains", ints(1, 2, 3), .float(2.0)) == "true")
        #expect(p("contains", s("solana"), s("lan")) == "true")
        #expect(p("string-contains", s("solana"), s("x")) == "false")
        #expect(p("includes", o(("a", i(1))), k("a")) == "true")
        #expect(p("elem", s("abc"), s("d")) == "false")
        #expect(p("contains", .null, i(1)) == "false")
        #expect(p("contains", i(1), i(1)) == "error[type]")
    }

    @Test func substringBounds() {
        #expect(p("substring", s("hello world"), i(6), i(11)) == "\"world\"")
        #expect(p("subseq", s("abcdef"), i(2)) == "\"cdef\"")
        #expect(p("substring", s("🚀🌕x"), i(1), i(2)) == "\"🌕\"")
        #expect(p("slice", ints(0, 1, 2, 3, 4), i(1), i(3)) == "[1 2]")
        #expect(p("slice", ints(0, 1), i(2), i(2)) == "[]")
        #expect(p("substring", s("abc"), i(1), i(5)) == "error[index]")
        #expect(p("substring", s("abc"), i(2), i(1)) == "error[index]")
        #expect(p("slice", ints(1, 2), i(-1)) == "error[index]")
        #expect(p("slice", i(3), i(0)) == "error[type]")
    }

    @Test func reverseRepeatTakeDrop() {
        #expect(p("reverse", ints(1, 2, 3)) == "[3 2 1]")
        #expect(p("reverse", s("héllo")) == "\"olléh\"")
        #expect(p("repeat", ints(1, 2), i(3)) == "[1 2 1 2 1 2]")
        #expect(p("repeat", a(), i(2)) == "[]")
        #expect(p("repeat", s("ab"), i(2)) == "\"abab\"")
        #expect(p("repeat", i(7), i(2)) == "[7 7]")
        #expect(p("repeat", a(ints(1)), i(2)) == "[[1] [1]]")
        #expect(p("repeat", i(7), i(-1)) == "error[type]")
        #expect(p("repeat", s(""), i(Int.max)) == "\"\"")
        #expect(p("repeat", a(), i(Int.max)) == "[]")
        #expect(p("repeat", i(7), i(Int.max)) == "error[limit]")
        #expect(p("repeat", s("ab"), i(Int.max / 2 + 1)) == "error[limit]")
        #expect(p("take", ints(1, 2, 3, 4), i(2)) == "[1 2]")
        #expect(p("take", i(10), ints(1, 2)) == "[1 2]")
        #expect(p("drop", ints(1, 2, 3, 4), i(2)) == "[3 4]")
        #expect(p("drop", s("héllo"), i(1)) == "\"éllo\"")
        #expect(p("take", ints(1), i(-1)) == "error[type]")
        #expect(p("drop", i(-1), ints(1)) == "error[type]")
    }

    // MARK: arrays

    @Test func rangeForms() {
        #expect(p("range", i(5)) == "[0 1 2 3 4]")
        #expect(p("range", i(1), i(4)) == "[1 2 3]")
        #expect(p("range", i(0), i(10), i(3)) == "[0 3 6 9]")
        #expect(p("range", i(5), i(0), i(-2)) == "[5 3 1]")
        #expect(p("range", i(5), i(0)) == "[]")
        #expect(p("range", i(-3)) == "[]")
        #expect(p("range", i(0), i(5), i(0)) == "error[type]")
        #expect(p("range", .float(3.0)) == "error[type]")
        #expect(p("range", i(Int.min), i(Int.max)) == "error[limit]")
        #expect(p("range", i(Int.max - 2), i(Int.max)) == "[\(Int.max - 2) \(Int.max - 1)]")
        #expect(p("range", i(Int.max), i(Int.min), i(Int.min)) == "[\(Int.max) -1]")
    }

    @Test func getAndGetIn() {
        let user = o(("name", s("Alice")), ("age", i(30)))
        #expect(p("get", user, k("name")) == "\"Alice\"")
        #expect(p("get", user, s("age")) == "30")
        #expect(p("get", user, k("zip")) == "null")
        #expect(p("get", user, k("zip"), s("none")) == "\"none\"")
        #expect(p("get", .null, k("x")) == "null")
        #expect(p("get", ints(1, 2), i(1)) == "2")
        #expect(p("get", ints(1, 2), i(5), i(0)) == "0")
        #expect(p("get", ints(1, 2), i(-1)) == "null")
        // Spec §16: a target that is not null/array/string/object is a type error, and a
        // default does not change that; get-in is successive gets.
        #expect(p("get", i(5), k("a")) == "error[type]")
        #expect(p("get", ints(1, 2), s("x"), i(0)) == "error[type]")
        #expect(p("get-in", o(("a", i(5))), a(k("a"), k("b")), i(0)) == "error[type]")
        #expect(p("get-in", o(("a", .null)), a(k("a"), k("b")), i(0)) == "0")
        let d = o(("a", o(("b", a(i(1), a(i(2), a(i(3))))))))
        #expect(p("get-in", d, a(k("a"), k("b"), i(1), i(1), i(0))) == "3")
        #expect(p("get-path", o(("a", ints(10, 20))), a(k("a"), i(1))) == "20")
        #expect(p("get-in", d, a(k("x"), k("y")), s("dflt")) == "\"dflt\"")
        #expect(p("get-in", d, a()) == Printer.printForm(d))
    }

    @Test func consAppendPushBack() {
        #expect(p("cons", i(0), ints(1, 2)) == "[0 1 2]")
        #expect(p("cons", i(0), .null) == "[0]")
        #expect(p("append", ints(1), ints(2, 3), ints(4)) == "[1 2 3 4]")
        #expect(p("append") == "[]")
        #expect(p("append", ints(1), .null) == "[1]")
        #expect(p("append", ints(1), s("x")) == "error[type]")
        #expect(p("push-back", ints(1, 2), i(3)) == "[1 2 3]")
        #expect(p("conj", ints(1), i(2)) == "[1 2]")
    }

    @Test func structuralEdits() {
        #expect(p("insert-at", ints(1, 3), i(1), i(2)) == "[1 2 3]")
        #expect(p("insert-at", ints(1), i(1), i(2)) == "[1 2]")
        #expect(p("insert-at", ints(1), i(2), i(2)) == "error[index]")
        #expect(p("remove-at", ints(1, 2, 3), i(0)) == "[2 3]")
        #expect(p("remove-at", ints(1), i(1)) == "error[index]")
        #expect(p("member", i(2), ints(1, 2, 3)) == "[2 3]")
        #expect(p("member", i(9), ints(1, 2, 3)) == "null")
        #expect(p("remove", i(1), ints(1, 2, 1, 3)) == "[2 3]")
        #expect(p("distinct", ints(1, 2, 1, 3, 2)) == "[1 2 3]")
        #expect(p("unique", a(i(1), .float(1.0), s("1"), k("a"), k("a"))) == "[1 \"1\" :a]")
        #expect(p("flatten", a(i(1), a(i(2), a(i(3), a())), .null)) == "[1 2 3 null]")
        #expect(p("zip", ints(1, 2, 3), a(s("a"), s("b"))) == "[[1 \"a\"] [2 \"b\"]]")
        #expect(p("chunk", ints(1, 2, 3, 4, 5), i(2)) == "[[1 2] [3 4] [5]]")
        #expect(p("chunk", ints(1), i(0)) == "error[type]")
        #expect(p("frequencies", a(s("a"), k("a"), s("a"), i(1))) == "{:a 2 \":a\" 1 \"1\" 1}")
    }

    @Test func deepFlattenDoesNotRecurse() throws {
        var v: Value = .int(1)
        for _ in 0..<100_000 { v = .array([v]) }
        #expect(p("flatten", v) == "[1]")
        // Let the nested value go without a deep recursive deinit on this thread's stack.
        for _ in 0..<100_000 { if case .array(let xs) = v { v = xs[0] } }
    }

    // MARK: higher-order functions

    @Test func mapBothOrders() {
        #expect(p("map", f("abs"), ints(-1, 2, -3)) == "[1 2 3]")
        #expect(p("map", ints(-1, 2), f("abs")) == "[1 2]")
        #expect(p("map", k("name"), a(o(("name", s("a"))), o(("name", s("b"))))) == "[\"a\" \"b\"]")
        #expect(p("map", f("+"), ints(1, 2, 3), ints(10, 20)) == "[11 22]")
        #expect(p("mapcar", f("+"), ints(1, 2), ints(10, 20, 30)) == "[11 22]")
        #expect(p("map", ints(1), ints(2)) == "error[type]")
        #expect(p("map", f("abs"), s("abc")) == "error[type]")
        #expect(p("map-indexed", f("+"), ints(10, 20)) == "[10 21]")
        #expect(p("for-each", f("abs"), ints(1, 2)) == "null")
        #expect(p("mapc", ints(1, 2), f("abs")) == "null")
    }

    @Test func filterFamily() {
        #expect(p("filter", ints(1, 2, 3, 4, 5, 6), f("even?")) == "[2 4 6]")
        #expect(p("select", f("odd?"), ints(1, 2, 3)) == "[1 3]")
        #expect(p("remove-if-not", f("odd?"), ints(1, 2, 3)) == "[1 3]")
        #expect(p("reject", f("odd?"), ints(1, 2, 3)) == "[2]")
        #expect(p("remove-if", ints(1, 2, 3), f("odd?")) == "[2]")
        #expect(p("filter", f("even?"), .null) == "[]")
    }

    @Test func reduceShapes() {
        #expect(p("reduce", ints(1, 2, 3, 4), i(0), f("+")) == "10")
        #expect(p("reduce", f("+"), ints(1, 2, 3, 4)) == "10")
        #expect(p("reduce", ints(1, 2, 3, 4), f("+")) == "10")
        #expect(p("reduce", f("+"), i(5), ints(1, 2)) == "8")
        #expect(p("reduce", f("+"), a()) == "null")
        #expect(p("reduce", f("+"), i(7), a()) == "7")
        #expect(p("fold-right", f("-"), i(0), ints(1, 2, 3)) == "-6")
        #expect(p("fold-left", f("+"), ints(1, 2, 3)) == "6")
        #expect(p("fold", f("+"), i(0), ints(1, 2, 3)) == "6")
        #expect(p("foldl", ints(1), i(0), i(3)) == "error[type]")
    }

    @Test func findSomeEveryCount() {
        #expect(p("find", f("even?"), ints(1, 3, 4, 6)) == "4")
        #expect(p("find", f("even?"), ints(1, 3)) == "null")
        #expect(p("find-index", f("even?"), ints(1, 3, 4)) == "2")
        #expect(p("find-index", ints(1), f("even?")) == "null")
        #expect(p("some", f("even?"), ints(1, 3, 5)) == "false")
        #expect(p("any", f("even?"), ints(1, 2)) == "true")
        #expect(p("every", f("even?"), ints(2, 4)) == "true")
        #expect(p("all", f("even?"), ints(2, 3)) == "false")
        #expect(p("every", f("even?"), a()) == "true")
        #expect(p("count-if", f("even?"), ints(1, 2, 4)) == "2")
        #expect(p("take-while", f("odd?"), ints(1, 3, 4, 5)) == "[1 3]")
        #expect(p("drop-while", ints(1, 3, 4, 5), f("odd?")) == "[4 5]")
    }

    @Test func flatMap() {
        let twice = Coll.makeFunction("twice", doc: "") { args, _ in .array([args[0], args[0]]) }
        #expect(p("mapcat", twice, ints(1, 2)) == "[1 1 2 2]")
        #expect(p("flat-map", f("identity"), a(ints(1), .null, i(2))) == "[1 2]")
    }

    @Test func sorting() {
        #expect(p("sort", ints(3, 1, 2)) == "[1 2 3]")
        #expect(p("sort", a(s("b"), s("c"), s("a"))) == "[\"a\" \"b\" \"c\"]")
        #expect(p("sort", a(i(3), .float(1.5), i(2))) == "[1.5 2 3]")
        #expect(p("sort", a()) == "[]")
        #expect(p("sort", a(i(1), s("a"))) == "error[type]")
        #expect(p("sort", a(k("a"))) == "error[type]")
        #expect(p("sort", ints(3, 1, 2), f(">")) == "[3 2 1]")
        #expect(p("sort-with", f(">"), ints(3, 1, 2)) == "[3 2 1]")
        // Stability with a comparator (spec §16).
        let pairs = a(a(i(1), s("a")), a(i(0), s("b")), a(i(1), s("c")), a(i(0), s("d")))
        let byFirst = Coll.makeFunction("by-first", doc: "") { args, interp in
            try interp.apply(Builtins.byName["<"].map { .function(Function(builtin: $0)) } ?? .null,
                             [try interp.apply(.function(Function(builtin: Builtins.byName["first"]!)), [args[0]]),
                              try interp.apply(.function(Function(builtin: Builtins.byName["first"]!)), [args[1]])])
        }
        #expect(p("sort", pairs, byFirst) == "[[0 \"b\"] [0 \"d\"] [1 \"a\"] [1 \"c\"]]")
        let people = a(o(("n", s("a")), ("age", i(30))), o(("n", s("b")), ("age", i(20))))
        #expect(p("sort-by", k("age"), people) == "[{:n \"b\" :age 20} {:n \"a\" :age 30}]")
        let rows = a(a(s("a"), i(2)), a(s("b"), i(1)), a(s("c"), i(2)), a(s("d"), i(1)))
        #expect(p("sort-by", f("second"), rows, k("desc")) == "[[\"a\" 2] [\"c\" 2] [\"b\" 1] [\"d\" 1]]")
        #expect(p("sort-by", rows, f("second")) == "[[\"b\" 1] [\"d\" 1] [\"a\" 2] [\"c\" 2]]")
        #expect(p("sort-by", rows, f("second"), k("desc")) == "[[\"a\" 2] [\"c\" 2] [\"b\" 1] [\"d\" 1]]")
        #expect(p("sort-by", f("second"), rows, k("sideways")) == "error[type]")
    }

    @Test func largeSortIsStableAndCorrect() throws {
        let n = 5000
        let xs: [Value] = (0..<n).map { .array([.int(($0 * 7919) % 13), .int($0)]) }
        let sorted = try value("sort-by", f("first"), .array(xs))
        guard case .array(let ys) = sorted else { Issue.record("not an array"); return }
        #expect(ys.count == n)
        for j in 1..<ys.count {
            guard case .array(let p0) = ys[j - 1], case .array(let p1) = ys[j],
                  case .int(let k0) = p0[0], case .int(let k1) = p1[0],
                  case .int(let i0) = p0[1], case .int(let i1) = p1[1] else {
                Issue.record("bad element"); return
            }
            #expect(k0 < k1 || (k0 == k1 && i0 < i1))
        }
    }

    @Test func groupByAndPluck() {
        #expect(p("group-by", f("even?"), ints(1, 2, 3, 4, 5)) == "{:false [1 3 5] :true [2 4]}")
        let rows = a(o(("id", i(1))), o(("id", i(2))), i(3))
        #expect(p("pluck", rows, k("id")) == "error[type]")  // spec §16: (get 3 :id) is a type error
        #expect(p("pluck", k("id"), rows) == "error[type]")
        #expect(p("pluck", a(o(("id", i(1))), .null), k("id")) == "[1 null]")
    }

    @Test func functionBuilders() throws {
        #expect(p("identity", i(4)) == "4")
        let c = try value("constantly", i(7))
        #expect(call(c) == "7")
        #expect(call(c, i(1), i(2)) == "7")
        #expect(Printer.printForm(c) == "#<function constantly>")
        let notEven = try value("complement", f("even?"))
        #expect(call(notEven, i(3)) == "true")
        let absInc = try value("compose", f("inc"), f("abs"))
        #expect(call(absInc, i(-5)) == "6")
        #expect(call(try value("compose"), i(9)) == "9")
        let add10 = try value("partial", f("+"), i(10))
        #expect(call(add10, i(1), i(2)) == "13")
        #expect(p("partial", i(1)) == "error[type]")
    }

    // MARK: objects

    @Test func objectConstructionAndViews() {
        #expect(p("object", k("a"), i(1), s("b c"), i(2)) == "{:a 1 \"b c\" 2}")
        #expect(p("hash-map", k("a"), i(1), k("a"), i(2)) == "{:a 2}")
        #expect(p("object", k("a"), i(1), k("b")) == "error[arity]")
        #expect(p("object", i(1), i(1)) == "error[type]")
        let ob = o(("x", i(1)), ("y", i(2)))
        #expect(p("keys", ob) == "[\"x\" \"y\"]")
        #expect(p("vals", ob) == "[1 2]")
        #expect(p("object-values", ob) == "[1 2]")
        #expect(p("entries", ob) == "[[\"x\" 1] [\"y\" 2]]")
        #expect(p("items", o(("x", .null))) == "[[\"x\" null]]")
        #expect(p("keys", .null) == "[]")
        #expect(p("keys", ints(1)) == "error[type]")
        #expect(p("from-entries", a(a(s("x"), i(1)), a(k("y"), i(2)))) == "{:x 1 :y 2}")
        #expect(p("from-entries", a(ints(1))) == "error[type]")
        #expect(p("has-key?", ob, k("x")) == "true")
        #expect(p("has-key?", ob, s("z")) == "false")
    }

    @Test func objectUpdates() {
        let ob = o(("a", i(1)), ("b", i(2)))
        #expect(p("assoc", ob, k("c"), i(3)) == "{:a 1 :b 2 :c 3}")
        #expect(p("assoc", o(("a", i(1)), ("b", i(2)), ("c", i(3))), k("a"), i(10)) == "{:a 10 :b 2 :c 3}")
        #expect(p("put", ob, k("b"), i(5), k("d"), i(6)) == "{:a 1 :b 5 :d 6}")
        #expect(p("set-key", .null, k("k"), i(0)) == "{:k 0}")
        #expect(p("assoc", ob, k("c")) == "error[arity]")
        #expect(p("assoc", ob, k("c"), i(1), k("d")) == "error[arity]")
        #expect(p("dissoc", ob, k("a")) == "{:b 2}")
        #expect(Printer.printForm(ob) == "{:a 1 :b 2}")
        #expect(p("merge", ob, o(("b", i(3)), ("c", i(4)))) == "{:a 1 :b 3 :c 4}")
        #expect(p("merge", .null, ob, .null) == "{:a 1 :b 2}")
        #expect(p("merge") == "{}")
        #expect(p("merge", ob, i(1)) == "error[type]")
        #expect(p("select-keys", o(("a", i(1)), ("b", i(2)), ("c", i(3))), a(k("c"), k("a"), k("z"))) == "{:c 3 :a 1}")
        #expect(p("update", ob, k("a"), f("inc")) == "{:a 2 :b 2}")
        #expect(p("update", ob, k("z"), f("identity")) == "{:a 1 :b 2 :z null}")
    }

    // MARK: compatibility (§17.2)

    @Test func compatObjects() {
        #expect(p("set", o(("a", i(1))), k("b"), i(2)) == "{:a 1 :b 2}")
        #expect(p("set", o(("a", i(1))), k("b"), i(2), k("c"), i(3)) == "error[arity]")
        #expect(p("assoc-in", o(("a", o(("b", i(1))))), a(k("a"), k("c")), i(2)) == "{:a {:b 1 :c 2}}")
        #expect(p("assoc-in", o(), a(k("x"), k("y")), i(1)) == "{:x {:y 1}}")
        #expect(p("assoc-in", o(("a", i(5))), a(k("a"), k("b")), i(1)) == "{:a {:b 1}}")
        #expect(p("assoc-in", o(("a", i(1))), a(), i(9)) == "9")
        #expect(p("assoc-in", o(("a", i(1))), k("b"), i(9)) == "{:a 1 :b 9}")
    }

    @Test func compatArrays() {
        #expect(p("shift", ints(1, 2, 3)) == "1")
        #expect(p("shift", a()) == "null")
        #expect(p("shift", s("abc")) == "error[type]")
        #expect(p("unshift", ints(1, 2, 3), i(0)) == "[0 1 2 3]")
        #expect(p("unshift", i(1), i(0)) == "error[type]")
        #expect(p("compact", a(i(1), .null, i(2), .false, .null)) == "[1 2 false]")
        #expect(p("partition", f("even?"), ints(1, 2, 3, 4, 5)) == "[[2 4] [1 3 5]]")
        #expect(p("partition", ints(1, 2, 3), f("odd?")) == "[[1 3] [2]]")
        #expect(p("count-by", f("length"), a(s("a"), s("bb"), s("c"), s("dd"), s("eee"))) == "{\"1\" 2 \"2\" 2 \"3\" 1}")
        #expect(p("pipe", i(3), f("inc"), f("str")) == "\"4\"")
        #expect(p("pipe", i(5)) == "5")
        #expect(p("pipe", i(5), i(1)) == "error[type]")
    }

    @Test func aggregateAndDiscover() {
        let pairUp = Coll.makeFunction("pair", doc: "") { args, _ in .array(args) }
        #expect(p("aggregate", pairUp, o(("a", ints(1, 2)), ("b", ints(3)))) == "[[\"a\" [1 2]] [\"b\" [3]]]")
        #expect(p("aggregate", o(("a", i(1))), pairUp) == "[[\"a\" 1]]")
        let d = o(("a", i(1)), ("b", o(("c", i(2)), ("d", o(("e", i(3)))))), ("f", i(4)))
        #expect(p("discover", d) == "[\"a\" \"b\" \"c\" \"d\" \"e\" \"f\"]")
        #expect(p("discover", o(("a", o(("b", i(1))))), k("with-paths"))
                == "[{:field \"a\" :path []} {:field \"b\" :path [\"a\"]}]")
        #expect(p("discover", ints(1)) == "error[type]")
    }

    // MARK: scale

    @Test func largeCollectionsStayLinear() throws {
        let n = 300_000
        let xs = try value("range", .int(n))
        let mapped = try value("map", f("inc"), xs)
        let evens = try value("filter", f("even?"), mapped)
        let total = try value("reduce", f("+"), .int(0), evens)
        #expect(Printer.printForm(total) == String((1...n).filter { $0 % 2 == 0 }.reduce(0, +)))
        let d = try value("distinct", try value("append", xs, xs))
        #expect(p("length", d) == "\(n)")
        let grouped = try value("group-by", f("even?"), xs)
        #expect(p("length", grouped) == "2")
    }
}
