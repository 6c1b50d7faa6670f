/// Recycles call frames. Most calls end with their frame referenced only by the call site
/// (no closure captured it), so instead of freeing it the call site clears its slots and
/// keeps it for the next call of the same size: a call then costs no malloc/free and no
/// object initialisation. Frames captured by a closure or a child frame are never
/// recycled (`isKnownUniquelyReferenced`), so sharing semantics are unchanged.
///
/// One pool per interpreter, which is driven by one thread at a time. The stacks hold
/// owned (+1) references that are moved in and out (`initialize(to:)` / `move()`), so
/// taking and giving back cost no reference counting. A pooled frame keeps nothing alive
/// except, as its parent, the interpreter's root frame (which lives as long as the pool):
/// functions defined at top level all close over it, so a call of one finds the parent
/// already set and skips a retain/release pair.
struct FramePool {
    /// Frames of up to this many slots are pooled; bigger ones are rare and just freed.
    /// (16 since flattened `let`s and loops add their names to the function's frame.)
    static let maxSize = 16
    /// Frames kept per size: enough for the live depth of typical recursion to hit.
    static let perSize = 1024

    private let stacks: UnsafeMutablePointer<Frame>
    private let counts: UnsafeMutablePointer<Int>
    /// The interpreter's root frame, unretained (the interpreter owns it and the pool).
    private let root: Unmanaged<Frame>

    init(root: Frame) {
        stacks = .allocate(capacity: (Self.maxSize + 1) * Self.perSize)
        counts = .allocate(capacity: Self.maxSize + 1)
        counts.initialize(repeating: 0, count: Self.maxSize + 1)
        self.root = Unmanaged.passUnretained(root)
    }

    /// Releases every pooled frame; the owner calls this once, from its deinit.
    func destroy() {
        for size in 0...Self.maxSize {
            (stacks + size * Self.perSize).deinitialize(count: counts[size])
        }
        stacks.deallocate()
        counts.deallocate()
    }

    /// A frame for a call of `l`: slots null except its `define` slots, parent set.
    @inline(__always) func take(for l: Lambda, parent: Frame) -> Frame {
        let frame = take(size: l.frameSize, parent: parent)
        if l.hasUnboundSlots { l.markUnbound(frame) }
        return frame
    }

    /// A frame of `size` null slots with its parent set.
    @inline(__always) func take(size: Int, parent: Frame) -> Frame {
        if size <= Self.maxSize {
            let n = counts[size]
            if n > 0 {
                counts[size] = n &- 1
                let frame = (stacks + (size &* Self.perSize &+ n &- 1)).move()
                frame.setPooledParent(parent)
                return frame
            }
        }
        return Frame.makeForCall(size: size, parent: parent, unbound: [])
    }

    /// Gives a finished call's frame back, unless something else still references it.
    @inline(__always) func give(_ frame: consuming Frame) {
        var f = frame
        guard isKnownUniquelyReferenced(&f) else { return }
        let size = f.count
        guard size <= Self.maxSize else { return }
        let n = counts[size]
        guard n < Self.perSize else { return }
        f.clearForReuse(keeping: root)
        (stacks + (size &* Self.perSize &+ n)).initialize(to: consume f)
        counts[size] = n &+ 1
    }
}

extension Frame {
    /// Sets the parent of a pooled frame, whose parent is nil or the root frame: when it
    /// is already `p` (a function defined at top level) nothing is retained or released.
    @inline(__always) func setPooledParent(_ p: Frame) {
        withUnsafeMutablePointerToHeader { h in
            if h.pointee.parent !== p { h.pointee.parent = p }
        }
    }

    /// Stores into a slot known to hold null (a fresh call frame): nothing to release.
    @inline(__always) func initSlot(_ i: Int, _ v: Value) {
        withUnsafeMutablePointerToElements { ($0 + i).initialize(to: v) }
    }

    /// Drops the slot values (all of them null afterwards), keeping the parent.
    @inline(__always) func clearSlots() {
        withUnsafeMutablePointers { h, e in
            for i in 0..<h.pointee.count {
                switch e[i] {
                case .null, .bool, .int, .float: (e + i).initialize(to: .null)
                default: e[i] = .null
                }
            }
        }
    }

    /// Drops the slot values and the parent link (unless it is `root`) so a pooled frame
    /// keeps nothing alive. Slots holding a scalar need no release: they are overwritten
    /// in place, without the outlined destroy call a plain assignment costs.
    @inline(__always) func clearForReuse(keeping root: Unmanaged<Frame>) {
        clearSlots()
        withUnsafeMutablePointerToHeader { h in
            if let p = h.pointee.parent, p === root.takeUnretainedValue() { return }
            h.pointee.parent = nil
        }
    }

    /// Marks `slots` unbound (`define` slots at the start of a call, a flattened scope's
    /// entry or a loop iteration).
    @inline(__always) func unbind(_ slots: [Int]) {
        for i in slots { self[i] = Unbound.value }
    }

    /// Sets `slots` to null, letting go of their values.
    @inline(__always) func clear(_ slots: [Int]) {
        for i in slots { self[i] = .null }
    }
}
