/// (quasiquote d): quote with `,e` evaluated and `,@e` spliced; nested quasiquote raises
/// the level as in Common Lisp, and only level-1 unquotes are evaluated (spec §7.1).
extension Compiler {
    func compileQuasiquote(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 2 else { throw OVSMError.syntax("quasiquote expects one form", s) }
        return try template(f[1], level: 1, cx.notTail)
    }

    /// `(name x)` when `d` is that two-element list form.
    private func wrapped(_ d: Datum, _ name: String) -> Datum? {
        guard case .list(let items) = d.kind, items.count == 2, items[0].symbol?.name == name else { return nil }
        return items[1]
    }

    private func containsUnquote(_ d: Datum) -> Bool {
        switch d.kind {
        case .atom: return false
        case .list(let items), .array(let items):
            if let h = items.first?.symbol?.name, h == "unquote" || h == "unquote-splicing" { return true }
            return items.contains { containsUnquote($0) }
        case .object(let pairs): return pairs.contains { containsUnquote($0.value) }
        }
    }

    func template(_ d: Datum, level: Int, _ cx: Ctx) throws -> Code {
        if !containsUnquote(d) { return constant(d.toValue()) }
        if let inner = wrapped(d, "unquote") {
            if level == 1 { return try compile(inner, cx) }
            let sub = try template(inner, level: level - 1, cx)
            return ClosureNode { env in .array([.symbol(Symbol.intern("unquote")), try sub(env)]) }
        }
        if let inner = wrapped(d, "quasiquote") {
            let sub = try template(inner, level: level + 1, cx)
            return ClosureNode { env in .array([.symbol(Symbol.intern("quasiquote")), try sub(env)]) }
        }
        switch d.kind {
        case .list(let items), .array(let items):
            enum Part { case one(Code), splice(Code) }
            var parts: [Part] = []
            for item in items {
                if level == 1, let inner = wrapped(item, "unquote-splicing") {
                    parts.append(.splice(try compile(inner, cx)))
                } else if let inner = wrapped(item, "unquote-splicing") {
                    let sub = try template(inner, level: level - 1, cx)
                    parts.append(.one(ClosureNode { env in .array([.symbol(Symbol.intern("unquote-splicing")), try sub(env)]) }))
                } else {
                    parts.append(.one(try template(item, level: level, cx)))
                }
            }
            let span = d.span
            return ClosureNode { env in
                var out: [Value] = []
                for p in parts {
                    switch p {
                    case .one(let c): out.append(try c(env))
                    case .splice(let c):
                        switch try c(env) {
                        case .array(let a): out.append(contentsOf: a)
                        case .null: break
                        case let v: throw OVSMError(.type, ",@ needs an array, got \(v.typeName)", span: span)
                        }
                    }
                }
                return .array(out)
            }
        case .object(let pairs):
            let keys = pairs.map { $0.key }
            let codes = try pairs.map { try template($0.value, level: level, cx) }
            return ClosureNode { env in
                var o = OVSMObject(minimumCapacity: keys.count)
                for i in 0..<keys.count { o.set(keys[i], try codes[i](env)) }
                return .object(o)
            }
        case .atom:
            return constant(d.toValue())
        }
    }
}
