/// One OVSM value. Every stage of the pipeline (reader, compiler, evaluator, builtins,
/// printer, JSON) speaks this type.
///
/// Arrays and objects are immutable *values* (spec §2): Swift's copy-on-write gives that for
/// free, and mutating builtins (`push`, `setf`) make the storage uniquely referenced before
/// writing, so a loop of inserts is amortised O(1).
///
///     let v: Value = .array([.int(1), .string("a")])   // prints as [1 "a"]
public enum Value: @unchecked Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case keyword(Symbol)
    case symbol(Symbol)
    case array([Value])
    case object(OVSMObject)
    case function(Function)
    case macro(Macro)
    /// Several values in transit (spec §8.9). Never stored: non-tail positions take `primary`.
    case multiple(MultipleValues)
}

/// Boxes several values so `Value` keeps a payload of two words (24 bytes a slot with its tag).
public final class MultipleValues: @unchecked Sendable {
    public let values: [Value]
    public init(_ values: [Value]) { self.values = values }
    public var primary: Value { values.first ?? .null }
}

extension Value {
    public static let emptyArray = Value.array([])
    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)

    /// The primary value of a multiple-value result; any other value is itself.
    @inline(__always) public var primary: Value {
        if case .multiple(let m) = self { return m.primary }
        return self
    }

    /// Spec §4: null, false, 0, 0.0, "", [], {} are falsy.
    @inline(__always) public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        case .multiple(let m): return m.primary.isTruthy
        default: return true
        }
    }

    /// The `type-of` name (spec §2).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .keyword: return "keyword"
        case .symbol: return "symbol"
        case .array: return "array"
        case .object: return "object"
        case .function: return "function"
        case .macro: return "macro"
        case .multiple(let m): return m.primary.typeName
        }
    }

    public var isNumber: Bool {
        switch self {
        case .int, .float: return true
        default: return false
        }
    }

    @inline(__always) public var isFunction: Bool {
        if case .function = self { return true }
        return false
    }

    public var isCallable: Bool {
        switch self {
        case .function, .keyword: return true
        default: return false
        }
    }

    public static func str(_ s: String) -> Value { .string(s) }
    public static func kw(_ name: String) -> Value { .keyword(Symbol.intern(name)) }
    public static func sym(_ name: String) -> Value { .symbol(Symbol.intern(name)) }
}

extension Value: Equatable {
    /// Deep structural equality of spec §5 (`=`).
    public static func == (lhs: Value, rhs: Value) -> Bool { ovsmEqual(lhs, rhs) }
}

/// Spec §5 equality. Numbers compare across int and float; NaN equals nothing.
public func ovsmEqual(_ a: Value, _ b: Value) -> Bool { ovsmEqual(a, b, depth: 0) }

/// The recursive walk of `ovsmEqual`, with room for any nesting (see `StackGuard`).
func ovsmEqual(_ a: Value, _ b: Value, depth: Int) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.int(let x), .float(let y)): return Double(x) == y && intFloatExact(x, y)
    case (.float(let x), .int(let y)): return Double(y) == x && intFloatExact(y, x)
    case (.string(let x), .string(let y)): return x == y
    case (.keyword(let x), .keyword(let y)): return x.name == y.name
    case (.symbol(let x), .symbol(let y)): return x === y || (x.interned && y.interned && x.name == y.name)
    case (.array(let x), .array(let y)):
        guard x.count == y.count else { return false }
        if sameStorage(x, y) { return !containsNaN(a) }
        let d = depth + 1
        if d % StackGuard.checkInterval == 0 {
            return StackGuard.descend { () -> Bool in
                for i in 0..<x.count where !ovsmEqual(x[i], y[i], depth: d) { return false }
                return true
            }
        }
        for i in 0..<x.count where !ovsmEqual(x[i], y[i], depth: d) { return false }
        return true
    case (.object(let x), .object(let y)):
        guard x.count == y.count else { return false }
        if x.storage === y.storage { return !containsNaN(a) }
        let d = depth + 1
        if d % StackGuard.checkInterval == 0 {
            return StackGuard.descend { () -> Bool in
                for (k, v) in x {
                    guard let w = y[k], ovsmEqual(v, w, depth: d) else { return false }
                }
                return true
            }
        }
        for (k, v) in x {
            guard let w = y[k], ovsmEqual(v, w, depth: d) else { return false }
        }
        return true
    case (.function(let x), .function(let y)): return x === y
    case (.macro(let x), .macro(let y)): return x === y
    case (.multiple(let m), _): return ovsmEqual(m.primary, b, depth: depth)
    case (_, .multiple(let m)): return ovsmEqual(a, m.primary, depth: depth)
    default: return false
    }
}

/// Two arrays sharing one buffer (`(= x x)`, or `[x x]` built up into a DAG whose tree is
/// exponentially large): equal unless a NaN hides inside, which `containsNaN` finds in time
/// linear in the DAG.
@inline(__always) func sameStorage(_ x: [Value], _ y: [Value]) -> Bool {
    x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in px.baseAddress == py.baseAddress } }
}

/// Whether a float NaN occurs anywhere in `v`; each shared array or object is visited once.
func containsNaN(_ v: Value) -> Bool {
    var seen = Set<UnsafeRawPointer>()
    var stack = [v]
    while let top = stack.popLast() {
        switch top {
        case .float(let d): if d.isNaN { return true }
        case .array(let xs):
            let id = xs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            if let id, !seen.insert(id).inserted { continue }
            stack.append(contentsOf: xs)
        case .object(let o):
            let id = UnsafeRawPointer(Unmanaged.passUnretained(o.storage).toOpaque())
            if !seen.insert(id).inserted { continue }
            stack.append(contentsOf: o.storage.values)
        case .multiple(let m): stack.append(m.primary)
        default: break
        }
    }
    return false
}

/// True when the double `d` is exactly the integer `i` (guards against 2^63 rounding).
@inline(__always) func intFloatExact(_ i: Int, _ d: Double) -> Bool {
    if d >= 9.223372036854775807e18 || d < -9.223372036854775808e18 { return false }
    return Int(d) == i
}

extension Value {
    /// Drops `v`, with the outlined destroy (a call switching over every case) only for a
    /// value that holds a reference: a scalar, matched by its case, has nothing to release.
    @inline(__always) static func drop(_ v: consuming Value) {
        switch consume v {
        case .int, .float, .bool, .null: return
        default: return
        }
    }

    /// `drop` where the value may be the last reference to an array (a frame's slots, a
    /// builtin's arguments): such an array of numbers is freed without destroying its
    /// elements one by one (`ScalarArrayRelease`). Kept apart from `drop`, which is inlined
    /// into element loops where the extra case only costs (hof +5.7 % when it was one).
    /// Arrays shorter than `ScalarArrayRelease.minimumCount` (pairs, tree nodes) are dropped
    /// as by `drop`, without the call (bintree +3 % when every array took it).
    @inline(__always) static func release(_ v: consuming Value) {
        if case .array(let a) = v, a.count >= ScalarArrayRelease.minimumCount {
            return ScalarArrayRelease.release(consume v)
        }
        drop(consume v)
    }
}
