import Foundation

/// One `.rs` file of the audited tree.
public struct SourceFile: Sendable {
    public let relativePath: String
    public let tree: SyntaxTree
    public let status: ParsedFile.Status
}

/// A function with what the rules ask of it.
public struct RustFunction: @unchecked Sendable {
    public let name: String
    public let node: SyntaxNode
    public let body: SyntaxNode?
    public let file: SourceFile
    public let params: [(name: String, type: String)]
    /// `T` of a `Context<T>` parameter: the Anchor accounts struct this handler uses.
    public let contextStruct: String?
    /// The accounts struct of an `impl T { … }` the function sits in (Anchor's `ctx.accounts.process()` style).
    public let implOf: String?
    /// Inside `#[cfg(test)]`/`#[test]`: tests may unwrap and do unchecked math.
    public let isTest: Bool

    /// Native entry points and Anchor handlers: the code that runs on attacker-chosen accounts.
    public var isInstructionHandler: Bool {
        if isTest { return false }
        if contextStruct != nil || name == "process_instruction" { return true }
        return params.contains { $0.type.replacingOccurrences(of: " ", with: "").contains("[AccountInfo") }
    }

    /// The body with whitespace removed: used to ask "is there a check of X anywhere in here",
    /// including inside macro calls (`require_keys_eq!`), whose token trees have no expression nodes.
    public var compactBody: String { body.map { compact($0.text) } ?? "" }
}

/// A plain struct (`#[account] pub struct Vault { … }` or a Borsh struct of a native program).
public struct DataStruct: @unchecked Sendable {
    public let name: String
    public let fields: [(name: String, type: String)]
    public let isAnchorAccount: Bool
    public let node: SyntaxNode
}

/// `s` without whitespace, except one space where it separates two words (`if user.x` stays
/// `if user.x`, not `ifuser.x`): so text searches see token boundaries.
func compact(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" }
    for c in s.unicodeScalars {
        if CharacterSet.whitespacesAndNewlines.contains(c) { pendingSpace = true; continue }
        if pendingSpace, let last = out.last, isWord(last), isWord(c) { out.append(" ") }
        pendingSpace = false
        out.append(c)
    }
    return String(out)
}

/// Everything the rules read, built once from the parsed files.
public struct ProgramModel: @unchecked Sendable {
    public let files: [SourceFile]
    public var functions: [RustFunction] = []
    public var accountsStructs: [AccountsStruct] = []
    public var dataStructs: [String: DataStruct] = [:]
    /// `overflow-checks = true` in a release profile of a Cargo.toml of the tree: arithmetic panics instead of wrapping.
    public var overflowChecks = false

    public init(files: [SourceFile], overflowChecks: Bool = false) {
        self.files = files
        self.overflowChecks = overflowChecks
        for file in files {
            guard let root = file.tree.root else { continue }
            collect(root, file: file, inTest: false, implOf: nil)
        }
    }

    /// The functions that use accounts struct `name` (Context<name> handlers and `impl name` methods).
    public func users(of name: String) -> [RustFunction] {
        functions.filter { $0.contextStruct == name || $0.implOf == name }
    }

    private mutating func collect(_ node: SyntaxNode, file: SourceFile, inTest: Bool, implOf: String?) {
        for child in node.children {
            switch child.kind {
            case "mod_item":
                let test = inTest || child.attributes.contains { isCfgTest($0) } || child.child("name")?.text == "tests"
                if let body = child.child("body") { collect(body, file: file, inTest: test, implOf: nil) }
            case "impl_item":
                let type = child.child("type").map { baseTypeName($0.text) }
                if let body = child.child("body") { collect(body, file: file, inTest: inTest, implOf: type) }
            case "function_item":
                functions.append(function(child, file: file, inTest: inTest, implOf: implOf))
            case "struct_item":
                structItem(child, file: file)
            default:
                if child.kind == "declaration_list" || child.kind == "source_file" {
                    collect(child, file: file, inTest: inTest, implOf: implOf)
                }
            }
        }
    }

    private func isCfgTest(_ attr: SyntaxNode) -> Bool {
        let t = compact(attr.text)
        return t.hasPrefix("#[cfg(") && t.contains("test") && !t.contains("not(test")
    }

    private func function(_ node: SyntaxNode, file: SourceFile, inTest: Bool, implOf: String?) -> RustFunction {
        let name = node.child("name")?.text ?? "?"
        var params: [(String, String)] = []
        var context: String? = nil
        for p in node.child("parameters")?.children(ofKind: "parameter") ?? [] {
            let type = p.child("type")?.text ?? ""
            params.append((p.child("pattern")?.text ?? "", type))
            if let t = contextArgument(type) { context = t }
        }
        let test = inTest || node.attributes.contains { compact($0.text).hasPrefix("#[test") || isCfgTest($0) }
        return RustFunction(name: name, node: node, body: node.child("body"), file: file, params: params,
                            contextStruct: context, implOf: implOf, isTest: test)
    }

    /// `Context<'_, '_, '_, 'info, Withdraw<'info>>` → "Withdraw".
    private func contextArgument(_ type: String) -> String? {
        let t = compact(type)
        guard t.hasPrefix("Context<"), t.hasSuffix(">") else { return nil }
        let inner = t.dropFirst("Context<".count).dropLast()
        let args = splitTopLevel(String(inner), separator: ",")
        guard let last = args.last(where: { !$0.hasPrefix("'") }) else { return nil }
        return baseTypeName(last)
    }

    private mutating func structItem(_ node: SyntaxNode, file: SourceFile) {
        guard let name = node.child("name")?.text else { return }
        let attrs = node.attributes.map { compact($0.text) }
        let derivesAccounts = attrs.contains { $0.hasPrefix("#[derive(") && $0.contains("Accounts") }
        if derivesAccounts {
            accountsStructs.append(AccountsStruct(node: node, name: name, file: file, attributes: attrs))
            return
        }
        var fields: [(String, String)] = []
        for f in node.child("body")?.children(ofKind: "field_declaration") ?? [] {
            fields.append((f.child("name")?.text ?? "", compact(f.child("type")?.text ?? "")))
        }
        let isAccount = attrs.contains { $0 == "#[account]" || $0.hasPrefix("#[account(") || $0.hasPrefix("#[account_zero_copy") }
        dataStructs[name] = DataStruct(name: name, fields: fields, isAnchorAccount: isAccount, node: node)
    }
}

/// `Account<'info, Vault>` → "Account", `Vault<'info>` → "Vault", `crate::a::B` → "B".
func baseTypeName(_ type: String) -> String {
    var t = compact(type)
    if let lt = t.firstIndex(of: "<") { t = String(t[..<lt]) }
    if let colon = t.range(of: "::", options: .backwards) { t = String(t[colon.upperBound...]) }
    return t.trimmingCharacters(in: CharacterSet(charactersIn: "&"))
}

/// Splits at `separator` outside brackets and string literals.
func splitTopLevel(_ s: String, separator: Character, angles: Bool = true) -> [String] {
    var parts: [String] = [], current = "", depth = 0, inString = false, escaped = false
    for c in s {
        if inString {
            current.append(c)
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            continue
        }
        switch c {
        case "\"": inString = true
        case "(", "[", "{": depth += 1
        case ")", "]", "}": depth -= 1
        case "<" where angles: depth += 1
        case ">" where angles: depth -= 1
        default: break
        }
        if c == separator && depth == 0 {
            parts.append(current.trimmingCharacters(in: .whitespacesAndNewlines)); current = ""
        } else {
            current.append(c)
        }
    }
    let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
    if !last.isEmpty { parts.append(last) }
    return parts
}
