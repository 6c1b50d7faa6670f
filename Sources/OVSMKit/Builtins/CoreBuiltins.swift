/// Builtins that need the evaluator itself: eval, read-from-string, macroexpand,
/// gensym, values, funcall, apply.
extension Builtins {
    static var core: [Builtin] {
        [
            Builtin("eval", doc: "(eval data) — evaluate data as code in the global environment", unary: { arg0, i in
                try i.evalData(arg0)
            }),
            Builtin("read-from-string", doc: "(read-from-string s) — the first datum of s, as data", unary: { arg0, _ in
                let s = try Arg.string(arg0, "read-from-string")
                switch Reader.read(s) {
                case .forms(let f):
                    guard let first = f.first else { throw OVSMError.syntax("read-from-string: no datum in input") }
                    return first.toValue()
                case .needMore: throw OVSMError.syntax("read-from-string: unexpected end of input")
                case .error(let e): throw OVSMError(e.category == .limit ? .limit : .syntax, "read-from-string: \(e.message)")
                }
            }),
            Builtin("macroexpand-1", doc: "(macroexpand-1 form) — one macro expansion step, or the form itself", unary: { arg0, i in
                try i.macroexpand1(arg0).value
            }),
            Builtin("macroexpand", arity: 1, doc: "(macroexpand form) — expand until the head is not a macro") { a, i in
                var v = a[0]
                // Each step counts as a nested expansion (spec §12, §16): an expansion that
                // never ends raises `limit` after `maxDepth` steps.
                for _ in 0...i.limits.maxDepth {
                    let (next, expanded) = try i.macroexpand1(v)
                    if !expanded { return v }
                    try i.checkCancel()
                    v = next
                }
                throw OVSMError.limit("macroexpand: expansion did not end after \(i.limits.maxDepth) steps")
            },
            Builtin("gensym", min: 0, max: 1, doc: "(gensym [prefix]) — a fresh symbol equal to no other") { a, i in
                let prefix = a.isEmpty ? "G" : Printer.displayForm(a[0])
                i.gensymCounter += 1
                return .symbol(Symbol.uninterned("\(prefix)__\(i.gensymCounter)"))
            },
            Builtin("values", min: 0, max: nil, doc: "(values e...) — several values (spec §8.9)") { a, _ in
                a.count == 1 ? a[0] : .multiple(MultipleValues(a))
            },
            Builtin("funcall", min: 1, max: nil, doc: "(funcall f arg...) — call f with the arguments") { a, i in
                try i.applyMV(a[0], Array(a.dropFirst()))
            },
            Builtin("apply", min: 2, max: nil, doc: "(apply f arg... list) — call f with the args followed by the list's elements") { a, i in
                // (apply f list): the list is the argument array as it is.
                if a.count == 2 { return try i.applyMV(a[0], try Arg.array(a[1], "apply")) }
                var args = Array(a[1..<(a.count - 1)])
                args.append(contentsOf: try Arg.array(a[a.count - 1], "apply"))
                return try i.applyMV(a[0], args)
            },
        ]
    }
}

extension Interpreter {
    /// One expansion step of a macro call form given as data.
    func macroexpand1(_ v: Value) throws -> (value: Value, expanded: Bool) {
        guard case .array(let items) = v, case .symbol(let s)? = items.first,
              let cell = globals[s], cell.isBound, case .macro(let m) = cell.value else {
            return (v, false)
        }
        return (try expandMacro(m, args: Array(items.dropFirst()), span: nil), true)
    }
}
