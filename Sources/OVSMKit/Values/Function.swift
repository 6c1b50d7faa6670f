/// A callable value: a builtin (Swift code from the builtin table) or a user closure
/// (compiled lambda + captured frame). Identity is equality (spec §5).
public final class Function: @unchecked Sendable {
    public enum Kind {
        case builtin(Builtin)
        case closure(Closure)
    }
    public let kind: Kind
    /// The user closure, if this is one (read on every call without copying `kind`).
    let closure: Closure?
    /// Print name: `#<function NAME>`; nil prints `#<lambda>`.
    public let name: String?

    public init(builtin: Builtin) {
        self.kind = .builtin(builtin)
        self.closure = nil
        self.name = builtin.name
    }
    init(closure: Closure, name: String?) {
        self.kind = .closure(closure)
        self.closure = closure
        self.name = name
    }
    public var isBuiltin: Bool { if case .builtin = kind { return true } else { return false } }
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
