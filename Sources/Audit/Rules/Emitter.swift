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
/// `body` (whitespace-free text, so macro arguments such as `require_keys_eq!(…)` count): an
/// operand of `==`/`!=` (with any path before it: `ctx.accounts.x.key`, `&*x.key`) or an
/// argument of a checking macro/function.
func isCompared(_ subject: String, in body: String) -> Bool {
    let checkers = ["require_keys_eq!", "require_keys_neq!", "require_eq!", "require_neq!", "assert_eq!", "assert_ne!",
                    "require!", "assert!", "check_program_account", "check_id"]
    let chars = Array(body.utf8)
    func isPathByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 46 || c == 42 || c == 38
    }
    func isIdentByte(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
    func has(_ s: String, endingAt end: Int) -> Bool {
        let u = Array(s.utf8)
        return end >= u.count && Array(chars[(end - u.count)..<end]) == u
    }
    func has(_ s: String, at start: Int) -> Bool {
        let u = Array(s.utf8)
        return start + u.count <= chars.count && Array(chars[start..<(start + u.count)]) == u
    }
    let pattern = Array(subject.utf8)
    guard !pattern.isEmpty, chars.count >= pattern.count else { return false }
    var i = 0
    while i + pattern.count <= chars.count {
        defer { i += 1 }
        guard chars[i] == pattern[0], Array(chars[i..<(i + pattern.count)]) == pattern else { continue }
        if i > 0, isIdentByte(chars[i - 1]) { continue }          // `my_vault.key` is not `vault.key`
        var end = i + pattern.count
        if end < chars.count, isIdentByte(chars[end]) { continue } // `x.key_a` is not `x.key`
        for suffix in ["()", ".as_ref()", ".to_bytes()"] where has(suffix, at: end) { end += suffix.utf8.count }
        if has("==", at: end) || has("!=", at: end) { return true }
        var start = i
        while start > 0, isPathByte(chars[start - 1]) { start -= 1 }
        if has("==", endingAt: start) || has("!=", endingAt: start) { return true }
        // An argument of a checker: walk back to the unclosed `(`.
        var depth = 0, j = start - 1
        while j >= 0 {
            let c = chars[j]
            if c == 41 { depth += 1 } else if c == 40 {
                if depth == 0 { break }
                depth -= 1
            } else if c == 59 || c == 123 || c == 125 { j = -1; break }
            j -= 1
        }
        if j >= 0, checkers.contains(where: { has($0, endingAt: j) }) { return true }
        // A comparison inside the same parenthesized operand list: `if (x.key, y) != …` is rare; stop here.
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
