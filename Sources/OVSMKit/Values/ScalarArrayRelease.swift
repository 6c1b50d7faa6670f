/// Freeing the last reference to an array of numbers without destroying its elements one
/// by one.
///
/// Swift destroys a `[Value]` element by element through `Value`'s value witness: ~37
/// instructions an element, even for an int, which holds nothing to release. Programs
/// that build and drop arrays of numbers (a quicksort's partitions, a sieve, `range` fed to
/// `map`) spent a tenth of their time there. When the array is uniquely referenced and
/// every element is a null, bool, int or float, nothing in it needs destroying, so its
/// element count is set to zero before the storage is released: the storage's deinit then
/// frees the memory and destroys no element. Scanning the tags costs a few instructions an
/// element and stops at the first element that holds a reference.
///
/// This relies on the standard library's array storage layout (a heap object header, the
/// count at byte 16, elements from byte 32); each release checks it on the array at hand
/// (the count and the element address read both ways) and otherwise releases the array the
/// ordinary way. `ScalarArrayReleaseTests` says so if the layout ever changes.
enum ScalarArrayRelease {
    /// Below this many elements the ordinary destroy is as cheap as the checks.
    static var minimumCount: Int { 8 }

    static var countOffset: Int { 16 }
    static var elementsOffset: Int { 32 }

    /// Whether the count and element offsets are where this file expects them: `raw` is
    /// the storage of an array of `count` elements starting at `elements`.
    @inline(__always) static func layoutHolds(_ raw: UnsafeRawPointer, count: Int, elements: UnsafeRawPointer?) -> Bool {
        raw.load(fromByteOffset: countOffset, as: Int.self) == count && elements == raw + elementsOffset
    }

    /// Releases `v`; see the type's comment.
    @inline(never) static func release(_ v: consuming Value) {
        guard case .array(let a) = consume v else { return }
        release(consume a)
    }

    /// Releases `a`; see the type's comment. True when it was freed without a destroy per
    /// element (for the tests: the ordinary path gives the same result, only slower).
    @discardableResult static func release(_ a: consuming [Value]) -> Bool {
        let count = a.count
        guard count >= minimumCount else { return false }
        let elements = a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        // The array's one word, its storage reference, looked at in place: no copy of the
        // reference that would make it look shared. `a` is alive (accessed) throughout,
        // and released with its count zeroed, or not, when the function returns.
        return withUnsafeMutablePointer(to: &a) { p in
            p.withMemoryRebound(to: StorageHandle.self, capacity: 1) { object -> Bool in
                guard isKnownUniquelyReferenced(&object.pointee) else { return false }
                let raw = UnsafeMutableRawPointer(Unmanaged.passUnretained(object.pointee).toOpaque())
                guard layoutHolds(raw, count: count, elements: elements) else { return false }
                let values = (raw + elementsOffset).assumingMemoryBound(to: Value.self)
                for i in 0..<count {
                    switch values[i] {
                    case .null, .bool, .int, .float: continue
                    default: return false
                    }
                }
                raw.storeBytes(of: 0, toByteOffset: countOffset, as: Int.self)
                return true
            }
        }
    }
}

/// The type an array's storage reference is viewed as for the uniqueness check: a native
/// Swift class, as the storage is, so the check is the native one. Never instantiated and
/// never dereferenced as itself. (Viewed as `AnyObject`, the check answered "shared" for
/// every array in the debug test binary, so the fast path never ran there.)
final class StorageHandle {
    private init() {}
}
