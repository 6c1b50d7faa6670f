/// The special forms of spec §7, recognised at compile time (they cannot be shadowed).
/// Each entry turns a form into `Code`; malformed shapes throw `syntax`, which the
/// compiler defers to evaluation time.
typealias SpecialForm = (Compiler, [Datum], SourceSpan, Ctx) throws -> Code

enum SpecialForms {
    nonisolated(unsafe) static let table: [Symbol: SpecialForm] = {
        var t: [String: SpecialForm] = [:]
        func add(_ names: [String], _ f: @escaping SpecialForm) { for n in names { t[n] = f } }
        add(["quote"], { c, f, s, cx in try c.compileQuote(f, s) })
        add(["quasiquote"], { c, f, s, cx in try c.compileQuasiquote(f, s, cx) })
        add(["unquote", "unquote-splicing"], { _, f, s, _ in
            throw OVSMError.syntax("\(f[0].symbol!.name) outside quasiquote", s)
        })
        add(["if"], { c, f, s, cx in try c.compileIf(f, s, cx) })
        add(["when"], { c, f, s, cx in try c.compileWhen(f, s, cx, negate: false) })
        add(["unless"], { c, f, s, cx in try c.compileWhen(f, s, cx, negate: true) })
        add(["cond"], { c, f, s, cx in try c.compileCond(f, s, cx) })
        add(["case"], { c, f, s, cx in try c.compileCase(f, s, cx) })
        add(["typecase"], { c, f, s, cx in try c.compileTypecase(f, s, cx) })
        add(["and"], { c, f, s, cx in try c.compileAndOr(f, cx, isAnd: true) })
        add(["or"], { c, f, s, cx in try c.compileAndOr(f, cx, isAnd: false) })
        add(["do", "progn", "begin"], { c, f, s, cx in try c.compileBody(f.dropFirst(), cx) })
        add(["prog1"], { c, f, s, cx in try c.compileProgN(f, s, cx, n: 1) })
        add(["prog2"], { c, f, s, cx in try c.compileProgN(f, s, cx, n: 2) })
        add(["."], { c, f, s, cx in try c.compileDot(f, s, cx) })
        add(["function"], { c, f, s, cx in
            guard f.count == 2 else { throw OVSMError.syntax("function expects one form", s) }
            return try c.compile(f[1], cx.notTail)
        })
        add(["multiple-value-list"], { c, f, s, cx in
            guard f.count == 2 else { throw OVSMError.syntax("multiple-value-list expects one form", s) }
            let e = try c.compile(f[1], cx.with(tail: true))
            return ClosureNode { env in
                let v = try e(env)
                if case .multiple(let m) = v { return .array(m.values) }
                return .array([v])
            }
        })
        add(["define"], { c, f, s, cx in try c.compileDefine(f, s, cx) })
        add(["defvar"], { c, f, s, cx in try c.compileDefvar(f, s, cx, always: false) })
        add(["defparameter"], { c, f, s, cx in try c.compileDefvar(f, s, cx, always: true) })
        add(["const", "defconstant"], { c, f, s, cx in try c.compileConst(f, s, cx) })
        add(["set!"], { c, f, s, cx in try c.compileSetBang(f, s, cx) })
        add(["let"], { c, f, s, cx in try c.compileLet(f, s, cx, sequential: false) })
        add(["let*"], { c, f, s, cx in try c.compileLet(f, s, cx, sequential: true) })
        add(["flet"], { c, f, s, cx in try c.compileFlet(f, s, cx, recursive: false) })
        add(["labels"], { c, f, s, cx in try c.compileFlet(f, s, cx, recursive: true) })
        add(["destructuring-bind"], { c, f, s, cx in try c.compileDestructuringBind(f, s, cx) })
        add(["multiple-value-bind"], { c, f, s, cx in try c.compileMultipleValueBind(f, s, cx) })
        add(["lambda", "fn"], { c, f, s, cx in try c.compileLambdaForm(f, s, cx) })
        add(["defun", "defn"], { c, f, s, cx in try c.compileDefun(f, s, cx) })
        add(["defmacro"], { c, f, s, cx in try c.compileDefmacro(f, s, cx) })
        add(["while"], { c, f, s, cx in try c.compileWhile(f, s, cx) })
        add(["for"], { c, f, s, cx in try c.compileFor(f, s, cx, form: "for") })
        add(["dolist"], { c, f, s, cx in try c.compileFor(f, s, cx, form: "dolist") })
        add(["dotimes"], { c, f, s, cx in try c.compileDotimes(f, s, cx) })
        add(["return", "break"], { c, f, s, cx in try c.compileReturn(f, s, cx) })
        add(["continue"], { c, f, s, cx in try c.compileContinue(f, s, cx) })
        add(["return-from"], { c, f, s, cx in try c.compileReturnFrom(f, s, cx) })
        add(["loop"], { c, f, s, cx in try c.compileLoop(f, s, cx) })
        add(["catch"], { c, f, s, cx in try c.compileCatch(f, s, cx) })
        add(["throw"], { c, f, s, cx in try c.compileThrow(f, s, cx) })
        add(["try"], { c, f, s, cx in try c.compileTry(f, s, cx) })
        add(["ignore-errors"], { c, f, s, cx in try c.compileIgnoreErrors(f, s, cx) })
        add(["setf", "setq"], { c, f, s, cx in try c.compileSetf(f, s, cx) })
        add(["incf"], { c, f, s, cx in try c.compileIncf(f, s, cx, sign: 1) })
        add(["decf"], { c, f, s, cx in try c.compileIncf(f, s, cx, sign: -1) })
        add(["push"], { c, f, s, cx in try c.compilePush(f, s, cx) })
        add(["pop"], { c, f, s, cx in try c.compilePop(f, s, cx) })
        var out: [Symbol: SpecialForm] = [:]
        for (k, v) in t { out[Symbol.intern(k)] = v }
        return out
    }()

    /// Special form names (for completion and `:help`).
    static var names: [String] { table.keys.map { $0.name }.sorted() }
}

extension Compiler {
    // MARK: quote

    func compileQuote(_ f: [Datum], _ s: SourceSpan) throws -> Code {
        guard f.count == 2 else { throw OVSMError.syntax("quote expects one form", s) }
        return constant(f[1].toValue())
    }

    // MARK: conditionals

    func compileIf(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 3 || f.count == 4 else {
            throw OVSMError.syntax("if expects a test, a then form and an optional else form", s)
        }
        let test = try compile(f[1], cx.notTail)
        let then = try compile(f[2], cx)
        return SlotIfNode.make(test, then, f.count == 4 ? try compile(f[3], cx) : nil)
    }

    func compileWhen(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, negate: Bool) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("\(negate ? "unless" : "when") expects a test", s) }
        let test = try compile(f[1], cx.notTail)
        let body = try compileBody(f[2...], cx)
        return WhenNode(test, body, negate: negate)
    }

    /// (cond (test body...)...) — `else`, `t`, `true` always match.
    func compileCond(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        var clauses: [(test: Code?, body: Code?)] = []
        for clause in f.dropFirst() {
            guard case .list(let items) = clause.kind, !items.isEmpty else {
                throw OVSMError.syntax("cond clause must be a non-empty list", clause.span)
            }
            var test: Code? = nil
            if items[0].symbol?.name == "else" {
                test = nil
            } else if case .atom(.bool(true)) = items[0].kind {
                test = nil
            } else {
                test = try compile(items[0], cx.notTail)
            }
            let body: Code? = items.count > 1 ? try compileBody(items[1...], cx) : nil
            clauses.append((test, body))
        }
        // Nested `if`s, built from the last clause (tests answer through `evalBool`); a
        // clause without a body yields its test value, as `(or test rest)` does.
        var node: Node = ConstNode(.null)
        for cl in clauses.reversed() {
            guard let test = cl.test else {
                node = cl.body ?? ConstNode(.bool(true))
                continue
            }
            if let body = cl.body {
                node = IfNode(test, body, node)
            } else {
                node = AndOrNode([test, node], isAnd: false)
            }
        }
        return node
    }

    /// (case key (datum body...) ((d1 d2) body...) (otherwise body...))
    func compileCase(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("case expects a key form", s) }
        let key = try compile(f[1], cx.notTail)
        var clauses: [(datums: [Value]?, body: Code)] = []
        for clause in f.dropFirst(2) {
            guard case .list(let items) = clause.kind, !items.isEmpty else {
                throw OVSMError.syntax("case clause must be a non-empty list", clause.span)
            }
            let head = items[0]
            var datums: [Value]?
            if let name = head.symbol?.name, name == "otherwise" || name == "else" {
                datums = nil
            } else if case .atom(.bool(true)) = head.kind {
                datums = nil
            } else if let list = head.items {
                datums = list.map { $0.toValue() }
            } else {
                datums = [head.toValue()]
            }
            clauses.append((datums, try compileBody(items[1...], cx)))
        }
        return CaseNode(key, clauses)
    }

    nonisolated(unsafe) static let typeNames: [String: (Value) -> Bool] = [
        "null": { if case .null = $0 { return true } else { return false } },
        "bool": { if case .bool = $0 { return true } else { return false } },
        "int": { if case .int = $0 { return true } else { return false } },
        "float": { if case .float = $0 { return true } else { return false } },
        "number": { $0.isNumber },
        "string": { if case .string = $0 { return true } else { return false } },
        "keyword": { if case .keyword = $0 { return true } else { return false } },
        "symbol": { if case .symbol = $0 { return true } else { return false } },
        "array": { if case .array = $0 { return true } else { return false } },
        "object": { if case .object = $0 { return true } else { return false } },
        "function": { if case .function = $0 { return true } else { return false } },
        "macro": { if case .macro = $0 { return true } else { return false } },
    ]
    static let typeAliases = ["boolean": "bool", "integer": "int", "list": "array", "vector": "array", "nil": "null"]

    /// (typecase v (TYPE body...) ((T1 T2) body...) (otherwise body...))
    func compileTypecase(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("typecase expects a value form", s) }
        let value = try compile(f[1], cx.notTail)
        func predicate(_ d: Datum) throws -> ((Value) -> Bool)? {
            switch d.kind {
            case .atom(.null): return Compiler.typeNames["null"]
            case .atom(.bool(true)): return nil
            case .atom(.symbol(let sym)):
                if sym.name == "otherwise" || sym.name == "else" { return nil }
                let n = Compiler.typeAliases[sym.name] ?? sym.name
                guard let p = Compiler.typeNames[n] else {
                    throw OVSMError.syntax("typecase: unknown type name \(sym.name)", d.span)
                }
                return p
            default:
                throw OVSMError.syntax("typecase: expected a type name", d.span)
            }
        }
        var clauses: [(test: ((Value) -> Bool)?, body: Code)] = []
        for clause in f.dropFirst(2) {
            guard case .list(let items) = clause.kind, !items.isEmpty else {
                throw OVSMError.syntax("typecase clause must be a non-empty list", clause.span)
            }
            var test: ((Value) -> Bool)?
            if let list = items[0].items {
                let preds = try list.map { d -> (Value) -> Bool in
                    guard let p = try predicate(d) else { return { _ in true } }
                    return p
                }
                test = { v in preds.contains { $0(v) } }
            } else {
                test = try predicate(items[0])
            }
            clauses.append((test, try compileBody(items[1...], cx)))
        }
        return ClosureNode { env in
            let v = try value(env)
            for cl in clauses where cl.test?(v) ?? true { return try cl.body(env) }
            return .null
        }
    }

    func compileAndOr(_ f: [Datum], _ cx: Ctx, isAnd: Bool) throws -> Code {
        let parts = try f.dropFirst().map { try compile($0, cx.notTail) }
        if parts.isEmpty { return constant(.bool(isAnd)) }
        if parts.count == 2 { return AndOr2Node(parts[0], parts[1], isAnd: isAnd) }
        return AndOrNode(parts, isAnd: isAnd)
    }

    /// (prog1 e1 e...) → e1's value; (prog2 e1 e2 e...) → e2's value.
    func compileProgN(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx, n: Int) throws -> Code {
        guard f.count > n else { throw OVSMError.syntax("prog\(n) expects at least \(n) form\(n == 1 ? "" : "s")", s) }
        let codes = try f.dropFirst().enumerated().map { (i, d) in
            try compile(d, (n == 1 && i == 0) ? cx : cx.notTail)
        }
        let keep = n - 1
        return ClosureNode { env in
            var result = Value.null
            for (i, c) in codes.enumerated() {
                let v = try c(env)
                if i == keep { result = v }
            }
            return result
        }
    }

    /// (. obj field): field is a bare symbol, keyword or string (not evaluated).
    func compileDot(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 3 else { throw OVSMError.syntax("(. obj field) expects an object and a field name", s) }
        let field: String
        switch f[2].kind {
        case .atom(.symbol(let sym)): field = sym.name
        case .atom(.keyword(let k)): field = k.name
        case .atom(.string(let str)): field = str
        default: throw OVSMError.syntax("(. obj field): field must be a symbol, keyword or string", f[2].span)
        }
        let obj = try compile(f[1], cx.notTail)
        return ClosureNode { env in try fieldAccess(try obj(env), field, s) }
    }
}

/// `(when test body...)` / `(unless test body...)`: the test answers `evalBool`, so a
/// comparison or `and`/`or` never makes a boolean `Value` to test it.
final class WhenNode: Node {
    let test: Node, body: Node, negate: Bool
    init(_ test: Node, _ body: Node, negate: Bool) { self.test = test; self.body = body; self.negate = negate }

    override func eval(_ env: Frame) throws -> Value {
        if try test.evalBool(env) != negate { return try body.eval(env) }
        return .null
    }
    override func exec(_ env: Frame) throws {
        if try test.evalBool(env) != negate { try body.exec(env) }
    }
}

/// `(and e...)` / `(or e...)` with at least one form. As a test (`if`, `while`, `when`)
/// each form answers through `evalBool`, so comparisons never box a Bool.
final class AndOrNode: Node {
    let parts: NodeList, isAnd: Bool
    init(_ parts: [Node], isAnd: Bool) { self.parts = NodeList(parts); self.isAnd = isAnd }

    override func eval(_ env: Frame) throws -> Value {
        var v = Value.bool(isAnd)
        for i in 0..<parts.count {
            v = try parts.eval(i, env)
            if v.isTruthy != isAnd { return v }
        }
        return v
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        for i in 0..<parts.count where try parts.evalBool(i, env) != isAnd { return !isAnd }
        return isAnd
    }
}

/// `AndOrNode` of two forms (`(and (< k 60) (< d 4.0))`): the two calls, no list walk.
final class AndOr2Node: Node {
    let a: Node, b: Node, isAnd: Bool
    init(_ a: Node, _ b: Node, isAnd: Bool) { self.a = a; self.b = b; self.isAnd = isAnd }

    override func eval(_ env: Frame) throws -> Value {
        let v = try a.eval(env)
        if v.isTruthy != isAnd { return v }
        return try b.eval(env)
    }

    override func evalBool(_ env: Frame) throws -> Bool {
        if try a.evalBool(env) != isAnd { return !isAnd }
        return try b.evalBool(env)
    }
}

/// `(case key clause...)`: the datums of all clauses in one flat array scanned in order,
/// a keyword or int key compared without the general `ovsmEqual` (keywords by identity
/// first: they are interned). The closure version copied each clause (an array and a
/// closure: retains) out of an array of tuples per test — a `case` over eight keywords
/// was a third of a small interpreter's time.
final class CaseNode: Node {
    let key: Node
    /// Per datum, in clause order: the datum and its clause; an `otherwise` clause is one
    /// entry with `isDefault` set.
    private let datums: [Value], clauseOf: [Int], isDefault: [Bool]
    private let bodies: NodeList

    init(_ key: Node, _ clauses: [(datums: [Value]?, body: Node)]) {
        self.key = key
        var ds: [Value] = [], cs: [Int] = [], defs: [Bool] = []
        for (i, c) in clauses.enumerated() {
            guard let list = c.datums else {
                ds.append(.null); cs.append(i); defs.append(true)
                continue
            }
            for d in list { ds.append(d); cs.append(i); defs.append(false) }
        }
        datums = ds; clauseOf = cs; isDefault = defs
        bodies = NodeList(clauses.map(\.body))
    }

    @inline(__always) private static func matches(_ d: Value, _ k: Value) -> Bool {
        switch (d, k) {
        case (.keyword(let x), .keyword(let y)): return x === y || x.name == y.name
        case (.int(let x), .int(let y)): return x == y
        default: return ovsmEqual(d, k)
        }
    }

    private func clause(for k: Value) -> Int? {
        datums.withUnsafeBufferPointer { ds in
            isDefault.withUnsafeBufferPointer { defs in
                for i in 0..<ds.count where defs[i] || CaseNode.matches(ds[i], k) { return clauseOf[i] }
                return nil
            }
        }
    }

    override func eval(_ env: Frame) throws -> Value {
        let k = try key.eval(env)
        guard let c = clause(for: k) else { return .null }
        return try bodies.eval(c, env)
    }

    override func exec(_ env: Frame) throws {
        let k = try key.eval(env)
        guard let c = clause(for: k) else { return }
        try bodies.exec(c, env)
    }
}
