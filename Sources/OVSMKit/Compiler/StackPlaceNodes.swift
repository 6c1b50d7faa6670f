/// `(push e NAME)` and `(pop NAME)` on a variable: the array is moved out of the
/// variable's storage, changed in place (uniquely referenced: no copy) and moved back,
/// without resolving a place through `VarRef`'s closures. A stack kept in a variable cost
/// ~1,300 instructions a push and the same a pop (a small interpreter's time was two thirds
/// push and pop). Anything else — a constant, an unbound name, a value that is neither
/// null nor an array — goes to the general place update, which reports it.
final class PushVariableNode: Node {
    let item: Node, target: InPlaceTarget
    let general: (Value, Frame) throws -> Value

    init(_ item: Node, _ target: InPlaceTarget, general: @escaping (Value, Frame) throws -> Value) {
        self.item = item; self.target = target; self.general = general
    }

    /// Pushes `x` in place; the new array when `wantResult`, else null. nil: not done.
    @inline(__always) private func push(_ x: Value, _ env: Frame, wantResult: Bool) -> Value? {
        target.withStorage(env) { p -> Value? in
            // The kind is read first, on its own: a `switch` over `p.pointee` whose cases
            // did the update kept a copy of the value (a second reference) for the whole
            // statement, and every insert copied the array.
            switch ArrayInPlace.kind(p) {
            case .null:
                p.pointee = .array([x])
            case .array:
                var a = ArrayInPlace.takeArray(p)
                a.insert(x, at: 0)
                p.initialize(to: .array(a))     // over the null left by `takeArray`
            case .other:
                return nil
            }
            return wantResult ? p.pointee : .null
        }
    }

    override func eval(_ env: Frame) throws -> Value {
        let x = try item.eval(env)
        if let r = push(x, env, wantResult: true) { return r }
        return try general(x, env)
    }

    override func exec(_ env: Frame) throws {
        let x = try item.eval(env)
        if push(x, env, wantResult: false) != nil { return }
        _ = try general(x, env)
    }
}

final class PopVariableNode: Node {
    let target: InPlaceTarget, general: Node

    init(_ target: InPlaceTarget, general: Node) { self.target = target; self.general = general }

    override func eval(_ env: Frame) throws -> Value {
        let r = target.withStorage(env) { p -> Value? in
            switch ArrayInPlace.kind(p) {
            case .null:
                return .null
            case .array:
                var a = ArrayInPlace.takeArray(p)
                let first: Value = a.isEmpty ? .null : a.remove(at: 0)
                p.initialize(to: .array(a))
                return first
            case .other:
                return nil
            }
        }
        if let r { return r }
        return try general.eval(env)
    }
}

/// Moving an array out of a value's storage so it can be changed in place: the storage
/// then has one reference, the moved array's (push/pop on a variable, `AppendToValueNode`).
enum ArrayInPlace {
    enum Kind { case null, array, other }

    /// What `p` holds, read on its own: a `switch` over `p.pointee` with the update inside
    /// its cases kept a copy of the value alive for the whole statement.
    @inline(__always) static func kind(_ p: UnsafeMutablePointer<Value>) -> Kind {
        switch p.pointee {
        case .null: return .null
        case .array: return .array
        default: return .other
        }
    }

    /// The array in `p` (which holds one), moved out: `p` is left holding nothing
    /// (uninitialised) and the array's storage has one reference, the result's.
    @inline(__always) static func takeArray(_ p: UnsafeMutablePointer<Value>) -> [Value] {
        guard case .array(let a) = p.move() else { return [] }
        return a
    }

    /// Whether `a`'s storage has no other reference (the check `ScalarArrayRelease`
    /// makes, through the same `StorageHandle` view of the storage reference).
    @inline(__always) static func isUnique(_ a: inout [Value]) -> Bool {
        withUnsafeMutablePointer(to: &a) { p in
            p.withMemoryRebound(to: StorageHandle.self, capacity: 1) { isKnownUniquelyReferenced(&$0.pointee) }
        }
    }
}
