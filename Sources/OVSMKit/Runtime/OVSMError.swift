/// The nine error categories of spec §11, plus `io` for the CLI's file errors (§14).
public enum ErrorCategory: String, Sendable, CaseIterable {
    case syntax, unbound, type, arity
    case divisionByZero = "division-by-zero"
    case index, user
    case `throw`
    case limit
    case io

    /// Categories that `try` may catch (spec §7.8): not throw, limit or io.
    public var isCatchable: Bool {
        switch self {
        case .throw, .limit, .io: return false
        default: return true
        }
    }
}

/// A position in source text, 1-based line and column (columns count Unicode scalars).
public struct SourceSpan: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int      // scalar offset of the start
    public var length: Int      // scalars covered
    public init(line: Int, column: Int, offset: Int = 0, length: Int = 0) {
        self.line = line; self.column = column; self.offset = offset; self.length = length
    }
    public var description: String { "\(line):\(column)" }
}

/// The one error type of OVSM: category, message, where, and the OVSM call stack
/// (innermost first). Errors print the same way everywhere:
/// `file:line:col: category: message`.
public struct OVSMError: Error, Sendable, CustomStringConvertible {
    public var category: ErrorCategory
    public var message: String
    public var span: SourceSpan?
    /// The innermost `keptInner` frames, then (once deeper) the outermost `keptOuter`;
    /// `omittedFrames` counts the ones between. Keeping it bounded keeps unwinding a
    /// 10,000-deep recursion linear: each level copies the array once (the caught error
    /// still shares it), so an unbounded stack made the depth-limit error quadratic.
    public var stack: [String]
    public var omittedFrames = 0
    public static let keptInner = 32, keptOuter = 16

    /// Frames the error passed through, including the omitted ones.
    public var frameCount: Int { stack.count + omittedFrames }

    /// Records the function the error is leaving (see `stack`).
    public mutating func pushFrame(_ name: String) {
        if stack.count < OVSMError.keptInner + OVSMError.keptOuter {
            stack.append(name)
        } else {
            stack.remove(at: OVSMError.keptInner)
            stack.append(name)
            omittedFrames += 1
        }
    }

    public init(_ category: ErrorCategory, _ message: String, span: SourceSpan? = nil, stack: [String] = []) {
        self.category = category
        self.message = message
        self.span = span
        self.stack = stack
    }

    public var description: String { "\(category.rawValue): \(message)" }

    /// `file:line:col: category: message` (file and position only where known).
    public func formatted(file: String?) -> String {
        var prefix = ""
        if let file { prefix = file + ":" }
        if let span { prefix += "\(span.line):\(span.column):" }
        return (prefix.isEmpty ? "" : prefix + " ") + "\(category.rawValue): \(message)"
    }

    public static func type(_ m: String) -> OVSMError { OVSMError(.type, m) }
    public static func arity(_ m: String) -> OVSMError { OVSMError(.arity, m) }
    public static func index(_ m: String) -> OVSMError { OVSMError(.index, m) }
    public static func syntax(_ m: String, _ span: SourceSpan? = nil) -> OVSMError { OVSMError(.syntax, m, span: span) }
    public static func limit(_ m: String) -> OVSMError { OVSMError(.limit, m) }
    public static func user(_ m: String) -> OVSMError { OVSMError(.user, m) }
    public static func unbound(_ m: String) -> OVSMError { OVSMError(.unbound, m) }
    public static let divZero = OVSMError(.divisionByZero, "division by zero")
    public static let overflow = OVSMError(.limit, "integer overflow")
}
