/// Recycles call frames. Most calls end with their frame referenced only by the call site
/// (no closure captured it), so instead of freeing it the call site clears its slots and
/// keeps it for the next call of the same size: a call then costs no malloc/free and no
/// object initialisation. Frames captured by a closure or a child frame are never
/// recycled (`isKnownUniquelyReferenced`), so sharing semantics are unchanged.
///
/// One pool per interpreter, which is driven by one thread at a time; the stacks hold
/// +1 references as `Unmanaged` so taking and giving back cost no reference counting.
struct FramePool {
    /// Frames of up to this many slots are pooled; bigger ones are rare and just freed.
    static let maxSize = 8
    /// Frames kept per size: enough for the live depth of typical recursion to hit.
    static let perSize = 64

    private let stacks: UnsafeMutablePointer<Unmanaged<Frame>>
    private let counts: UnsafeMutablePointer<Int>

    init() {
        stacks = .allocate(capacity: (Self.maxSize + 1) * Self.perSize)
        counts = .allocate(capacity: Self.maxSize + 1)
        counts.initialize(repeating: 0, count: Self.maxSize + 1)
    }

    /// Releases every pooled frame; the owner calls this once, from its deinit.
    func destroy() {
        for size in 0...Self.maxSize {
            for i in 0..<counts[size] { stacks[size * Self.perSize + i].release() }
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
                counts[size] = n - 1
                let frame = stacks[size * Self.perSize + n - 1].takeRetainedValue()
                frame.initParent(parent)
                return frame
            }
        }
        return Frame.makeForCall(size: size, parent: parent, unbound: [])
    }

    /// Gives a finished call's frame back, unless something else still references it.
    @inline(__always) func give(_ frame: inout Frame) {
        guard isKnownUniquelyReferenced(&frame) else { return }
        let size = frame.count
        guard size <= Self.maxSize else { return }
        let n = counts[size]
        guard n < Self.perSize else { return }
        frame.clearForReuse()
        stacks[size * Self.perSize + n] = Unmanaged.passRetained(frame)
        counts[size] = n + 1
    }
}

extension Frame {
    /// Sets the parent of a pooled frame, whose parent is nil: nothing to release.
    @inline(__always) func initParent(_ p: Frame) {
        withUnsafeMutablePointerToHeader { h in
            withUnsafeMutablePointer(to: &h.pointee.parent) { $0.initialize(to: p) }
        }
    }

    /// Stores into a slot known to hold null (a fresh call frame): nothing to release.
    @inline(__always) func initSlot(_ i: Int, _ v: Value) {
        withUnsafeMutablePointerToElements { ($0 + i).initialize(to: v) }
    }

    /// Drops the slot values and the parent link so a pooled frame keeps nothing alive.
    @inline(__always) func clearForReuse() {
        withUnsafeMutablePointers { h, e in
            for i in 0..<h.pointee.count { e[i] = .null }
            h.pointee.parent = nil
        }
    }
}
