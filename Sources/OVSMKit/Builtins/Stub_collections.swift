// Placeholder: replaced by the collections builtin group.
extension Builtins {
    static var collections: [Builtin] { [] }
}
