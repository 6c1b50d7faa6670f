import Foundation

/// One `key` or `key = value` of an `#[account(...)]` attribute, with where it is written.
public struct Constraint: Sendable, Equatable {
    public let key: String
    public let value: String?
    public let line: Int
    public let column: Int
}

/// What an accounts-struct field's type says about the account.
public enum AccountType: Sendable, Equatable {
    case signer
    case account(String)          // Account<'info, T>, Box<Account<…>>, AccountLoader<T>, InterfaceAccount<T>
    case accountInfo              // AccountInfo: no check at all
    case unchecked                // UncheckedAccount: no check at all
    case program(String)          // Program<'info, T>, Interface<…>: address checked
    case systemAccount
    case sysvar(String)           // Sysvar<'info, Clock>: address checked
    case other(String)

    init(_ typeText: String) {
        var t = compact(typeText)
        if t.hasPrefix("Box<"), t.hasSuffix(">") { t = String(t.dropFirst(4).dropLast()) }
        let base = baseTypeName(t)
        let args = t.firstIndex(of: "<").map { splitTopLevel(String(t[t.index(after: $0)...].dropLast()), separator: ",") } ?? []
        let inner = args.last(where: { !$0.hasPrefix("'") }).map(baseTypeName) ?? ""
        switch base {
        case "Signer": self = .signer
        case "Account", "AccountLoader", "InterfaceAccount": self = .account(inner)
        case "AccountInfo": self = .accountInfo
        case "UncheckedAccount": self = .unchecked
        case "Program", "Interface": self = .program(inner)
        case "SystemAccount": self = .systemAccount
        case "Sysvar": self = .sysvar(inner)
        default: self = .other(base)
        }
    }

    /// AccountInfo and UncheckedAccount: Anchor checks neither owner, address, type nor signature.
    public var isRaw: Bool { self == .accountInfo || self == .unchecked }
}

public struct AccountField: @unchecked Sendable {
    public let name: String
    public let type: AccountType
    public let typeText: String
    public let line: Int
    public let column: Int
    public let constraints: [Constraint]

    public func constraint(_ key: String) -> Constraint? { constraints.first { $0.key == key } }
    public func has(_ key: String) -> Bool { constraint(key) != nil }
    public var isMut: Bool { has("mut") || has("init") || has("init_if_needed") || has("zero") }
    /// All `constraint = …` expressions, whitespace removed.
    public var customConstraints: [String] {
        constraints.filter { $0.key == "constraint" }.compactMap { $0.value.map(compact) }
    }
}

/// An Anchor `#[derive(Accounts)]` struct: its fields, their types and constraints.
public struct AccountsStruct: @unchecked Sendable {
    public let name: String
    public let file: SourceFile
    public let line: Int
    public let fields: [AccountField]
    /// Names declared by `#[instruction(a: u8, …)]`: values the caller chooses.
    public let instructionArgs: [String]

    init(node: SyntaxNode, name: String, file: SourceFile, attributes: [String]) {
        self.name = name
        self.file = file
        self.line = node.line
        var args: [String] = []
        for a in attributes where a.hasPrefix("#[instruction(") {
            let inner = String(a.dropFirst("#[instruction(".count).dropLast(2))
            for p in splitTopLevel(inner, separator: ",") {
                if let colon = p.firstIndex(of: ":") { args.append(String(p[..<colon])) }
            }
        }
        instructionArgs = args
        var fields: [AccountField] = []
        for decl in node.child("body")?.children(ofKind: "field_declaration") ?? [] {
            guard let nameNode = decl.child("name") else { continue }
            var constraints: [Constraint] = []
            for attr in decl.attributes {
                constraints += AccountsStruct.constraints(of: attr)
            }
            let typeText = decl.child("type")?.text ?? ""
            fields.append(AccountField(name: nameNode.text, type: AccountType(typeText), typeText: compact(typeText),
                                       line: nameNode.line, column: nameNode.column, constraints: constraints))
        }
        self.fields = fields
    }

    public func field(_ name: String) -> AccountField? { fields.first { $0.name == name } }

    /// Splits `#[account(mut, has_one = authority @ E, seeds = [..], bump)]` into constraints,
    /// each with its own line (attributes often span several lines).
    static func constraints(of attr: SyntaxNode) -> [Constraint] {
        guard let attribute = attr.children.first(where: { $0.kind == "attribute" }),
              attribute.children.first?.text == "account",
              let args = attribute.child("arguments") else { return [] }
        let bytes = attr.tree.source
        let range = args.byteRange
        // Inside the outer parentheses of the token tree.
        let start = range.lowerBound + 1, end = max(start, range.upperBound - 1)
        var result: [Constraint] = []
        var depth = 0, inString = false, partStart = start, i = start
        func emit(_ a: Int, _ b: Int) {
            var s = a
            while s < b, bytes[s] == 32 || bytes[s] == 10 || bytes[s] == 13 || bytes[s] == 9 { s += 1 }
            guard s < b else { return }
            let text = String(decoding: bytes[s..<b], as: UTF8.self)
            let pos = attr.tree.position(ofByte: s)
            var key = text, value: String? = nil
            if let eq = text.firstIndex(of: "="), !text[text.index(after: eq)...].hasPrefix("=") {
                key = String(text[..<eq])
                value = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            key = key.trimmingCharacters(in: .whitespacesAndNewlines)
            // `has_one = authority @ MyError::X`: the error code is not part of the value.
            if let v = value, let at = splitTopLevel(v, separator: "@", angles: false).first, key != "constraint" {
                value = at
            } else if let v = value, key == "constraint" {
                value = splitTopLevel(v, separator: "@", angles: false).first ?? v
            }
            result.append(Constraint(key: key, value: value, line: pos.line, column: pos.column))
        }
        while i < end {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                depth += 1
            } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                depth -= 1
            } else if c == UInt8(ascii: ","), depth == 0 {
                emit(partStart, i)
                partStart = i + 1
            }
            i += 1
        }
        emit(partStart, end)
        return result
    }
}
