/// A form as read from source: the reader's output and the compiler's input. Unlike a
/// `Value`, it remembers its span and whether it was written `( )` (a call form) or `[ ]`
/// (an array literal) or `{ }` (an object literal).
public struct Datum: Sendable {
    public enum Kind: Sendable {
        case atom(Value)
        case list([Datum])
        case array([Datum])
        case object([(key: String, value: Datum)])
    }
    public var kind: Kind
    public var span: SourceSpan

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The datum as data (spec §7.1 quote): lists and arrays become arrays, objects objects.
    public func toValue() -> Value { toValue(depth: 0) }

    private func toValue(depth: Int) -> Value {
        switch kind {
        case .atom(let v): return v
        case .list, .array, .object:
            if depth % StackGuard.checkInterval == StackGuard.checkInterval - 1 {
                return StackGuard.descend { containerValue(depth: depth + 1) }
            }
            return containerValue(depth: depth + 1)
        }
    }

    private func containerValue(depth: Int) -> Value {
        switch kind {
        case .atom(let v): return v
        case .list(let items), .array(let items): return .array(items.map { $0.toValue(depth: depth) })
        case .object(let pairs):
            var o = OVSMObject(minimumCapacity: pairs.count)
            for p in pairs { o.set(p.key, p.value.toValue(depth: depth)) }
            return .object(o)
        }
    }

    /// Data as code (spec §7.9): arrays are list forms, everything else self-evaluates.
    /// Objects made at run time stay constants. `budget` counts the datums made; code
    /// larger than that (a macro whose expansion keeps growing, `eval` of huge data) raises
    /// `limit` instead of exhausting memory (spec §12, §16).
    static func fromValue(_ v: Value, span: SourceSpan, budget: inout Int) throws(OVSMError) -> Datum {
        try fromValue(v, span: span, budget: &budget, depth: 0)
    }

    private static func fromValue(_ v: Value, span: SourceSpan, budget: inout Int, depth: Int) throws(OVSMError) -> Datum {
        budget -= 1
        if budget < 0 { throw OVSMError(.limit, "code too large: more forms from a macro expansion or eval than the limit (Limits.maxCodeSize)") }
        guard case .array(let items) = v else { return Datum(.atom(v), span) }
        if depth % StackGuard.checkInterval == StackGuard.checkInterval - 1 && !StackGuard.hasRoom() {
            return try StackGuard.continueOnNewStack { () throws(OVSMError) -> Datum in
                try listDatum(items, span: span, budget: &budget, depth: depth + 1)
            }
        }
        return try listDatum(items, span: span, budget: &budget, depth: depth + 1)
    }

    private static func listDatum(_ items: [Value], span: SourceSpan, budget: inout Int, depth: Int) throws(OVSMError) -> Datum {
        var out: [Datum] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try fromValue(item, span: span, budget: &budget, depth: depth)) }
        return Datum(.list(out), span)
    }

    public var symbol: Symbol? {
        if case .atom(.symbol(let s)) = kind { return s }
        return nil
    }

    /// Items of a list or array form.
    public var items: [Datum]? {
        switch kind {
        case .list(let i), .array(let i): return i
        default: return nil
        }
    }
}
