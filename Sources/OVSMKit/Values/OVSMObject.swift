/// An insertion-ordered map from string keys to values (spec §2): updating keeps a key's
/// position, adding appends, removing closes the gap. Copy-on-write; small objects (the
/// common RPC shape) are scanned linearly, larger ones keep a hash index.
public struct OVSMObject: Sequence {
    final class Storage {
        var keys: [String]
        var values: [Value]
        /// Built once the object outgrows a linear scan.
        var index: KeyIndex?
        init(keys: [String] = [], values: [Value] = [], index: KeyIndex? = nil) {
            self.keys = keys; self.values = values; self.index = index
        }
        func copy() -> Storage { Storage(keys: keys, values: values, index: index?.copy()) }

        /// A copy whose values are about to be changed in place (the keys stay shared):
        /// the values copied here, scalars without `Value`'s copy witness, rather than by
        /// the first write into a shared array, which copies through it.
        func copyForUpdate() -> Storage {
            var v: [Value] = []
            v.reserveCapacity(values.count)
            Coll.appendElements(values, 0..<values.count, to: &v)
            return Storage(keys: keys, values: v, index: index?.copy())
        }

        /// A copy with room for `extra` more keys. A plain copy shares the arrays, and
        /// their first append copies them again with room to grow (`assoc` of a new key
        /// paid two copies of each array).
        func copy(reserving extra: Int) -> Storage {
            // Element by element: `append(contentsOf:)` copies through the runtime's
            // generic array copy (a witness call per element; `Coll.appendElements`).
            var k: [String] = []
            k.reserveCapacity(keys.count + extra)
            for key in keys { k.append(key) }
            var v: [Value] = []
            v.reserveCapacity(values.count + extra)
            Coll.appendElements(values, 0..<values.count, to: &v)
            return Storage(keys: k, values: v, index: index?.copy())
        }
    }
    static let indexThreshold = 8
    var storage: Storage

    public init() { storage = Storage() }
    public init(minimumCapacity: Int) {
        storage = Storage()
        storage.keys.reserveCapacity(minimumCapacity)
        storage.values.reserveCapacity(minimumCapacity)
    }
    /// Pairs in order; a later duplicate key overwrites the value but keeps the first position.
    public init(_ pairs: [(String, Value)]) {
        self.init(minimumCapacity: pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// An object with `keys` (distinct, in order) and `values` of the same count. An
    /// object literal passes the same `keys` array every time: the objects share it until
    /// one of them adds or removes a key, and no key is looked up while building.
    init(distinctKeys keys: [String], values: [Value]) {
        storage = Storage(keys: keys, values: values, index: keys.count > OVSMObject.indexThreshold ? KeyIndex(keys) : nil)
    }

    /// `o` with `value` under a key it does not have, appended; `keys` is `o.keys` plus
    /// that key — usually an array other objects of the same shape share
    /// (`Interpreter.keysAppending`), so the result allocates only its storage and values.
    init(appending value: Value, to o: OVSMObject, keys: [String]) {
        let old = o.storage.values
        var v: [Value] = []
        v.reserveCapacity(old.count + 1)
        Coll.appendElements(old, 0..<old.count, to: &v)
        v.append(value)
        storage = Storage(keys: keys, values: v, index: keys.count > OVSMObject.indexThreshold ? KeyIndex(keys) : nil)
    }

    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }
    public var keys: [String] { storage.keys }
    public var values: [Value] { storage.values }

    @inline(__always) func position(of key: String) -> Int? {
        if let idx = storage.index { return idx.find(key, KeyIndex.hash(key), storage.keys) }
        let n = key.utf8.count
        return storage.keys.withUnsafeBufferPointer { ks in
            for i in 0..<ks.count where OVSMObject.sameKey(ks[i], key, n) { return i }
            return nil
        }
    }

    /// Whether stored key `k` is `key` (of UTF-8 length `n`). Keys of another length —
    /// most of what a scan passes — are told apart by the length a native string keeps,
    /// without `==`, which takes the runtime's slow path for two different short strings.
    /// So keys of different UTF-8 lengths never match, even when Swift's `==` would call
    /// them canonically equivalent ("K" and the Kelvin sign U+212A): the same answer the
    /// hash index of a large object (which hashes the UTF-8 bytes) always gave, and the
    /// one JSON and CPython give. (docs/OVSM-NOTES.md)
    @inline(__always) static func sameKey(_ k: String, _ key: String, _ n: Int) -> Bool {
        k.utf8.count == n && k == key
    }

    /// The value under `key`, trying position `hint` first — where the same lookup found
    /// it last time (objects made by one literal or one builder share their key order, so
    /// a field read at one place in a program usually finds it at the same position) —
    /// and updating `hint` when the key is elsewhere.
    @inline(__always) func value(forKey key: String, hint: inout Int) -> Value? {
        let st = storage
        let h = hint
        if h < st.keys.count, OVSMObject.sameKey(st.keys[h], key, key.utf8.count) { return st.values[h] }
        guard let i = position(of: key) else { return nil }
        hint = i
        return st.values[i]
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    public subscript(key: String) -> Value? {
        get {
            guard let i = position(of: key) else { return nil }
            return storage.values[i]
        }
        set {
            if let v = newValue { set(key, v) } else { remove(key) }
        }
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public mutating func set(_ key: String, _ value: Value) {
        // The key is looked up before the storage is made unique (positions and hashes
        // are the same in a copy): a shared storage is then copied once, with room for
        // the key when it is new. One hash per insert.
        let h = storage.index == nil ? 0 : KeyIndex.hash(key)
        let found: Int?
        if let idx = storage.index {
            found = idx.find(key, h, storage.keys)
        } else {
            found = position(of: key)
        }
        if !isKnownUniquelyReferenced(&storage) {
            storage = found == nil ? storage.copy(reserving: 1) : storage.copyForUpdate()
        }
        let st = storage
        if let i = found {
            st.values[i] = value
            return
        }
        st.keys.append(key)
        st.values.append(value)
        if let idx = st.index {
            idx.insert(position: st.keys.count - 1, hash: h)
        } else if st.keys.count > OVSMObject.indexThreshold {
            st.index = KeyIndex(st.keys)
        }
    }

    public mutating func remove(_ key: String) {
        guard let i = position(of: key) else { return }
        makeUnique()
        storage.keys.remove(at: i)
        storage.values.remove(at: i)
        if storage.index != nil { storage.index = KeyIndex(storage.keys) }
    }

    public func makeIterator() -> AnyIterator<(String, Value)> {
        let ks = storage.keys, vs = storage.values
        var i = 0
        return AnyIterator {
            guard i < ks.count else { return nil }
            defer { i += 1 }
            return (ks[i], vs[i])
        }
    }

    public var pairs: [(String, Value)] { Array(zip(storage.keys, storage.values)) }

    /// Runs `body` on the value stored under `key` (null when missing) in place: the value
    /// is moved out while `body` runs so nested containers stay uniquely referenced. A new
    /// key is appended only when `body` succeeds.
    public mutating func modifyValue<R>(forKey key: String, _ body: (inout Value) throws -> R) rethrows -> R {
        makeUnique()
        if let i = position(of: key) {
            var child = storage.values[i]
            storage.values[i] = .null
            defer { storage.values[i] = child }
            return try body(&child)
        }
        var child = Value.null
        let r = try body(&child)
        set(key, child)
        return r
    }
}
