/// Spec §5 ordering, shared by `<`, `>`, `sort`, `min`/`max` and friends.
///
/// Numbers compare numerically across int and float (exactly: an int and a float are
/// compared without rounding the int); strings compare by Unicode scalar order. Mixing a
/// number with a string, or any other kind, is a `type` error naming `fn`. So that sorting
/// always has a total order, NaN sorts after every other number and equals itself here
/// (the `<`/`>` builtins instead follow IEEE: any comparison with NaN is false).
///
///     try ovsmCompare(.int(1), .float(1.5), "<")   // -1
///     try ovsmCompare(.str("b"), .str("a"), "sort") // 1
public func ovsmCompare(_ a: Value, _ b: Value, _ fn: String) throws -> Int {
    switch (a, b) {
    case (.int(let x), .int(let y)):
        return x < y ? -1 : (x == y ? 0 : 1)
    case (.float(let x), .float(let y)):
        if x < y { return -1 }
        if x > y { return 1 }
        if x == y { return 0 }
        return x.isNaN ? (y.isNaN ? 0 : 1) : -1
    case (.int(let x), .float(let y)):
        return compareIntDouble(x, y)
    case (.float(let x), .int(let y)):
        return -compareIntDouble(y, x)
    case (.string(let x), .string(let y)):
        return compareScalars(x, y)
    case (.multiple(let m), _):
        return try ovsmCompare(m.primary, b, fn)
    case (_, .multiple(let m)):
        return try ovsmCompare(a, m.primary, fn)
    default:
        throw OVSMError.type("\(fn): cannot compare \(a.typeName) with \(b.typeName)")
    }
}

/// Orders an int against a double exactly (no rounding of large ints); NaN is greatest.
@inline(__always) func compareIntDouble(_ i: Int, _ d: Double) -> Int {
    if d.isNaN { return -1 }
    if d >= 9.223372036854775807e18 { return -1 }   // d ≥ 2^63 > every Int
    if d < -9.223372036854775808e18 { return 1 }    // d < -2^63
    // Here d is in [-2^63, 2^63): its floor fits in Int exactly.
    let fl = d.rounded(.down)
    let fi = Int(fl)
    if i < fi { return -1 }
    if i > fi { return 1 }
    return fl == d ? 0 : -1   // i == floor(d); equal only when d is integral
}

/// Lexicographic order by Unicode scalar values (UTF-8 byte order is the same order).
@inline(__always) func compareScalars(_ x: String, _ y: String) -> Int {
    var i = x.utf8.makeIterator()
    var j = y.utf8.makeIterator()
    while true {
        switch (i.next(), j.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let p?, let q?):
            if p != q { return p < q ? -1 : 1 }
        }
    }
}
