/// Recycles call frames. Most calls end with their frame referenced only by the call site
/// (no closure captured it), so instead of freeing it the call site clears its slots and
/// keeps it for the next call of the same size: a call then costs no malloc/free and no
/// object initialisation. Frames captured by a closure or a child frame are never
/// recycled (`isKnownUniquelyReferenced`), so sharing semantics are unchanged.
///
/// One pool per interpreter, which is driven by one thread at a time. The stacks hold
/// owned (+1) references that are moved in and out (`initialize(to:)` / `move()`), so
/// taking and giving back cost no reference counting.
///
/// A pooled frame keeps its parent: the next call of the same closure (a closure called
/// in a loop, a function defined at top level, whose parent is the root frame) finds it
/// already set and skips a retain/release pair. What that link keeps alive is bounded:
/// every pooled parent is dropped at the end of each top-level form
/// (`releaseParents`), and a frame given back while a pooled child still links to it (a
/// function that called a closure defined in it, the usual case) has that link dropped
/// first (`kept`), so the frame is recycled as before.
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
    /// Where the frame given back last with a parent other than the root was put: its
    /// stack position and address. It is still pooled while that position is below its
    /// stack's count and holds that address (checked before use, so `take` need not
    /// track it).
    private let kept: UnsafeMutablePointer<(position: Int, frame: UnsafeMutableRawPointer?)>

    init(root: Frame) {
        stacks = .allocate(capacity: (Self.maxSize + 1) * Self.perSize)
        counts = .allocate(capacity: Self.maxSize + 1)
        counts.initialize(repeating: 0, count: Self.maxSize + 1)
        kept = .allocate(capacity: 1)
        kept.initialize(to: (0, nil))
        self.root = Unmanaged.passUnretained(root)
    }

    /// Releases every pooled frame; the owner calls this once, from its deinit.
    func destroy() {
        for size in 0...Self.maxSize {
            (stacks + size * Self.perSize).deinitialize(count: counts[size])
        }
        stacks.deallocate()
        counts.deallocate()
        kept.deallocate()
    }

    /// Frames pooled for calls of `size` slots (for tests).
    func pooledCount(size: Int) -> Int { counts[size] }

    /// Pooled frames whose parent is a frame other than the root (for tests).
    func framesKeepingParents() -> Int {
        var n = 0
        for size in 0...Self.maxSize {
            let base = stacks + size * Self.perSize
            for i in 0..<counts[size] {
                n += base[i].withUnsafeMutablePointerToHeader { h in
                    h.pointee.parent != nil && h.pointee.parent !== root.takeUnretainedValue() ? 1 : 0
                }
            }
        }
        return n
    }

    /// Drops the parent of every pooled frame but the root (the end of a top-level form):
    /// nothing a finished form made stays alive through the pool.
    func releaseParents() {
        kept.pointee = (0, nil)
        for size in 0...Self.maxSize {
            let base = stacks + size * Self.perSize
            for i in 0..<counts[size] { base[i].dropParent(keeping: root) }
        }
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
    /// `keepParent: false` drops the parent link now: a loop of calls (`PreparedCall`)
    /// has already set its frame's parent once for all its elements, and that parent is
    /// usually the frame of the function running the loop, about to return.
    @inline(__always) func give(_ frame: consuming Frame, keepParent: Bool = true) {
        var f = frame
        if !isKnownUniquelyReferenced(&f) {
            guard releaseKeptChild(of: f), isKnownUniquelyReferenced(&f) else { return }
        }
        let size = f.count
        guard size <= Self.maxSize else { return }
        let n = counts[size]
        guard n < Self.perSize else { return }
        f.clearSlots()
        let position = size &* Self.perSize &+ n
        if !keepParent {
            f.dropParent(keeping: root)
        } else if f.withUnsafeMutablePointerToHeader({ h in
            h.pointee.parent != nil && h.pointee.parent !== root.takeUnretainedValue()
        }) {
            kept.pointee = (position, Unmanaged.passUnretained(f).toOpaque())
        }
        (stacks + position).initialize(to: consume f)
        counts[size] = n &+ 1
    }

    /// When the frame given back last with a parent (`kept`) links to `f`, drops that link
    /// — it may be what keeps `f` from being recycled; true if it did.
    @inline(never) private func releaseKeptChild(of f: Frame) -> Bool {
        let (position, address) = kept.pointee
        guard let address, position % Self.perSize < counts[position / Self.perSize] else { return false }
        let slot = stacks + position
        guard Unmanaged.passUnretained(slot.pointee).toOpaque() == address else { return false }
        // Still pooled (the pool's reference at that position): its parent link can go.
        return slot.pointee.withUnsafeMutablePointerToHeader { h in
            guard h.pointee.parent === f else { return false }
            h.pointee.parent = nil
            kept.pointee = (0, nil)
            return true
        }
    }
}

extension Frame {
    /// Sets the parent of a pooled frame: when it is already `p` (the same closure called
    /// again, a function defined at top level) nothing is retained or released.
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
                case .array(let a) where a.count >= ScalarArrayRelease.minimumCount:
                    Self.releaseArraySlot(e + i)
                default: e[i] = .null
                }
            }
        }
    }

    /// Sets a slot holding an array to null, releasing it through `ScalarArrayRelease` (an
    /// array of numbers freed without a destroy per element); also a global's value
    /// (`GlobalCell.set`). Out of line: `clearSlots` is inlined into the loop calls of
    /// `map`/`filter`, whose own inlining it must not tip.
    @inline(never) static func releaseArraySlot(_ p: UnsafeMutablePointer<Value>) {
        let old = p.move()
        p.initialize(to: .null)
        ScalarArrayRelease.release(consume old)
    }

    /// Drops the parent link of a pooled frame, unless it is `root`.
    @inline(__always) func dropParent(keeping root: Unmanaged<Frame>) {
        withUnsafeMutablePointerToHeader { h in
            if let p = h.pointee.parent, p === root.takeUnretainedValue() { return }
            h.pointee.parent = nil
        }
    }

    /// Marks `slots` unbound (`define` slots at the start of a call, a flattened scope's
    /// entry or a loop iteration).
    @inline(__always) func unbind(_ slots: [Int]) {
        guard !slots.isEmpty else { return }
        let unbound = Unbound.value   // a global: read once, not once a slot
        for i in slots { replaceSlot(i, with: unbound) }
    }

    /// Sets `slots` to null, letting go of their values.
    @inline(__always) func clear(_ slots: [Int]) {
        for i in slots { replaceSlot(i, with: .null) }
    }

    /// Stores `v` over slot `i`, an array there released through `ScalarArrayRelease` (a
    /// loop's `define` of an array of numbers, freed at the next iteration).
    @inline(__always) func replaceSlot(_ i: Int, with v: consuming Value) {
        withUnsafeMutablePointerToElements { e in
            if case .array(let a) = e[i], a.count >= ScalarArrayRelease.minimumCount {
                Self.releaseArraySlot(e + i)
            }
        }
        self[i] = v
    }
}
