/// A run-time scope: one heap object holding its slots inline (tail-allocated, so a call
/// costs one allocation) and a link to the enclosing frame. Variables are addressed by
/// (depth, index) resolved at compile time: a lookup is pointer hops plus an indexed load.
struct FrameHeader {
    /// Mutable only so a recycled call frame can be re-parented (see `FramePool`).
    var parent: Frame?
    let count: Int
}

final class Frame: ManagedBuffer<FrameHeader, Value> {
    /// A frame of `size` slots, all unbound.
    @inline(__always) static func make(size: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(parent: parent, count: size) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: Unbound.value, count: size) }
        return frame
    }

    /// A frame whose slots start as null (no reference counting), for function calls:
    /// parameters are assigned at once, and `unbound` lists the `define` slots that must
    /// read as unbound until assigned.
    @inline(__always) static func makeForCall(size: Int, parent: Frame?, unbound: [Int]) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(parent: parent, count: size) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: size) }
        for i in unbound { frame[i] = Unbound.value }
        return frame
    }

    deinit {
        // An inlined loop: the generic runtime array-destroy costs more for small frames.
        withUnsafeMutablePointers { h, e in
            for i in 0..<h.pointee.count { (e + i).deinitialize(count: 1) }
        }
    }

    // Header reads go through the pointer: the `header` property itself is a class `var`,
    // and touching it costs a dynamic exclusivity check (swift_beginAccess) per access.
    @inline(__always) var parent: Frame? {
        get { withUnsafeMutablePointerToHeader { $0.pointee.parent } }
        set { withUnsafeMutablePointerToHeader { $0.pointee.parent = newValue } }
    }
    @inline(__always) var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Slot access; indexes come from the compiler and are always in range.
    @inline(__always) subscript(i: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[i] } }
        set { withUnsafeMutablePointerToElements { $0[i] = newValue } }
    }

    /// Slot `i`'s storage, valid while the frame lives and the slot is not reassigned
    /// (see `Node.peekPointer`).
    @inline(__always) func slotAddress(_ i: Int) -> UnsafePointer<Value> {
        UnsafePointer(withUnsafeMutablePointerToElements { $0 + i })
    }

    /// Runs `body` on slot `i`'s storage.
    @inline(__always) func withSlotPointer<R>(_ i: Int, _ body: (UnsafeMutablePointer<Value>) throws -> R) rethrows -> R {
        try withUnsafeMutablePointerToElements { try body($0 + i) }
    }

    /// Stores an int into slot `i`; over a scalar it overwrites in place, without the
    /// outlined destroy of the old `Value` (loop counters, accumulators).
    @inline(__always) func setInt(_ v: Int, _ i: Int) { setScalar(.int(v), i) }

    /// Stores a float into slot `i`, in place over a scalar (as `setInt`).
    @inline(__always) func setFloat(_ v: Double, _ i: Int) { setScalar(.float(v), i) }

    /// Sets slot `i` to null; over a scalar without the outlined destroy (a flat `let`'s
    /// slot on the way out).
    @inline(__always) func clearSlot(_ i: Int) { setScalar(.null, i) }

    /// `v` (a null, an int or a float) into slot `i`: over a scalar nothing needs releasing.
    @inline(__always) private func setScalar(_ v: Value, _ i: Int) {
        withUnsafeMutablePointerToElements { p in
            switch p[i] {
            case .null, .bool, .int, .float: (p + i).initialize(to: v)
            default: p[i] = v
            }
        }
    }

    /// Stores `v` into slot `i` (ints and floats in place over a scalar) and returns it.
    @inline(__always) func store(_ v: Value, _ i: Int) -> Value {
        if case .int(let n) = v {
            setInt(n, i)
            return .int(n)
        }
        if case .float(let d) = v {
            setFloat(d, i)
            return .float(d)
        }
        replaceSlot(i, with: v)
        return v
    }

    /// `store` without the result: `v` is moved into the slot, not copied.
    @inline(__always) func storeOnly(_ v: consuming Value, _ i: Int) {
        if case .int(let n) = v { return setInt(n, i) }
        if case .float(let d) = v { return setFloat(d, i) }
        replaceSlot(i, with: v)
    }

    /// The number in slot `i`, read in place.
    @inline(__always) func numberSlot(_ i: Int) -> Scalar? {
        withUnsafeMutablePointerToElements { p in
            switch p[i] {
            case .int(let v): return .int(v)
            case .float(let d): return .float(d)
            default: return nil
            }
        }
    }

    /// The int in slot `i`, read in place (no copy of the `Value`).
    @inline(__always) func intSlot(_ i: Int) -> Int? {
        withUnsafeMutablePointerToElements { p in
            if case .int(let v) = p[i] { return v }
            return nil
        }
    }

    @inline(__always) func ancestor(_ depth: Int) -> Frame {
        ancestorRef(depth).takeUnretainedValue()
    }

    /// The frame `depth` levels up, unretained: each frame keeps its parent alive, so
    /// walking the chain needs no reference counting (a strong walk retained and released
    /// every frame it passed).
    @inline(__always) func ancestorRef(_ depth: Int) -> Unmanaged<Frame> {
        var f = Unmanaged.passUnretained(self)
        var d = depth
        while d > 0 {
            f = f._withUnsafeGuaranteedRef { fr in
                fr.withUnsafeMutablePointerToHeader { Unmanaged.passUnretained($0.pointee.parent.unsafelyUnwrapped) }
            }
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
