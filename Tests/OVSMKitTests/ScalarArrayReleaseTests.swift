import Testing
@testable import OVSMKit

/// `ScalarArrayRelease` frees the last reference to an array of numbers without a destroy
/// per element: the memory must still be freed, arrays holding references must still
/// release them, and an array shared with another variable must be left whole.

@Suite struct ScalarArrayReleaseTests {
    /// An array of `n` ints in fresh heap storage (not a literal the compiler may make static).
    func ints(_ n: Int) -> [Value] {
        var a: [Value] = []
        for i in 0..<n { a.append(.int(i * 7)) }
        return a
    }

    @Test func theLayoutItReliesOnHoldsHere() {
        // If the standard library moves the count or the elements, the fast path turns
        // itself off; this test says so instead of the benchmarks quietly slowing down.
        let a = ints(5)
        let raw = UnsafeRawPointer(Unmanaged.passUnretained(unsafeBitCast(a, to: AnyObject.self)).toOpaque())
        let elements = a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        #expect(ScalarArrayRelease.layoutHolds(raw, count: 5, elements: elements))
    }

    @Test func aLastReferenceToNumbersIsFreed() {
        weak var storage: AnyObject?
        do {
            var a = ints(100)
            a.append(.float(1.5)); a.append(.bool(true)); a.append(.null)
            storage = unsafeBitCast(a, to: AnyObject.self)
            #expect(storage != nil)
            // (Called outside `#expect`, which would keep a copy of the argument.)
            let fast = ScalarArrayRelease.release(consume a)
            #expect(fast, "freed without a destroy per element")
        }
        #expect(storage == nil, "the storage was freed")
    }

    @Test func elementsHoldingReferencesAreStillReleased() {
        weak var boxed: MultipleValues?
        weak var inner: AnyObject?
        do {
            var a = ints(10)
            // Any class payload will do: the box of several values is one.
            let box = MultipleValues([.int(1), .string("k")])
            boxed = box
            let nested = ints(8)
            inner = unsafeBitCast(nested, to: AnyObject.self)
            a.append(.multiple(box))
            a.append(.array(nested))
            a.append(.string(String(repeating: "x", count: 40)))
            let fast = ScalarArrayRelease.release(consume a)
            #expect(!fast, "the ordinary path: an element holds a reference")
        }
        #expect(boxed == nil, "the class payload in the array was released")
        #expect(inner == nil, "the nested array was released")
    }

    @Test func anArraySharedElsewhereIsLeftWhole() {
        let a = ints(50)
        let b = a
        let fast = ScalarArrayRelease.release(consume a)
        #expect(!fast, "not the last reference")
        #expect(b.count == 50)
        #expect(b[49] == .int(49 * 7))
        // The same through the argument path that uses it.
        let v = Value.array(b)
        Value.release(consume v)
        #expect(b.count == 50 && b[0] == .int(0))
    }

    @Test func aFrameSlotHoldingTheLastReferenceIsCleared() {
        weak var storage: AnyObject?
        let frame = Frame.make(size: 2, parent: nil)
        do {
            let a = ints(64)
            storage = unsafeBitCast(a, to: AnyObject.self)
            frame[0] = .array(a)
            frame[1] = .int(3)
        }
        #expect(storage != nil)
        frame.clearSlots()
        #expect(storage == nil)
        #expect(frame[0] == .null && frame[1] == .null)
    }
}
