/// Argument coercions shared by every builtin group. Each throws the spec's category
/// (`type` for a wrong kind) with a message naming the builtin.
public enum Arg {
    @inline(__always) public static func int(_ v: Value, _ fn: String) throws -> Int {
        if case .int(let i) = v { return i }
        throw OVSMError.type("\(fn): expected an int, got \(v.typeName)")
    }
    /// Any number as Double.
    @inline(__always) public static func number(_ v: Value, _ fn: String) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: throw OVSMError.type("\(fn): expected a number, got \(v.typeName)")
        }
    }
    @inline(__always) public static func string(_ v: Value, _ fn: String) throws -> String {
        if case .string(let s) = v { return s }
        throw OVSMError.type("\(fn): expected a string, got \(v.typeName)")
    }
    /// An array; `null` acts as the empty sequence (spec §8).
    @inline(__always) public static func array(_ v: Value, _ fn: String) throws -> [Value] {
        switch v {
        case .array(let a): return a
        case .null: return []
        default: throw OVSMError.type("\(fn): expected an array, got \(v.typeName)")
        }
    }
    @inline(__always) public static func object(_ v: Value, _ fn: String) throws -> OVSMObject {
        if case .object(let o) = v { return o }
        throw OVSMError.type("\(fn): expected an object, got \(v.typeName)")
    }
    /// A callable: function, keyword (field getter) or object (key lookup).
    @inline(__always) public static func callable(_ v: Value, _ fn: String) throws -> Value {
        switch v {
        case .function, .keyword, .object: return v
        default: throw OVSMError.type("\(fn): expected a function, got \(v.typeName)")
        }
    }
    /// An object key: keyword name or string (spec §2).
    @inline(__always) public static func key(_ v: Value, _ fn: String) throws -> String {
        switch v {
        case .string(let s): return s
        case .keyword(let k): return k.name
        case .symbol(let k): return k.name
        default: throw OVSMError.type("\(fn): expected a key (keyword or string), got \(v.typeName)")
        }
    }
    /// Splits (HO) arguments (spec §8 "argument-order leniency"): if the first argument is a
    /// function or keyword it is the function, otherwise the last argument is.
    public static func higherOrder(_ args: [Value], _ fn: String) throws -> (f: Value, rest: [Value]) {
        guard !args.isEmpty else { throw OVSMError.arity("\(fn): missing arguments") }
        switch args[0] {
        case .function, .keyword:
            return (args[0], Array(args.dropFirst()))
        default:
            let f = try callable(args[args.count - 1], fn)
            return (f, Array(args.dropLast()))
        }
    }
    /// `higherOrder` of exactly two arguments, without building the array of the rest
    /// (an allocation per `map`/`filter` call): the same checks in the same order.
    @inline(__always) public static func higherOrder2(_ args: [Value], _ fn: String) throws -> (f: Value, coll: Value) {
        switch args[0] {
        case .function, .keyword: return (args[0], args[1])
        default: return (try callable(args[1], fn), args[0])
        }
    }
    /// (NI) functions taking one sequence and one int in either order.
    public static func seqAndInt(_ args: [Value], _ fn: String) throws -> (seq: Value, n: Int) {
        if case .int(let n) = args[1] { return (args[0], n) }
        if case .int(let n) = args[0] { return (args[1], n) }
        throw OVSMError.type("\(fn): expected a sequence and an int")
    }
    /// Unicode scalars of a string as an array (scalar indexing of spec §2).
    @inline(__always) public static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
}

extension String {
    /// Builds a string from Unicode scalars.
    public init<S: Sequence>(scalars: S) where S.Element == Unicode.Scalar {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars)
        self = String(v)
    }
}
