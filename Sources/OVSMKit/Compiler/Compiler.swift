/// Datums → `Code` closures (SICP's "analyze"): every symbol is resolved once to a frame
/// slot or a global cell, every special form is recognised here and turned into a Swift
/// closure, macros are expanded at compile time. Running the result never looks at a name.
struct Compiler {
    unowned(unsafe) let interp: Interpreter

    init(_ interp: Interpreter) { self.interp = interp }

    // MARK: entry points

    func compile(_ d: Datum, _ cx: Ctx) throws -> Code {
        if case .atom = d.kind { return try compileForm(d, cx) }
        // Code built by macros or `eval` may nest deeper than the reader allows: bound it
        // like calls (spec §12) and give the recursion room (StackGuard).
        let interp = self.interp
        interp.compileNesting += 1
        defer { interp.compileNesting -= 1 }
        if interp.compileNesting > interp.limits.maxDepth {
            throw OVSMError(.limit, "code nested deeper than \(interp.limits.maxDepth) levels", span: d.span)
        }
        if interp.compileNesting % StackGuard.checkInterval == 0 {
            return try StackGuard.descend { try compileForm(d, cx) }
        }
        return try compileForm(d, cx)
    }

    private func compileForm(_ d: Datum, _ cx: Ctx) throws -> Code {
        switch d.kind {
        case .atom(let v):
            if case .symbol(let s) = v { return try compileSymbol(s, cx, d.span) }
            return constant(v)
        case .array(let items):
            let codes = try items.map { try compile($0, cx.notTail) }
            return ClosureNode { env in
                var out = [Value]()
                out.reserveCapacity(codes.count)
                for c in codes { out.append(try c(env)) }
                return .array(out)
            }
        case .object(let pairs):
            // Keys are known now: a repeated key keeps its first position and takes the
            // later value (spec §9's rule for objects), so each value has a fixed position.
            var keys: [String] = [], position: [Int] = [], seen: [String: Int] = [:]
            for p in pairs {
                if let i = seen[p.key] { position.append(i); continue }
                seen[p.key] = keys.count
                position.append(keys.count)
                keys.append(p.key)
            }
            let codes = NodeList(try pairs.map { try compile($0.value, cx.notTail) })
            let distinctKeys = keys
            if keys.count == pairs.count {
                // No repeated key (the usual literal): values in order, appended.
                return ClosureNode { env in
                    var values: [Value] = []
                    values.reserveCapacity(distinctKeys.count)
                    for i in 0..<distinctKeys.count { values.append(try codes.eval(i, env)) }
                    return .object(OVSMObject(distinctKeys: distinctKeys, values: values))
                }
            }
            return ClosureNode { env in
                var values = [Value](repeating: .null, count: distinctKeys.count)
                for i in 0..<position.count { values[position[i]] = try codes.eval(i, env) }
                return .object(OVSMObject(distinctKeys: distinctKeys, values: values))
            }
        case .list(let items):
            if items.isEmpty { return constant(.emptyArray) }
            let code = try compileList(items, d.span, cx)
            // Only with a debugger attached (a compile-time choice: code compiled without
            // one has no hook at all). Line 0 marks code made by `eval`, not in the source.
            if let debugger = interp.debugger, d.span.line > 0 {
                return DebugStepNode(code, DebugSite(span: d.span, scope: cx.scope), debugger, interp)
            }
            return code
        }
    }

    func constant(_ v: Value) -> Code { ConstNode(v) }

    /// An implicit `do`: the last form is in tail position.
    ///
    /// A `define` at this level binds its name for the rest of the body: the forms after it
    /// only run once it has, so they read the slot without the unbound check (and take the
    /// fast paths of plain locals). The marks last while this body compiles — code after
    /// the body (a loop's result form, an `if` around it, a debugger's watch expression)
    /// may run without the define having run.
    func compileBody(_ forms: ArraySlice<Datum>, _ cx: Ctx) throws -> Code {
        if forms.isEmpty { return constant(.null) }
        if forms.count == 1 { return try compile(forms.first!, cx) }
        let scope = cx.scope
        let saved = scope?.boundSoFar
        defer { if let scope, let saved { scope.boundSoFar = saved } }
        var codes: [Code] = []
        for (i, f) in forms.enumerated() {
            codes.append(try compile(f, i == forms.count - 1 ? cx : cx.notTail))
            if let scope, let name = Self.definedName(f), let slot = scope[name], scope.defineSlots.contains(slot) {
                scope.boundSoFar.insert(slot)
            }
        }
        return codes.count == 2 ? Seq2Node(codes[0], codes[1]) : SeqNode(codes)
    }

    /// NAME of a body-level `(define NAME e)`, `(define (NAME …) …)`, `(defun NAME …)` or
    /// `(const NAME e)`: forms that, once evaluated without an error, leave NAME bound in
    /// the body's scope.
    static func definedName(_ d: Datum) -> Symbol? {
        guard case .list(let items) = d.kind, items.count >= 2, let head = items[0].symbol else { return nil }
        switch head.name {
        case "define":
            if let s = items[1].symbol { return items.count <= 3 ? s : nil }
            if case .list(let sig) = items[1].kind { return sig.first?.symbol }
            return nil
        case "defun", "defn":
            return items.count >= 3 ? items[1].symbol : nil
        case "const", "defconstant":
            return items.count == 3 ? items[1].symbol : nil
        default:
            return nil
        }
    }

    // MARK: symbols

    func resolve(_ s: Symbol, _ scope: Scope?) -> Resolution {
        // A name no scope of this chain ever declared is global: no walk. The walk itself
        // is unretained (code nested thousands of scopes deep may visit them all).
        guard let scope, scope.chainNames.declared.contains(s) else { return .global(interp.cell(for: s)) }
        var depth = 0
        var next: Unmanaged<Scope>? = Unmanaged.passUnretained(scope)
        while let cur = next {
            let hit: Resolution? = cur._withUnsafeGuaranteedRef { c in
                guard let i = c[s] else { return nil }
                return .local(depth: depth, index: i,
                              mayBeUnbound: c.defineSlots.contains(i) && !c.boundSoFar.contains(i),
                              isConst: c.constSlots.contains(i))
            }
            if let hit { return hit }
            // Leaving a scope with a frame of its own is one hop out; leaving an overlay
            // (a flattened `let`) stays in the same frame.
            if cur._withUnsafeGuaranteedRef({ $0.frameOwner == nil }) { depth += 1 }
            next = cur._withUnsafeGuaranteedRef { $0.parentRef }
        }
        return .global(interp.cell(for: s))
    }

    func compileSymbol(_ s: Symbol, _ cx: Ctx, _ span: SourceSpan) throws -> Code {
        switch resolve(s, cx.scope) {
        case .local(let depth, let index, let mayBeUnbound, _):
            if mayBeUnbound { return CheckedLocalNode(depth, index, s.name, span) }
            switch depth {
            case 0: return LocalNode0(index)
            case 1: return LocalNode1(index)
            default: return LocalNodeN(depth, index)
            }
        case .global(let cell):
            return GlobalNode(cell, span)
        }
    }

    // MARK: list forms

    func compileList(_ items: [Datum], _ span: SourceSpan, _ cx: Ctx) throws -> Code {
        let head = items[0]
        if let s = head.symbol {
            if let special = SpecialForms.table[s] {
                do {
                    return try special(self, items, span, cx)
                } catch let e as OVSMError where e.category != .limit {
                    // Malformed special forms raise when evaluated (spec §7); resource
                    // limits (nesting, expansion, cancellation) stop compiling at once.
                    var err = e
                    if err.span == nil { err.span = span }
                    return ClosureNode { _ in throw err }
                }
            }
            if case .global(let cell) = resolve(s, cx.scope) {
                if cell.isBound, case .macro(let m) = cell.value {
                    return try compileMacroCall(m, items, span, cx)
                }
                if !cell.isBound, s.name.hasPrefix("."), s.name.count >= 2 {
                    // (.name obj) ≡ (. obj name) when `.name` is not bound.
                    let field = String(s.name.dropFirst())
                    guard items.count == 2 else {
                        let err = OVSMError(.arity, "\(s.name) expects one argument", span: span)
                        return ClosureNode { _ in throw err }
                    }
                    let obj = try compile(items[1], cx.notTail)
                    return ClosureNode { env in
                        if cell.isBound {
                            return try self.interp.applyMV(cell.value, [try obj(env)]).primary
                        }
                        return try fieldAccess(try obj(env), field, span)
                    }
                }
            }
        }
        return try compileCall(items, span, cx)
    }

    /// Expands once at compile time and compiles the expansion in place (spec §7.10).
    /// The expansion counts one level of depth (spec §16) until its own expansion is
    /// compiled, so macros that expand into themselves or each other reach the depth limit;
    /// and all the forms the outermost expansion produces are counted against
    /// `Limits.maxCodeSize`, so one that keeps growing stops too.
    func compileMacroCall(_ m: Macro, _ items: [Datum], _ span: SourceSpan, _ cx: Ctx) throws -> Code {
        let interp = self.interp
        if interp.macroNesting == 0 { interp.expansionBudget = interp.limits.maxCodeSize }
        interp.macroNesting += 1
        interp.depth += 1
        defer {
            interp.macroNesting -= 1
            interp.depth -= 1
        }
        if interp.depth > interp.limits.maxDepth {
            throw OVSMError(.limit, "call depth limit of \(interp.limits.maxDepth) exceeded (expanding macro \(m.name))", span: span)
        }
        try interp.checkCancel()
        let expansion: Value
        do {
            expansion = try interp.expandMacro(m, args: items.dropFirst().map { $0.toValue() }, span: span)
        } catch let e as OVSMError where e.category != .limit {
            var err = e
            if err.span == nil { err.span = span }
            return ClosureNode { _ in throw err }
        }
        let form = try Datum.fromValue(expansion, span: span, budget: &interp.expansionBudget)
        return try compile(form, cx)
    }

    /// A function application: evaluate head, then arguments left to right, then apply.
    func compileCall(_ items: [Datum], _ span: SourceSpan, _ cx: Ctx) throws -> Code {
        let args = try items.dropFirst().map { try compile($0, cx.notTail) }
        if args.count == 2, let s = items[0].symbol, let op = BinaryIntrinsicNode.op(for: s.name),
           case .global(let cell) = resolve(s, cx.scope), cell.isBound,
           case .function(let original) = cell.value, original.isBuiltin {
            let node = BinaryIntrinsicNode(op, cell, original, args[0], args[1], span, interp)
            if node.hasSubtree { return NumericTreeNode.make(node) }
            return SlotIntrinsicNode.specialise(node)
        }
        if args.count == 3 || args.count == 4, let s = items[0].symbol, let op = BinaryIntrinsicNode.op(for: s.name),
           op == .add || op == .sub || op == .mul,
           case .global(let cell) = resolve(s, cx.scope), cell.isBound,
           case .function(let original) = cell.value, original.isBuiltin {
            let pair = BinaryIntrinsicNode(op, cell, original, args[0], args[1], span, interp)
            return FoldIntrinsicNode(pair, args[2], args.count == 4 ? args[3] : nil)
        }
        if args.count == 1, let s = items[0].symbol, let op = UnaryIntrinsicNode.op(for: s.name),
           case .global(let cell) = resolve(s, cx.scope), cell.isBound,
           case .function(let original) = cell.value, original.isBuiltin {
            return UnaryIntrinsicNode(op, cell, original, args[0], span, interp)
        }
        let fn = try compile(items[0], cx.notTail)
        if let g = fn as? GlobalNode {
            let call = GlobalCallNode(g.cell, g, args, span, tail: cx.tail, interp)
            cx.function?.globalCalls?.append(call)
            if let s = items[0].symbol, g.cell.isBound,
               let lookup = LookupIntrinsicNode(s.name, g.cell, args, fallback: call, span, interp) {
                return lookup
            }
            if g.cell.isBound, let seq = SlotSeqNode(g.cell, args, fallback: call) { return seq }
            if g.cell.isBound, let funcall = FuncallNode(g.cell, args, span, tail: cx.tail, fallback: call, interp) {
                return funcall
            }
            if g.cell.isBound, let appending = AppendToValueNode(g.cell, args, fallback: call, span, interp) {
                return appending
            }
            return call
        }
        return CallNode(fn, args, span, tail: cx.tail, interp)
    }
}

/// `(. obj field)`: missing → null, null → null, other non-object → `type`.
@inline(__always) func fieldAccess(_ v: Value, _ field: String, _ span: SourceSpan?) throws -> Value {
    switch v {
    case .object(let o): return o[field] ?? .null
    case .null: return .null
    default:
        throw OVSMError(.type, "cannot read field \(field) of \(v.typeName)", span: span)
    }
}
