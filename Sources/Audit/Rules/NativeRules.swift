import Foundation

/// Rules over function bodies: native programs' account checks and the calls that are risky in
/// any program (CPI, PDA derivation, closing, deserialization, sysvar loading).
enum NativeRules {
    static func run(_ model: ProgramModel, _ out: inout Emitter) {
        for fn in model.functions where !fn.isTest {
            guard let body = fn.body else { continue }
            let text = fn.compactBody
            if fn.isInstructionHandler && fn.contextStruct == nil && fn.implOf == nil {
                nativeAccounts(fn, body, text, &out)
            }
            if fn.isInstructionHandler {
                reinit(fn, text, &out)
                unmatchedData(fn, body, text, model, &out)
            }
            typeCosplay(fn, body, model, &out)
            cpi(fn, body, text, &out)
            bumps(fn, body, &out)
            signerSeeds(fn, body, text, &out)
            closing(fn, body, text, &out)
            sysvarLoaders(fn, body, &out)
        }
    }

    /// `let authority = next_account_info(iter)?;` → ("authority", node of the let).
    static func accountVariables(_ body: SyntaxNode) -> [(String, SyntaxNode)] {
        body.descendants(ofKind: "let_declaration").compactMap { decl in
            guard let pattern = decl.child("pattern"), pattern.kind == "identifier",
                  let value = decl.child("value"), compact(value.text).contains("next_account_info(") else { return nil }
            return (pattern.text, pattern)
        }
    }

    static func nativeAccounts(_ fn: RustFunction, _ body: SyntaxNode, _ text: String, _ out: inout Emitter) {
        for (name, node) in accountVariables(body) {
            if AnchorRules.isAuthorityName(name) && !text.contains("\(name).is_signer") {
                out.add(Catalog.missingSigner, fn.file, at: node, "`\(name)` authorizes `\(fn.name)` but `\(name).is_signer` is never checked")
            }
            if !text.contains("\(name).owner") {
                for call in Deserialization.calls(in: body) where Deserialization.reads(call, account: name) {
                    out.add(Catalog.missingOwner, fn.file, at: call, "`\(name)` is deserialized but `\(name).owner` is never checked")
                }
            }
        }
    }

    static func reinit(_ fn: RustFunction, _ text: String, _ out: inout Emitter) {
        guard fn.name.lowercased().contains("init"), text.contains(".serialize(") || text.contains("pack_into_slice(") || text.contains("::pack(") else { return }
        let guards = ["is_initialized", "initialized", "discriminator", "data_is_empty", "lamports()==0", "AccountAlreadyInitialized"]
        if guards.contains(where: { text.contains($0) }) { return }
        guard let name = fn.node.child("name") else { return }
        out.add(Catalog.reinitialization, fn.file, at: name, "`\(fn.name)` writes account state without checking that it is not already initialized")
    }

    static let discriminatorNames = ["discriminator", "discriminant", "account_type", "acct_type", "kind", "tag", "key", "account_kind"]

    /// Token-account types whose `owner` field is the authority (from SPL, not in the workspace).
    static let tokenAccountTypes: Set<String> = ["SplTokenAccount", "TokenAccount", "Account"]

    /// `let token = SplTokenAccount::unpack(&x.data.borrow())?;` and then `token.owner` is never
    /// compared with the signer: the account data is not matched with the accounts given.
    static func unmatchedData(_ fn: RustFunction, _ body: SyntaxNode, _ text: String, _ model: ProgramModel, _ out: inout Emitter) {
        let hasSigner: Bool
        if let s = fn.contextStruct ?? fn.implOf, let accounts = model.accountsStructs.first(where: { $0.name == s }) {
            hasSigner = accounts.fields.contains { $0.type == .signer || $0.has("signer") }
        } else {
            hasSigner = text.contains(".is_signer")
        }
        guard hasSigner else { return }
        for decl in body.descendants(ofKind: "let_declaration") {
            guard let pattern = decl.child("pattern"), let value = decl.child("value") else { continue }
            let name = pattern.kind == "mut_pattern" ? (pattern.children.first?.text ?? "") : pattern.text
            guard pattern.kind == "identifier" || pattern.kind == "mut_pattern", !name.isEmpty else { continue }
            var call = value
            while ["try_expression", "parenthesized_expression"].contains(call.kind), let inner = call.children.first { call = inner }
            // `T::unpack(..).unwrap()`: the deserializing call is the receiver.
            if call.kind == "call_expression", let f = call.child("function"), f.kind == "field_expression", let v = f.child("value") {
                call = v
            }
            guard call.kind == "call_expression", Deserialization.calls(in: decl).contains(call),
                  compact(call.child("arguments")?.text ?? "").contains("data"),
                  let type = Deserialization.type(of: call) else { continue }
            var keys: [String] = []
            if let data = model.dataStructs[type] {
                keys = data.fields.filter { $0.type.hasSuffix("Pubkey") && AnchorRules.isAuthorityName($0.name) }.map(\.name)
            } else if tokenAccountTypes.contains(type) {
                keys = ["owner"]
            }
            guard !keys.isEmpty, !keys.contains(where: { isCompared("\(name).\($0)", in: text) }) else { continue }
            out.add(Catalog.dataMatching, fn.file, at: pattern,
                    "`\(name).\(keys[0])` is never compared with the signer: any \(type) can be passed")
        }
    }

    static func typeCosplay(_ fn: RustFunction, _ body: SyntaxNode, _ model: ProgramModel, _ out: inout Emitter) {
        for call in Deserialization.calls(in: body) {
            let function = Deserialization.function(of: call)
            if function == "try_deserialize_unchecked" {
                out.add(Catalog.typeCosplay, fn.file, at: call, "`try_deserialize_unchecked` skips the account discriminator")
                continue
            }
            guard ["try_from_slice", "deserialize"].contains(function), let t = Deserialization.type(of: call),
                  let data = model.dataStructs[t], compact(call.child("arguments")?.text ?? "").contains("data") else { continue }
            if data.isAnchorAccount {
                out.add(Catalog.typeCosplay, fn.file, at: call, "Borsh `\(function)` of Anchor account `\(t)` skips its discriminator")
                continue
            }
            let hasDiscriminator = data.fields.contains { f in
                discriminatorNames.contains(f.name.lowercased()) || f.type.hasSuffix("Discriminator") || f.type.hasSuffix("AccountType")
            }
            if !hasDiscriminator {
                out.add(Catalog.typeCosplay, fn.file, at: call, "`\(t)` has no discriminator field, so any account with its layout passes")
            }
        }
    }

    static func cpi(_ fn: RustFunction, _ body: SyntaxNode, _ text: String, _ out: inout Emitter) {
        for call in body.descendants(ofKind: "call_expression") {
            let name = call.child("function").map { baseTypeName($0.text) } ?? ""
            guard name == "invoke" || name == "invoke_signed" || name == "invoke_unchecked",
                  var ix = call.child("arguments")?.children.first else { continue }
            if ix.kind == "reference_expression", let v = ix.child("value") { ix = v }
            if ix.kind == "identifier" {
                let bound = body.descendants(ofKind: "let_declaration").last { d in
                    d.child("pattern")?.text == ix.text && d.byteRange.upperBound <= call.byteRange.lowerBound
                }
                guard let value = bound?.child("value") else { continue }
                ix = value
            }
            // `transfer(…)?` and `(…)`: the instruction is inside.
            while ix.kind == "try_expression" || ix.kind == "parenthesized_expression", let inner = ix.children.first { ix = inner }
            guard let program = programAccount(ix) else { continue }
            if isCompared("\(program).key", in: text) || text.contains("\(program).executable") && false { continue }
            out.add(Catalog.arbitraryCPI, fn.file, at: call, "the program invoked comes from `\(program)`, whose key is never checked")
        }
    }

    /// The account an instruction's program id is taken from: `transfer(token_program.key, …)`,
    /// `Instruction { program_id: *program.key, … }`.
    static func programAccount(_ ix: SyntaxNode) -> String? {
        var candidate: SyntaxNode? = nil
        if ix.kind == "call_expression" {
            candidate = ix.child("arguments")?.children.first
        } else if ix.kind == "struct_expression" {
            candidate = ix.descendants(ofKind: "field_initializer").first { $0.children.first?.text == "program_id" }?.children.last
        }
        guard let c = candidate else { return nil }
        let t = compact(c.text).trimmingCharacters(in: CharacterSet(charactersIn: "*&"))
        for suffix in [".key()", ".key"] where t.hasSuffix(suffix) {
            let account = String(t.dropLast(suffix.count))
            return account.split(separator: ".").last.map(String.init)
        }
        return nil
    }

    static func bumps(_ fn: RustFunction, _ body: SyntaxNode, _ out: inout Emitter) {
        for call in body.descendants(ofKind: "call_expression") {
            guard let f = call.child("function"), baseTypeName(f.text) == "create_program_address" else { continue }
            let args = compact(call.child("arguments")?.text ?? "")
            if args.contains(".bump") { continue }
            out.add(Catalog.bumpSeed, fn.file, at: call, "`create_program_address` with a bump that is not a stored canonical bump")
        }
    }

    /// Signer seeds of `invoke_signed`/`new_with_signer`: arrays with a bump element.
    static func signerSeeds(_ fn: RustFunction, _ body: SyntaxNode, _ text: String, _ out: inout Emitter) {
        guard ["invoke_signed(", "new_with_signer(", "with_signer("].contains(where: text.contains) else { return }
        for array in body.descendants(ofKind: "array_expression") {
            let items = array.children.map { compact($0.text) }
            guard items.count >= 2, items.contains(where: { $0.contains("bump") }) else { continue }
            if array.ancestor(ofKind: "array_expression").map({ compact($0.text).contains("bump") && $0 != array }) == true,
               items.allSatisfy({ $0.contains("bump") }) { continue }
            if SeedShape(items) == .sharedByMint {
                out.add(Catalog.pdaSharing, fn.file, at: array, "the signer seeds contain only constants and a mint: the PDA signs for every user of the mint")
            }
        }
    }

    static func closing(_ fn: RustFunction, _ body: SyntaxNode, _ text: String, _ out: inout Emitter) {
        let cleared = ["fill(0)", "sol_memset(", "realloc(0", "assign(", "CLOSED_ACCOUNT_DISCRIMINATOR", ".close(", "[0;", "[0u8;"]
        if cleared.contains(where: { text.contains($0) }) { return }
        for assign in body.descendants(ofKind: "assignment_expression") {
            guard let left = assign.child("left"), let right = assign.child("right") else { continue }
            let l = compact(left.text)
            guard l.hasPrefix("**"), l.contains("lamports"), right.text == "0" else { continue }
            out.add(Catalog.closing, fn.file, at: assign, "lamports are drained but the account data is neither zeroed nor marked closed")
        }
    }

    static func sysvarLoaders(_ fn: RustFunction, _ body: SyntaxNode, _ out: inout Emitter) {
        for call in body.descendants(ofKind: "call_expression") {
            guard let f = call.child("function") else { continue }
            let name = baseTypeName(f.text)
            if name == "load_current_index" || name == "load_instruction_at" {
                out.add(Catalog.sysvar, fn.file, at: call, "`\(name)` does not check that the account is the instructions sysvar")
            }
        }
    }
}
