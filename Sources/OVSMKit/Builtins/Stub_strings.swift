// Placeholder: replaced by the strings builtin group.
extension Builtins {
    static var strings: [Builtin] { [] }
}
