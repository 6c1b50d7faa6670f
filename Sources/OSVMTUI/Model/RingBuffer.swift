/// A bounded FIFO: appending past `capacity` drops the oldest element. Memory stays
/// bounded however much a script logs.
public struct RingBuffer<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: [Element] = []
    private var head = 0   // index of the oldest element once full

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage.reserveCapacity(min(self.capacity, 1024))
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public mutating func append(_ e: Element) {
        if storage.count < capacity {
            storage.append(e)
        } else {
            storage[head] = e
            head = (head + 1) % capacity
        }
    }

    public mutating func append(contentsOf es: [Element]) {
        for e in es { append(e) }
    }

    /// Element `i`, 0 = oldest.
    public subscript(i: Int) -> Element {
        storage[(head + i) % storage.count]
    }

    public var all: [Element] { (0..<count).map { self[$0] } }
}
