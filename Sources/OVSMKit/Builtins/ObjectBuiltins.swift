/// Object builtins of spec §8.7. Objects are insertion-ordered maps from string keys;
/// a keyword key means its name. Every "update" returns a new object (spec §2).
extension Builtins {
    static var objectBuiltins: [Builtin] {
        [
            Builtin("object", aliases: ["hash-map"], min: 0, max: nil,
                    doc: "(object k v ...) — an object from keyword/string keys and values; a later duplicate key wins, keeping the first position") { a, _ in
                guard a.count % 2 == 0 else {
                    throw OVSMError.arity("object: expected key/value pairs, got \(a.count) arguments")
                }
                var o = OVSMObject(minimumCapacity: a.count / 2)
                var i = 0
                while i < a.count {
                    o.set(try Arg.key(a[i], "object"), a[i + 1])
                    i += 2
                }
                return .object(o)
            },
            Builtin("keys", doc: "(keys obj) — array of the key strings of obj, in insertion order (null → [])", unary: { arg0, _ in
                .array(try ObjOps.object(arg0, "keys").keys.map { .string($0) })
            }),
            Builtin("vals", aliases: ["object-values"], doc: "(vals obj) — array of the values of obj, in insertion order (null → [])", unary: { arg0, _ in
                .array(try ObjOps.object(arg0, "vals").values)
            }),
            Builtin("entries", aliases: ["object-entries", "items"], doc: "(entries obj) — array of [key value] pairs of obj, in insertion order (null → [])", unary: { arg0, _ in
                let o = try ObjOps.object(arg0, "entries")
                var out: [Value] = []
                out.reserveCapacity(o.count)
                for (k, v) in o { out.append(.array([.string(k), v])) }
                return .array(out)
            }),
            Builtin("from-entries", arity: 1,
                    doc: "(from-entries coll) — object from an array of [key value] pairs (inverse of entries)") { a, interp in
                let xs = try Arg.array(a[0], "from-entries")
                var o = OVSMObject(minimumCapacity: xs.count)
                for (i, e) in xs.enumerated() {
                    try Coll.tick(i, interp)
                    guard case .array(let pair) = e, pair.count == 2 else {
                        throw OVSMError.type("from-entries: each entry must be a [key value] array, got \(Printer.printForm(e))")
                    }
                    o.set(try Arg.key(pair[0], "from-entries"), pair[1])
                }
                return .object(o)
            },
            Builtin("has-key?", doc: "(has-key? obj k) — true iff obj has the key k (keyword or string); null → false", binary: { arg0, arg1, _ in
                let o = try ObjOps.object(arg0, "has-key?")
                return .bool(o.contains(try Arg.key(arg1, "has-key?")))
            }),
            Builtin("assoc", aliases: ["put", "set-key"], min: 3, max: nil,
                    doc: "(assoc obj k v [k v]...) — a copy of obj with the keys set (existing keys keep their position, new ones are appended); null acts as {}") { a, interp in
                guard a.count % 2 == 1 else {
                    throw OVSMError.arity("assoc: expected an object followed by key/value pairs, got \(a.count) arguments")
                }
                var o = try ObjOps.object(a[0], "assoc")
                if a.count == 3 {
                    // One new key on a small object (the record built up field by field):
                    // the keys array comes from the shape cache.
                    let k = try Arg.key(a[1], "assoc")
                    if o.count < OVSMObject.indexThreshold, !o.contains(k) {
                        return .object(OVSMObject(appending: a[2], to: o, keys: interp.keysAppending(k, to: o.keys)))
                    }
                    o.set(k, a[2])
                    return .object(o)
                }
                var i = 1
                while i < a.count {
                    o.set(try Arg.key(a[i], "assoc"), a[i + 1])
                    i += 2
                }
                return .object(o)
            },
            Builtin("dissoc", min: 1, max: nil,
                    doc: "(dissoc obj k...) — a copy of obj without the given keys; null acts as {}") { a, _ in
                var o = try ObjOps.object(a[0], "dissoc")
                for k in a.dropFirst() { o.remove(try Arg.key(k, "dissoc")) }
                return .object(o)
            },
            Builtin("merge", min: 0, max: nil,
                    doc: "(merge obj...) — one object with the keys of all, left to right, later values winning; null arguments are skipped") { a, interp in
                var result: OVSMObject? = nil
                for v in a {
                    switch v {
                    case .null: continue
                    case .object(let o):
                        if result == nil {
                            result = o
                        } else {
                            for (i, (k, x)) in o.enumerated() {
                                try Coll.tick(i, interp)
                                result?.set(k, x)
                            }
                        }
                    default:
                        throw OVSMError.type("merge: expected objects, got \(v.typeName)")
                    }
                }
                return .object(result ?? OVSMObject())
            },
            Builtin("select-keys", doc: "(select-keys obj keys) — a copy of obj with only the listed keys that exist, in the listed order", binary: { arg0, arg1, _ in
                let o = try ObjOps.object(arg0, "select-keys")
                let ks = try Arg.array(arg1, "select-keys")
                var out = OVSMObject(minimumCapacity: ks.count)
                for kv in ks {
                    let k = try Arg.key(kv, "select-keys")
                    if let v = o[k] { out.set(k, v) }
                }
                return .object(out)
            }),
            Builtin("update", min: 3, max: nil,
                    doc: "(update obj k f [arg...]) — a copy of obj with k set to (f (get obj k) arg...)") { a, interp in
                var o = try ObjOps.object(a[0], "update")
                let k = try Arg.key(a[1], "update")
                let f = try Arg.callable(a[2], "update")
                let old = o[k] ?? .null
                let new = try interp.apply(f, [old] + a.dropFirst(3))
                o.set(k, new)
                return .object(o)
            },
        ]
    }
}

/// Implementation helpers of the object builtins.
enum ObjOps {
    /// An object argument; `null` acts as the empty object.
    @inline(__always) static func object(_ v: Value, _ fn: String) throws -> OVSMObject {
        switch v {
        case .object(let o): return o
        case .null: return OVSMObject()
        default: throw OVSMError.type("\(fn): expected an object, got \(v.typeName)")
        }
    }
}

extension Interpreter {
    /// `keys` with `key` appended. Records built by `assoc` from objects of one shape
    /// (made by one literal, or by the same `assoc` before) add the same key to the same
    /// keys array over and over: the result of the last such append is kept and handed out
    /// again, so those records share one keys array as literal-made objects share their
    /// literal's (`OVSMObject(distinctKeys:values:)`) — no array allocated and no keys
    /// copied per record. The cache holds `from`, so its buffer address cannot be reused
    /// while the entry exists and comparing addresses is exact. (Per interpreter: an
    /// interpreter runs on one thread at a time; the arrays themselves are immutable.)
    func keysAppending(_ key: String, to keys: [String]) -> [String] {
        // The key must be the very same string value (its two words equal: the same
        // small-string bytes, or the same storage) — `==` is canonical equivalence, not
        // byte equality, and comparing the bytes costs more than the copy saved. Another
        // string with the same bytes is only a miss: the cache is then refilled.
        if let s = assocShape, s.from.count == keys.count,
           unsafeBitCast(s.key, to: (UInt64, UInt64).self) == unsafeBitCast(key, to: (UInt64, UInt64).self),
           s.from.withUnsafeBufferPointer({ p in keys.withUnsafeBufferPointer { $0.baseAddress == p.baseAddress } }) {
            return s.to
        }
        var to: [String] = []
        to.reserveCapacity(keys.count + 1)
        for k in keys { to.append(k) }
        to.append(key)
        assocShape = (keys, key, to)
        return to
    }
}
