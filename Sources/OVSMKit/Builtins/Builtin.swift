/// A builtin function as data: name, aliases, arity, docstring and body. Help, completion
/// and docs all read this one table (ARCHITECTURE.md "Builtins are data").
///
///     Builtin("abs", arity: 1...1, doc: "(abs x) — absolute value", unary: { arg0, _ in ... })
public final class Builtin: Sendable {
    public let name: String
    public let aliases: [String]
    public let minArgs: Int
    /// nil = variadic.
    public let maxArgs: Int?
    public let doc: String
    public let body: @Sendable ([Value], Interpreter) throws -> Value
    /// The same function for exactly one / two arguments, without an argument array: a
    /// call site with that many arguments calls it directly (see `GlobalCallNode`). Set by
    /// the `unary:` / `binary:` initialisers, which derive `body` from it, so the two
    /// entry points cannot disagree.
    public let unary: (@Sendable (Value, Interpreter) throws -> Value)?
    public let binary: (@Sendable (Value, Value, Interpreter) throws -> Value)?

    public convenience init(_ name: String, aliases: [String] = [], min: Int, max: Int?, doc: String,
                            _ body: @escaping @Sendable ([Value], Interpreter) throws -> Value) {
        self.init(name, aliases: aliases, min: min, max: max, doc: doc, unary: nil, binary: nil, body)
    }

    /// A variadic builtin that also has entries for one and/or two arguments, which must
    /// compute what `body` computes for that many: for builtins whose body keeps its
    /// argument array (`list`: a call site reuses that array, so keeping it cost a copy of
    /// the array per call), and for the common two-argument calls of `str`, `min`, `max`.
    public init(_ name: String, aliases: [String] = [], min: Int, max: Int?, doc: String,
                unary: (@Sendable (Value, Interpreter) throws -> Value)? = nil,
                binary: (@Sendable (Value, Value, Interpreter) throws -> Value)?,
                _ body: @escaping @Sendable ([Value], Interpreter) throws -> Value) {
        self.name = name
        self.aliases = aliases
        self.minArgs = min
        self.maxArgs = max
        self.doc = doc
        self.body = body
        self.unary = unary
        self.binary = binary
    }

    /// A builtin of exactly one argument.
    public convenience init(_ name: String, aliases: [String] = [], doc: String,
                            unary: @escaping @Sendable (Value, Interpreter) throws -> Value) {
        self.init(name, aliases: aliases, min: 1, max: 1, doc: doc, unary: unary, binary: nil) { args, interp in
            try unary(args[0], interp)
        }
    }

    /// A builtin of exactly two arguments.
    public convenience init(_ name: String, aliases: [String] = [], doc: String,
                            binary: @escaping @Sendable (Value, Value, Interpreter) throws -> Value) {
        self.init(name, aliases: aliases, min: 2, max: 2, doc: doc, binary: binary) { args, interp in
            try binary(args[0], args[1], interp)
        }
    }

    /// Convenience for a fixed argument count.
    public convenience init(_ name: String, aliases: [String] = [], arity: Int, doc: String,
                _ body: @escaping @Sendable ([Value], Interpreter) throws -> Value) {
        self.init(name, aliases: aliases, min: arity, max: arity, doc: doc, body)
    }

    @inline(__always) func checkArity(_ n: Int) throws {
        if n < minArgs || (maxArgs != nil && n > maxArgs!) {
            let expected: String
            if let mx = maxArgs {
                expected = mx == minArgs ? "\(minArgs)" : "\(minArgs)–\(mx)"
            } else {
                expected = "at least \(minArgs)"
            }
            throw OVSMError.arity("\(name): expected \(expected) argument\(expected == "1" ? "" : "s"), got \(n)")
        }
    }
}
