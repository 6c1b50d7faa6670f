/// A builtin function as data: name, aliases, arity, docstring and body. Help, completion
/// and docs all read this one table (ARCHITECTURE.md "Builtins are data").
///
///     Builtin("abs", arity: 1...1, doc: "(abs x) — absolute value") { args, _ in ... }
public final class Builtin: Sendable {
    public let name: String
    public let aliases: [String]
    public let minArgs: Int
    /// nil = variadic.
    public let maxArgs: Int?
    public let doc: String
    public let body: @Sendable ([Value], Interpreter) throws -> Value

    public init(_ name: String, aliases: [String] = [], min: Int, max: Int?, doc: String,
                _ body: @escaping @Sendable ([Value], Interpreter) throws -> Value) {
        self.name = name
        self.aliases = aliases
        self.minArgs = min
        self.maxArgs = max
        self.doc = doc
        self.body = body
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
