/// The reader's working stacks (open forms, finished datums) as one manually managed
/// buffer each: no copy-on-write checks on every push and pop, and a closed bracket's items
/// are moved (not copied) off the top into one array of exactly their count — no reference
/// counting and no growth reallocations per list, which dominate reading otherwise.
struct ReaderStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// The top element; the stack must not be empty.
    var top: Element { base[count - 1] }

    mutating func push(_ e: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count += 1
    }

    /// Removes and returns the top element; the stack must not be empty.
    @discardableResult
    mutating func removeLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// Removes the elements from index `start` to the top and returns them in order.
    mutating func pop(from start: Int) -> [Element] {
        let n = count - start
        guard n > 0 else { return [] }
        count = start
        let from = base + start
        // Not `Array(unsafeUninitializedCapacity:)`: that allocates through an unspecialised
        // stdlib entry point that looks up the array's type metadata on every call.
        var out: [Element] = []
        out.reserveCapacity(n)
        for i in 0..<n { out.append((from + i).move()) }
        return out
    }

    /// The elements from index `start` to the top, still owned by the stack: valid until it
    /// next changes.
    func items(from start: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + start, count: count - start)
    }

    /// Destroys the elements from index `start` to the top.
    mutating func drop(from start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
