extension Builtins {
    static var core: [Builtin] { [] }
}
extension Interpreter {
    func callClosure(_ c: Closure, _ args: [Value]) throws -> Value { .null }
}
public final class Closure {}
