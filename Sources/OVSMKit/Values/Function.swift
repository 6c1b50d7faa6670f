/// A callable value: a builtin (Swift code from the builtin table) or a user closure
/// (compiled lambda + captured frame). Identity is equality (spec §5).
public final class Function: @unchecked Sendable {
    public enum Kind {
        case builtin(Builtin)
        case closure(Closure)
    }
    public let kind: Kind
    /// The user closure, if this is one, unretained (`kind` owns it): read on every call
    /// without copying `kind` or reference counting.
    let closureRef: Unmanaged<Closure>?
    var closure: Closure? { closureRef?.takeUnretainedValue() }
    /// Print name: `#<function NAME>`; nil prints `#<lambda>`.
    public let name: String?

    public init(builtin: Builtin) {
        self.kind = .builtin(builtin)
        self.closureRef = nil
        self.name = builtin.name
    }
    init(closure: Closure, name: String?) {
        self.kind = .closure(closure)
        self.closureRef = Unmanaged.passUnretained(closure)
        self.name = name
    }
    public var isBuiltin: Bool { if case .builtin = kind { return true } else { return false } }
    /// The builtin's address when this is one: what `GlobalCell.builtinRef` is compared
    /// with to tell "the name still holds the builtin code was compiled against".
    var builtinIdentity: UnsafeMutableRawPointer? {
        if case .builtin(let b) = kind { return Unmanaged.passUnretained(b).toOpaque() }
        return nil
    }
}

/// A macro made by `defmacro`: a closure run on unevaluated argument forms.
public final class Macro: @unchecked Sendable {
    public let name: String
    let closure: Closure
    init(name: String, closure: Closure) {
        self.name = name
        self.closure = closure
    }
}

extension Value {
    /// The user closure this value holds, unretained (the value owns it); read in place,
    /// without copying the `Function` out of the enum.
    @inline(__always) var closureRef: Unmanaged<Closure>? {
        if case .function(let fo) = self { return fo.closureRef }
        return nil
    }
}
