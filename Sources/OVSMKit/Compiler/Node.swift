/// Compiled code: a tree of nodes built once per form and run many times. Each node
/// class overrides `eval`; hot shapes (variable references, calls, integer arithmetic,
/// conditionals) have their own classes, the rest wrap a Swift closure (`ClosureNode`).
/// Nodes are classes rather than closures stored in arrays: calling a closure taken out of
/// an array goes through a reabstraction thunk, a virtual call does not.
class Node {
    func eval(_ env: Frame) throws -> Value { .null }

    /// The truthiness of `eval`; comparison nodes answer without boxing a Bool.
    func evalBool(_ env: Frame) throws -> Bool { try eval(env).isTruthy }

    /// Lets compiled code call a node like a function: `try body(env)`.
    @inline(__always) final func callAsFunction(_ env: Frame) throws -> Value { try eval(env) }

    /// The constant this node always yields, when known at compile time.
    var constantValue: Value? { nil }
}

typealias Code = Node

/// A node whose behaviour is a Swift closure (the less hot special forms).
final class ClosureNode: Node {
    let fn: (Frame) throws -> Value
    init(_ fn: @escaping (Frame) throws -> Value) { self.fn = fn }
    override func eval(_ env: Frame) throws -> Value { try fn(env) }
}

final class ConstNode: Node {
    let value: Value
    init(_ v: Value) { value = v }
    override func eval(_ env: Frame) throws -> Value { value }
    override func evalBool(_ env: Frame) throws -> Bool { value.isTruthy }
    override var constantValue: Value? { value }
}
