import OVSMKit

/// What the linter and the language server know about a program: its diagnostics, its
/// bindings and every resolved occurrence of a name (for definition, rename, completion).
public struct Analysis {
    public var diagnostics: [Diagnostic] = []
    /// Global definitions in source order.
    public var globals: [Binding] = []
    /// Each symbol occurrence that resolves to a binding of the file (declarations included).
    public var occurrences: [(span: SourceSpan, binding: Binding)] = []
    /// Local bindings with the byte range of the scope they are visible in.
    public var locals: [(binding: Binding, range: Range<Int>)] = []
}

/// The walk over the read forms behind `lint` and the language server (docs/LINT.md).
/// It knows the special forms of spec §7 and treats everything else as a call; arguments of
/// user macros are data, so it only marks the locals they mention as used.
public final class Analyzer {
    public static func analyze(_ source: String) -> Analysis {
        switch Reader.readProgram(source) {
        case .failure(let e):
            var a = Analysis()
            a.diagnostics.append(Diagnostic(.syntax, e.message, span: e.span ?? SourceSpan(line: 1, column: 1)))
            return a
        case .success(let forms):
            let an = Analyzer(forms)
            an.run()
            an.result.diagnostics.sort { ($0.offset, $0.rule.id) < ($1.offset, $1.rule.id) }
            return an.result
        }
    }

    let forms: [Datum]
    var result = Analysis()
    var globalBindings: [String: Binding] = [:]
    /// Every name some form defines anywhere (define/defun/defvar/… at any depth): a name in
    /// here is never "unknown", whatever the order of evaluation turns out to be.
    var definedAnywhere: Set<String> = []
    var macros: Set<String> = []
    /// Global functions defined exactly once and never reassigned: their arity is known.
    var definitionCount: [String: Int] = [:]
    var reassigned: Set<String> = []
    /// Offsets of references that found no binding when walked: a local defined later in
    /// the same body (mutually recursive local defines) is still used by them.
    var forwardReferences: [String: [Int]] = [:]

    static let builtins = Builtins.byName
    static let exitHeads: Set<String> = ["return", "break", "continue", "return-from", "throw", "error"]
    static let loopWords: Set<String> = [
        "for", "with", "repeat", "while", "until", "when", "if", "unless", "collect", "append", "sum", "count",
        "maximize", "minimize", "do", "return", "finally", "from", "to", "upto", "below", "downto", "above", "by",
        "in", "across", "=", "then", "downfrom", "into", "and",
        // Also accepted by the loop macro (LoopMacro.swift), beyond the spec's list.
        "as", "upfrom", "on", "collecting", "appending", "summing", "counting", "maximizing", "minimizing", "doing",
    ]

    init(_ forms: [Datum]) { self.forms = forms }

    func run() {
        for f in forms { collect(f, topLevel: true) }
        for (name, n) in definitionCount where n > 1 || reassigned.contains(name) { globalBindings[name]?.arity = nil }
        let top = Scope(parent: nil, range: 0..<Int.max)
        walkBody(forms[...], top, unreachableCheck: false)
    }

    // MARK: pass 1: definitions

    func collect(_ d: Datum, topLevel: Bool) {
        guard case .list(let items) = d.kind, let head = items.first?.symbol?.name else {
            for c in d.items ?? [] { collect(c, topLevel: false) }
            return
        }
        var nameDatum: Datum? = nil
        var kind = Binding.Kind.variable
        var params: Datum? = nil
        var global = topLevel
        switch head {
        case "quote": return
        case "define" where items.count >= 2:
            if let sub = items[1].items, let first = sub.first, first.symbol != nil {
                nameDatum = first
                kind = .function
                params = Datum(.list(Array(sub.dropFirst())), items[1].span)
            } else {
                nameDatum = items[1]
            }
        case "defun", "defn":
            if items.count >= 3 { nameDatum = items[1]; kind = .function; params = items[2] }
        case "defmacro":
            if items.count >= 2 { nameDatum = items[1]; kind = .macro }
        case "defvar", "defparameter":
            if items.count >= 2 { nameDatum = items[1]; global = true }
        case "const", "defconstant":
            if items.count >= 2 { nameDatum = items[1]; kind = .constant }
        case "set!", "setf", "setq":
            var i = 1
            while i < items.count { if let s = items[i].symbol { reassigned.insert(s.name) }; i += 2 }
        default: break
        }
        if let nd = nameDatum, let name = nd.symbol?.name {
            definedAnywhere.insert(name)
            if kind == .macro { macros.insert(name) }
            if global {
                definitionCount[name, default: 0] += 1
                if globalBindings[name] == nil {
                    let b = Binding(name: name, kind: kind, span: nd.span, isGlobal: true)
                    if let p = params { b.arity = ParameterList(p).arity }
                    if kind == .function { b.doc = docstring(items, bodyStart: head == "define" ? 2 : 3) }
                    globalBindings[name] = b
                    result.globals.append(b)
                }
            }
        }
        let stays: Set<String> = ["do", "progn", "begin", "when", "unless", "if", "cond", "and", "or", "try",
                                  "ignore-errors", "catch", "prog1", "prog2"]
        for c in items.dropFirst() { collect(c, topLevel: topLevel && stays.contains(head)) }
    }

    func docstring(_ items: [Datum], bodyStart: Int) -> String? {
        guard items.count > bodyStart + 1, case .atom(.string(let s)) = items[bodyStart].kind else { return nil }
        return s
    }

    // MARK: diagnostics helpers

    func report(_ rule: LintRule, _ message: String, _ span: SourceSpan, fix: Fix? = nil) {
        result.diagnostics.append(Diagnostic(rule, message, span: span, fix: fix))
    }

    /// Opens a scope over the text of `d` (its first to its last byte).
    func scope(_ parent: Scope, over d: Datum, perIteration: Bool = false) -> Scope {
        Scope(parent: parent, perIteration: perIteration, range: d.span.offset..<Analyzer.end(of: d))
    }

    static func end(of d: Datum) -> Int {
        var e = d.span.offset + max(d.span.length, 1)
        switch d.kind {
        case .list(let i), .array(let i): for c in i { e = max(e, end(of: c) + 1) }
        case .object(let p): for c in p { e = max(e, end(of: c.value) + 1) }
        case .atom: break
        }
        return e
    }

    func bind(_ name: String, _ span: SourceSpan, _ kind: Binding.Kind, in s: Scope, checkShadow: Bool = true) {
        if checkShadow, Analyzer.builtins[name] != nil, !name.hasPrefix("_") {
            report(.shadowedBuiltin, "'\(name)' shadows the builtin of that name", span)
        }
        if let old = s.bindings[name] { close(old, s.range) }
        let b = Binding(name: name, kind: kind, span: span, isGlobal: false)
        s.bindings[name] = b
        s.order.append(b)
        result.occurrences.append((span, b))
        result.locals.append((b, s.range))
    }

    /// Reports the unused bindings of a scope that ends.
    func finish(_ s: Scope) {
        for b in s.order where s.bindings[b.name] === b { close(b, s.range) }
    }

    func close(_ b: Binding, _ range: Range<Int>) {
        guard !b.used, !b.name.hasPrefix("_") else { return }
        if forwardReferences[b.name, default: []].contains(where: { range.contains($0) }) { return }
        switch b.kind {
        case .parameter: report(.unusedBinding, "parameter '\(b.name)' is never used", b.span)
        case .local, .function: report(.unusedBinding, "local '\(b.name)' is never used", b.span)
        default: break
        }
    }

    // MARK: pass 2: the walk

    /// A body: forms in order; forms after an exit never run (reported once per body).
    func walkBody(_ body: ArraySlice<Datum>, _ s: Scope, unreachableCheck: Bool = true) {
        var exited = false
        var reported = false
        for f in body {
            if exited && unreachableCheck && !reported {
                report(.unreachable, "this form never runs: the form before it always exits", f.span)
                reported = true
            }
            walkForm(f, s)
            if isExit(f, s) { exited = true }
        }
    }

    func isExit(_ f: Datum, _ s: Scope) -> Bool {
        guard case .list(let i) = f.kind, let h = i.first?.symbol?.name, Analyzer.exitHeads.contains(h) else { return false }
        return s.lookup(h) == nil && globalBindings[h] == nil
    }

    func walkForms(_ fs: ArraySlice<Datum>, _ s: Scope) { for f in fs { walkForm(f, s) } }

    func walkForm(_ d: Datum, _ s: Scope) {
        switch d.kind {
        case .atom(.symbol(let sym)): reference(sym.name, d.span, s)
        case .atom: break
        case .array(let items): walkForms(items[...], s)
        case .object(let pairs): for p in pairs { walkForm(p.value, s) }
        case .list(let items):
            guard let head = items.first else { return }
            if let name = head.symbol?.name, s.lookup(name) == nil {
                if LanguageInfo.isSpecialForm(name) { special(name, items, d, s); return }
                if macros.contains(name) && globalBindings[name]?.kind == .macro {
                    markMentioned(Array(items.dropFirst()), s)
                    reference(name, head.span, s)
                    return
                }
            }
            walkForm(head, s)
            walkForms(items.dropFirst(), s)
            checkArity(items, d, s)
        }
    }

    /// A symbol in an evaluated position.
    func reference(_ name: String, _ span: SourceSpan, _ s: Scope) {
        if let b = s.lookup(name) {
            b.used = true
            result.occurrences.append((span, b))
            return
        }
        if let b = globalBindings[name] {
            b.used = true
            result.occurrences.append((span, b))
            return
        }
        if definedAnywhere.contains(name) || LanguageInfo.isSpecialForm(name) {
            forwardReferences[name, default: []].append(span.offset)
            return
        }
        if Analyzer.builtins[name] != nil {
            if let preferred = LintRule.preferredNames[name] {
                report(.upstreamAlias, "'\(name)' is an upstream alias: prefer '\(preferred)'", span,
                       fix: Fix(offset: span.offset, length: span.length, replacement: preferred))
            }
            return
        }
        if name.hasPrefix("."), name.count >= 2 { return } // field getter (spec §3)
        var message = "unknown name '\(name)'"
        if let guess = suggestion(for: name, s) { message += "; did you mean '\(guess)'?" }
        report(.unknownName, message, span)
    }

    func suggestion(for name: String, _ s: Scope) -> String? {
        var own = Array(globalBindings.keys) + Array(definedAnywhere)
        var sc: Scope? = s
        while let c = sc { own += c.bindings.keys; sc = c.parent }
        return Suggest.closest(to: name, program: own, builtins: Array(Analyzer.builtins.keys))
    }

    /// Symbols inside data handed to a macro: locals they name count as used.
    func markMentioned(_ ds: [Datum], _ s: Scope) {
        for d in ds {
            switch d.kind {
            case .atom(.symbol(let sym)):
                if let b = s.lookup(sym.name) { b.used = true; result.occurrences.append((d.span, b)) }
            case .atom: break
            case .list(let i), .array(let i): markMentioned(i, s)
            case .object(let p): markMentioned(p.map { $0.value }, s)
            }
        }
    }

    func checkArity(_ items: [Datum], _ d: Datum, _ s: Scope) {
        guard let name = items[0].symbol?.name, s.lookup(name) == nil else { return }
        let n = items.count - 1
        let range: (min: Int, max: Int?)
        if let g = globalBindings[name] {
            guard let a = g.arity else { return }
            range = a
        } else if definedAnywhere.contains(name) {
            return
        } else if let b = Analyzer.builtins[name] {
            range = (b.minArgs, b.maxArgs)
        } else {
            return
        }
        if n < range.min || (range.max != nil && n > range.max!) {
            let expected: String
            if let mx = range.max { expected = mx == range.min ? "\(mx)" : "\(range.min) to \(mx)" } else { expected = "at least \(range.min)" }
            report(.arity, "'\(name)' takes \(expected) argument\(expected == "1" ? "" : "s"), given \(n)", d.span)
        }
    }

    func checkConstant(_ test: Datum, _ form: String) {
        let constant: Bool
        switch test.kind {
        case .atom(.symbol): constant = false
        case .atom: constant = true
        case .array, .object: constant = true
        case .list(let i): constant = i.first?.symbol?.name == "quote" && i.count == 2
        }
        if constant { report(.constantCondition, "the test of '\(form)' is a constant", test.span) }
    }
}
