import OVSMKit

/// A name bound by the program: a global definition, a local or a parameter.
public final class Binding {
    public enum Kind: String, Sendable {
        case function, macro, variable, constant, parameter, local, loopVariable, catchVariable
    }
    public let name: String
    public let kind: Kind
    public let span: SourceSpan
    public let isGlobal: Bool
    /// For functions: what the parameter list accepts (nil = unknown).
    public var arity: (min: Int, max: Int?)?
    /// Docstring of a `defun` (first body string followed by more forms).
    public var doc: String?
    var used = false

    init(name: String, kind: Kind, span: SourceSpan, isGlobal: Bool) {
        self.name = name
        self.kind = kind
        self.span = span
        self.isGlobal = isGlobal
    }
}

/// A lexical scope of the analysis; `perIteration` marks loop bodies (spec §16).
final class Scope {
    let parent: Scope?
    let perIteration: Bool
    /// Where the scope's text starts and ends (UTF-8 offsets), for completion in scope.
    let range: Range<Int>
    var bindings: [String: Binding] = [:]
    var order: [Binding] = []

    init(parent: Scope?, perIteration: Bool = false, range: Range<Int>) {
        self.parent = parent
        self.perIteration = perIteration
        self.range = range
    }

    func lookup(_ name: String) -> Binding? {
        var s: Scope? = self
        while let c = s {
            if let b = c.bindings[name] { return b }
            s = c.parent
        }
        return nil
    }
}

/// A parameter list (spec §6) as names and accepted argument counts.
struct ParameterList {
    var names: [(String, SourceSpan)] = []
    var defaults: [Datum] = []
    var nested: [Datum] = []     // destructuring sub-patterns
    var required = 0
    var optional = 0
    var rest = false
    var key = false

    var arity: (min: Int, max: Int?) { (required, rest || key ? nil : required + optional) }

    init(_ d: Datum, allowNested: Bool = false) {
        guard let items = d.items else { return }
        var mode = "required"
        for item in items {
            if let s = item.symbol, s.name.hasPrefix("&") {
                switch s.name {
                case "&optional": mode = "optional"
                case "&rest", "&body": mode = "rest"; rest = true
                case "&key": mode = "key"; key = true
                default: break
                }
                continue
            }
            if let s = item.symbol {
                names.append((s.name, item.span))
            } else if let sub = item.items, !sub.isEmpty {
                if mode == "required" && allowNested {
                    nested.append(item)
                } else if let s = sub[0].symbol {
                    names.append((s.name, sub[0].span))
                    defaults.append(contentsOf: sub.dropFirst())
                }
            }
            if mode == "required" { required += 1 } else if mode == "optional" { optional += 1 }
        }
    }
}
