/// A run-time scope: one heap object holding its slots inline (tail-allocated) and a link
/// to the enclosing frame. Variables are addressed by (depth, index) resolved at compile
/// time, so a lookup is pointer hops plus an indexed load — no names at run time.
final class Frame {
    let parent: Frame?
    var slots: ContiguousArray<Value>

    @inline(__always) init(size: Int, parent: Frame?) {
        self.parent = parent
        self.slots = ContiguousArray(repeating: Unbound.value, count: size)
    }

    @inline(__always) init(slots: ContiguousArray<Value>, parent: Frame?) {
        self.parent = parent
        self.slots = slots
    }

    @inline(__always) func ancestor(_ depth: Int) -> Frame {
        var f = self
        var d = depth
        while d > 0 {
            f = f.parent.unsafelyUnwrapped
            d -= 1
        }
        return f
    }

}

/// Marks a slot introduced by `define` that has not been assigned yet.
enum Unbound {
    static let marker = MultipleValues([])
    static let value = Value.multiple(marker)
    @inline(__always) static func isUnbound(_ v: Value) -> Bool {
        if case .multiple(let m) = v, m === marker { return true }
        return false
    }
}

/// Compiled code: a closure built once per form and run many times.
typealias Code = (Frame) throws -> Value
