/// How a broken (multi-line) list is laid out; docs/FMT.md describes each with examples.
enum FormStyle: Equatable {
    /// `(head d1 … dk` on the first line (each if it fits), the body indented 2.
    /// A body form stays on one line only when it fits and has at most one body form.
    case body(Int)
    /// Like `body(k)`, but the forms after the k distinguished ones are clauses
    /// (`cond`, `case`, `typecase`): each clause is a data-style list.
    case clauses(Int)
    /// A function call: arguments aligned under the first one.
    case call
    /// Elements aligned one per line under the first (data lists, binding lists, clauses).
    case data
    /// As many elements per line as fit, aligned under the first (arrays of atoms).
    case fill
    /// Object literal: one `key value` pair per line.
    case pairs
    /// `loop` clauses: one clause per line, a guard (`when TEST`) joined with its clause.
    case loop
}

/// What a list is to its parent, when that decides its layout.
enum FormRole {
    case normal
    case bindings          // `let` binding list: one binding per line
    case functionBindings  // `flet`/`labels` list: each binding is a function definition
    case functionDef       // `(name params body…)` inside flet/labels
    case clause            // a `cond`/`case`/`typecase` clause
}

enum FormStyles {
    /// Special forms and macros with a body: head symbol → number of distinguished
    /// sub-forms that stay on the first line.
    static let body: [String: Int] = [
        "defun": 2, "defn": 2, "defmacro": 2,
        "lambda": 1, "fn": 1,
        "let": 1, "let*": 1, "flet": 1, "labels": 1,
        "when": 1, "unless": 1, "while": 1,
        "for": 1, "dolist": 1, "dotimes": 1,
        "define": 1, "defvar": 1, "defparameter": 1, "const": 1, "defconstant": 1,
        "do": 0, "progn": 0, "begin": 0, "try": 0, "ignore-errors": 0,
        "catch": 1, "destructuring-bind": 2, "multiple-value-bind": 2,
    ]
    static let clauses: [String: Int] = ["cond": 0, "case": 1, "typecase": 1]

    /// Symbols that start a `loop` clause (spec §7.7).
    static let loopKeywords: Set<String> = [
        "for", "with", "repeat", "while", "until", "when", "if", "unless",
        "collect", "append", "sum", "count", "maximize", "minimize", "do", "return", "finally",
    ]
    static let loopGuards: Set<String> = ["when", "if", "unless"]

    static func style(of node: SyntaxNode, role: FormRole) -> FormStyle {
        guard case .list(let open, _) = node.kind else { return .data }
        switch role {
        case .clause, .bindings, .functionBindings: return .data
        case .functionDef: return .body(1)
        case .normal: break
        }
        if open == "{" { return .pairs }
        let datums = node.datums
        if open == "[" {
            let allAtoms = datums.allSatisfy { d in
                switch d.kind {
                case .atom: return true
                case .string: return !d.text.contains("\n")
                default: return false
                }
            }
            return allAtoms && !node.children.contains { $0.kind == .comment } ? .fill : .data
        }
        guard let head = datums.first?.symbolName else { return .data }
        if head == "loop" {
            if datums.count > 1, case .list = datums[1].kind { return .body(0) }
            return .loop
        }
        if let k = body[head] { return .body(k) }
        if let k = clauses[head] { return .clauses(k) }
        return .call
    }

    /// The role of the datum at `index` of a list whose head is `head`.
    static func childRole(head: String?, style: FormStyle, parentRole: FormRole, index: Int) -> FormRole {
        if parentRole == .functionBindings { return .functionDef }
        switch style {
        case .clauses(let k) where index > k: return .clause
        default: break
        }
        guard index == 1, let head else { return .normal }
        switch head {
        case "let", "let*": return .bindings
        case "flet", "labels": return .functionBindings
        default: return .normal
        }
    }
}
