import Foundation

/// Collects findings; one finding per rule and line (nested expressions on one line are one flaw).
struct Emitter {
    private(set) var findings: [Finding] = []
    private var seen: Set<String> = []

    mutating func add(_ rule: RuleInfo, _ file: SourceFile, line: Int, column: Int, _ message: String,
                      severity: Severity? = nil) {
        let key = "\(rule.id)|\(file.relativePath)|\(line)"
        guard seen.insert(key).inserted else { return }
        findings.append(Finding(ruleID: rule.id, severity: severity ?? rule.severity, title: rule.title,
                                file: file.relativePath, line: line, column: column, message: message, fix: rule.fix,
                                snippet: file.tree.lineText(line)))
    }

    mutating func add(_ rule: RuleInfo, _ file: SourceFile, at node: SyntaxNode, _ message: String, severity: Severity? = nil) {
        add(rule, file, line: node.line, column: node.column, message, severity: severity)
    }
}

/// Whether `subject` (e.g. `token_program.key`) takes part in a comparison or an id check in
/// `body` (whitespace-free text, so macro arguments such as `require_keys_eq!(…)` count).
func isCompared(_ subject: String, in body: String) -> Bool {
    let checkers = ["require_keys_eq!(", "require_keys_neq!(", "require_eq!(", "require_neq!(", "assert_eq!(", "assert_ne!(",
                    "check_program_account(", "check_id(", "check_id(&"]
    var search = body.startIndex..<body.endIndex
    while let r = body.range(of: subject, range: search) {
        let before = body[body.index(r.lowerBound, offsetBy: -min(24, body.distance(from: body.startIndex, to: r.lowerBound)))..<r.lowerBound]
        var afterEnd = r.upperBound
        // Skip `()`, `.as_ref()` etc. that may follow a key expression before the operator.
        for suffix in ["()", ".as_ref()", ".to_bytes()"] where body[afterEnd...].hasPrefix(suffix) {
            afterEnd = body.index(afterEnd, offsetBy: suffix.count)
        }
        let after = body[afterEnd...].prefix(2)
        if after == "==" || after == "!=" { return true }
        let trimmedBefore = before.hasSuffix("*") || before.hasSuffix("&") ? before.dropLast() : before
        if trimmedBefore.hasSuffix("==") || trimmedBefore.hasSuffix("!=") { return true }
        if checkers.contains(where: { trimmedBefore.hasSuffix($0) }) { return true }
        if let open = before.lastIndex(of: "("), checkers.contains(where: { body[..<body.index(after: open)].hasSuffix($0) }) {
            return true
        }
        search = r.upperBound..<body.endIndex
    }
    return false
}

/// Amount-like names: the values whose arithmetic and casts matter.
func isAmountName(_ name: String) -> Bool {
    let n = name.lowercased()
    return ["amount", "balance", "lamports", "supply", "deposit", "withdraw", "fee", "price", "reward", "shares",
            "liquidity", "collateral", "debt", "stake", "total", "tokens", "reserve", "principal", "interest"]
        .contains { n.contains($0) }
}

/// The identifiers an expression mentions (itself included).
func mentionedNames(_ node: SyntaxNode) -> [String] {
    var out: [String] = []
    if node.kind == "identifier" || node.kind == "field_identifier" { out.append(node.text) }
    for d in node.descendants where d.kind == "identifier" || d.kind == "field_identifier" {
        // Type names in casts (`as u64`) are primitive_type nodes, not identifiers.
        out.append(d.text)
    }
    return out
}
