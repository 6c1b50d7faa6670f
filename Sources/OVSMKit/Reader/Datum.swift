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
    public func toValue() -> Value {
        switch kind {
        case .atom(let v): return v
        case .list(let items), .array(let items): return .array(items.map { $0.toValue() })
        case .object(let pairs):
            var o = OVSMObject(minimumCapacity: pairs.count)
            for p in pairs { o.set(p.key, p.value.toValue()) }
            return .object(o)
        }
    }

    /// Data as code (spec §7.9): arrays are list forms, everything else self-evaluates.
    /// Objects made at run time stay constants.
    public static func fromValue(_ v: Value, span: SourceSpan) -> Datum {
        switch v {
        case .array(let items): return Datum(.list(items.map { fromValue($0, span: span) }), span)
        default: return Datum(.atom(v), span)
        }
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
