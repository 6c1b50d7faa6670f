// Placeholder: replaced by the system builtin group.
extension Builtins {
    static var system: [Builtin] { [] }
}
