import Foundation

/// Rules over single expressions: arithmetic and casts on amounts, unwrap/expect in handlers.
enum ExpressionRules {
    static let narrowTypes: Set<String> = ["u8", "u16", "u32", "i8", "i16", "i32", "i64"]
    static let wideTypes: Set<String> = ["u128", "i128", "f64", "f32"]

    static func run(_ model: ProgramModel, _ out: inout Emitter) {
        for fn in model.functions where !fn.isTest {
            guard let body = fn.body else { continue }
            arithmetic(fn, body, model.overflowChecks, &out)
            casts(fn, body, &out)
            if fn.isInstructionHandler || fn.implOf.map({ n in model.accountsStructs.contains { $0.name == n } }) == true {
                unwraps(fn, body, &out)
            }
        }
    }

    static func arithmetic(_ fn: RustFunction, _ body: SyntaxNode, _ overflowChecks: Bool, _ out: inout Emitter) {
        for node in body.descendants {
            let op = node.op
            let isBinary = node.kind == "binary_expression" && (op == "+" || op == "-" || op == "*")
            let isCompound = node.kind == "compound_assignment_expr" && (op == "+=" || op == "-=" || op == "*=")
            guard isBinary || isCompound, let l = node.child("left"), let r = node.child("right") else { continue }
            if [l, r].contains(where: { $0.kind == "float_literal" }) { continue }
            if isBinary, [l, r].allSatisfy({ isWidened($0) || $0.kind == "integer_literal" }) { continue }
            guard let amount = (mentionedNames(l) + mentionedNames(r)).first(where: isAmountName) else { continue }
            out.add(Catalog.arithmetic, fn.file, at: node,
                    "`\(op)` on `\(amount)` without checked_*" + (overflowChecks ? " (overflow-checks is on: it panics instead of wrapping)" : ""),
                    severity: overflowChecks ? .low : nil)
        }
    }

    /// `(x as u128)`: arithmetic in a type twice as wide cannot overflow on u64 inputs.
    static func isWidened(_ node: SyntaxNode) -> Bool {
        var n = node
        while n.kind == "parenthesized_expression", let inner = n.children.first { n = inner }
        return n.kind == "type_cast_expression" && wideTypes.contains(n.child("type")?.text ?? "")
    }

    static func casts(_ fn: RustFunction, _ body: SyntaxNode, _ out: inout Emitter) {
        for cast in body.descendants(ofKind: "type_cast_expression") {
            guard let type = cast.child("type")?.text, let value = cast.child("value") else { continue }
            if narrowTypes.contains(type), let amount = mentionedNames(value).first(where: isAmountName) {
                out.add(Catalog.lossyCast, fn.file, at: cast, "`\(amount)` cast to \(type) may be truncated")
            } else if type == "u64" || type == "u128" {
                let fromFloat = value.descendants.contains { $0.kind == "float_literal" || ($0.kind == "primitive_type" && ($0.text == "f64" || $0.text == "f32")) }
                if fromFloat, let amount = mentionedNames(value).first(where: isAmountName) {
                    out.add(Catalog.lossyCast, fn.file, at: cast, "`\(amount)` computed in floating point and cast to \(type) loses precision")
                }
            }
        }
    }

    static func unwraps(_ fn: RustFunction, _ body: SyntaxNode, _ out: inout Emitter) {
        for call in body.descendants(ofKind: "call_expression") {
            guard let f = call.child("function"), f.kind == "field_expression", let method = f.child("field"),
                  method.text == "unwrap" || method.text == "expect" else { continue }
            out.add(Catalog.unwrap, fn.file, at: method, "`\(method.text)()` in `\(fn.name)` panics on bad input")
        }
    }
}
