/// The lint rules: id, name, severity and one-line documentation. docs/LINT.md is the long
/// form (a test checks that every rule is documented there).
public struct LintRule: Sendable, Hashable {
    public let id: String
    public let name: String
    public let severity: Severity
    public let summary: String

    public static let syntax = LintRule(id: "OVSM000", name: "syntax", severity: .error,
        summary: "The source does not read (spec §1): nothing of the program would run.")
    public static let unknownName = LintRule(id: "OVSM001", name: "unknown-name", severity: .error,
        summary: "A symbol that is bound nowhere: not a local, a definition of the file, a builtin or a special form. Raises `unbound` when evaluated.")
    public static let arity = LintRule(id: "OVSM002", name: "wrong-arity", severity: .error,
        summary: "A call to a builtin or to a function defined once in the file with a number of arguments it does not accept. Raises `arity`.")
    public static let unusedBinding = LintRule(id: "OVSM003", name: "unused-binding", severity: .warning,
        summary: "A local (let, define in a body, flet) or parameter that is never read. Prefix the name with `_` to keep it.")
    public static let shadowedBuiltin = LintRule(id: "OVSM004", name: "shadowed-builtin", severity: .warning,
        summary: "A definition, local or parameter named like a builtin: the builtin is not reachable by that name in its scope.")
    public static let defineInLoop = LintRule(id: "OVSM005", name: "define-in-loop", severity: .warning,
        summary: "`define` in the body of for/dolist/dotimes/loop: that body gets a fresh scope per iteration (spec §16), so the binding is gone at the next iteration. Define it before the loop and `set!` it inside.")
    public static let unreachable = LintRule(id: "OVSM006", name: "unreachable", severity: .warning,
        summary: "Forms after return/break/continue/return-from/throw/error in the same body never run.")
    public static let constantCondition = LintRule(id: "OVSM007", name: "constant-condition", severity: .warning,
        summary: "The test of if/when/unless/while/cond is a literal: the branch is always or never taken. `(while true …)` is allowed.")
    public static let setUndefined = LintRule(id: "OVSM008", name: "set-undefined", severity: .error,
        summary: "`set!`/`setf`/`incf`/… of a name that is bound nowhere: raises `unbound`. Use `define` first.")
    public static let upstreamAlias = LintRule(id: "OVSM009", name: "upstream-alias", severity: .info,
        summary: "A name kept only so upstream scripts run (spec §17.1): use the preferred name. Fixable (`lint --fix`).")

    public static let all: [LintRule] = [syntax, unknownName, arity, unusedBinding, shadowedBuiltin, defineInLoop,
                                         unreachable, constantCondition, setUndefined, upstreamAlias]

    /// Upstream alias → preferred name (spec §17.1).
    public static let preferredNames: [String: String] = [
        "fold-left": "reduce", "foldr": "reduce", "fold-right": "reduce",
        "positivep": "positive?", "negativep": "negative?",
        "string-equal": "string=", "string-lessp": "string<", "string-greaterp": "string>",
        "charat": "char-at", "tolowercase": "lower", "touppercase": "upper",
        "indexof": "index-of", "lastIndexOf": "last-index-of", "lastindexof": "last-index-of",
        "parseint": "int", "parsefloat": "float", "elem": "contains", "bytes-to-hex": "hex-encode",
    ]
}
