/// Compiled code: a tree of nodes built once per form and run many times. Each node
/// class overrides `eval`; hot shapes (variable references, calls, integer arithmetic,
/// conditionals) have their own classes, the rest wrap a Swift closure (`ClosureNode`).
/// Nodes are classes rather than closures stored in arrays: calling a closure taken out of
/// an array goes through a reabstraction thunk, a virtual call does not.
class Node {
    func eval(_ env: Frame) throws -> Value { .null }

    /// The truthiness of `eval`; comparison nodes answer without boxing a Bool.
    func evalBool(_ env: Frame) throws -> Bool { try eval(env).isTruthy }

    /// `eval` for effect, its value unused (statements of a body, loop bodies): stores,
    /// sequences and conditionals run without making a value that is then destroyed —
    /// `(set! x v)` returned a copy of `v` (a retain and a release when it is a string or
    /// an array) and every discarded value cost an outlined destroy.
    func exec(_ env: Frame) throws { _ = try eval(env) }

    /// Lets compiled code call a node like a function: `try body(env)`.
    @inline(__always) final func callAsFunction(_ env: Frame) throws -> Value { try eval(env) }

    /// The constant this node always yields, when known at compile time.
    var constantValue: Value? { nil }

    /// The node's value when it is an int and reading it is free of effects and errors
    /// (variable reads, int constants); nil means "evaluate normally". Lets arithmetic read
    /// an int operand without copying a `Value` out of its slot.
    func peekInt(_ env: Frame) -> Int? { nil }

    /// Like `peekInt` for any number: an int or a float read in place.
    func peekNumber(_ env: Frame) -> Scalar? { nil }

    /// Where the node's value lives, when evaluating it is a read free of effects and
    /// errors (a local variable; `(nth v i)` of such a read): the caller copies out only
    /// what it needs, at once, before anything else runs. nil means "evaluate normally".
    /// Lets `(nth (nth m i) j)` read one element without copying the row (a retain and a
    /// release of an array per read).
    func peekPointer(_ env: Frame) -> UnsafePointer<Value>? { nil }
}

/// Nodes held by a node as an array. Calling a class instance taken from an array costs a
/// retain/release pair; the unmanaged twins (kept alive by `nodes`) do not.
struct NodeList {
    let nodes: [Node]
    private let refs: [Unmanaged<Node>]
    init(_ nodes: [Node]) {
        self.nodes = nodes
        refs = nodes.map { Unmanaged.passUnretained($0) }
    }
    var count: Int { refs.count }
    @inline(__always) func eval(_ i: Int, _ env: Frame) throws -> Value {
        try refs[i]._withUnsafeGuaranteedRef { try $0.eval(env) }
    }
    @inline(__always) func evalBool(_ i: Int, _ env: Frame) throws -> Bool {
        try refs[i]._withUnsafeGuaranteedRef { try $0.evalBool(env) }
    }
    @inline(__always) func exec(_ i: Int, _ env: Frame) throws {
        try refs[i]._withUnsafeGuaranteedRef { try $0.exec(env) }
    }
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
    override func peekInt(_ env: Frame) -> Int? {
        if case .int(let i) = value { return i }
        return nil
    }
    override func peekNumber(_ env: Frame) -> Scalar? { Scalar(value) }
}

/// A number read without copying a `Value` (see `Node.peekNumber`).
enum Scalar {
    case int(Int), float(Double)
    @inline(__always) init?(_ v: Value) {
        switch v {
        case .int(let i): self = .int(i)
        case .float(let d): self = .float(d)
        default: return nil
        }
    }
    var value: Value {
        switch self {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        }
    }
}

/// Element `i` of the array stored at `p`, in place; nil when `p` holds no array or `i`
/// is out of range. The address stays valid while that array value stays where it is
/// (see `Node.peekPointer`).
@inline(__always) func arrayElementAddress(_ p: UnsafePointer<Value>, _ i: Int) -> UnsafePointer<Value>? {
    guard case .array(let a) = p.pointee, i >= 0, i < a.count else { return nil }
    return a.withUnsafeBufferPointer { $0.baseAddress.unsafelyUnwrapped + i }
}
