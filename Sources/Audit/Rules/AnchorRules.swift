import Foundation

/// Rules over Anchor's `#[derive(Accounts)]` structs and the handlers that use them.
enum AnchorRules {
    static let authorityNames: Set<String> = ["authority", "owner", "admin", "signer", "creator", "operator", "manager",
                                              "payer", "user", "depositor", "withdrawer", "initializer", "governor"]

    static func isAuthorityName(_ name: String) -> Bool {
        let n = name.lowercased()
        return authorityNames.contains(n) || ["_authority", "_owner", "_admin", "_signer"].contains { n.hasSuffix($0) }
    }

    static let sysvarNames: Set<String> = ["rent", "clock", "instructions", "instruction_sysvar", "instructions_sysvar",
                                           "sysvar_instructions", "recent_blockhashes", "slot_hashes", "stake_history",
                                           "epoch_schedule", "ix_sysvar"]

    static func run(_ model: ProgramModel, _ out: inout Emitter) {
        for s in model.accountsStructs {
            let users = model.users(of: s.name)
            let body = users.map(\.compactBody).joined(separator: ";")
            missingSigner(s, body, &out)
            dataMatching(s, model, body, &out)
            rawAccounts(s, body, &out)
            initIfNeeded(s, body, &out)
            duplicateMutable(s, body, &out)
            seeds(s, &out)
            for u in users { ownerChecks(s, u, &out) }
        }
    }

    static func missingSigner(_ s: AccountsStruct, _ body: String, _ out: inout Emitter) {
        // Owners of token accounts created here (`token::authority = owner`) need not sign.
        let createdFor = Set(s.fields.filter { $0.has("init") || $0.has("init_if_needed") }.flatMap { f in
            f.constraints.filter { $0.key.hasSuffix("::authority") }.compactMap(\.value)
        })
        for f in s.fields where (f.type.isRaw || f.type == .systemAccount) && isAuthorityName(f.name) {
            if f.has("signer") || createdFor.contains(f.name) { continue }
            if f.customConstraints.contains(where: { $0.contains("is_signer") }) || body.contains("\(f.name).is_signer") { continue }
            out.add(Catalog.missingSigner, s.file, line: f.line, column: f.column,
                    "`\(f.name)` in `\(s.name)` is \(f.typeText) and is never required to sign")
        }
    }

    static func dataMatching(_ s: AccountsStruct, _ model: ProgramModel, _ body: String, _ out: inout Emitter) {
        let signers = s.fields.filter { $0.type == .signer }
        for f in s.fields {
            guard case .account(let t) = f.type, let data = model.dataStructs[t] else { continue }
            if f.has("init") || f.has("zero") || f.has("init_if_needed") { continue }
            for g in signers {
                guard data.fields.contains(where: { $0.name == g.name && $0.type.hasSuffix("Pubkey") }) else { continue }
                if f.constraints.contains(where: { $0.key == "has_one" && $0.value == g.name }) { continue }
                let path = "\(f.name).\(g.name)"
                let constrained = s.fields.flatMap(\.customConstraints).contains { $0.contains(path) }
                if constrained || isCompared(path, in: body) { continue }
                out.add(Catalog.dataMatching, s.file, line: f.line, column: f.column,
                        "`\(f.name).\(g.name)` is never matched with the `\(g.name)` signer (no `has_one = \(g.name)`)")
            }
        }
    }

    /// Raw program accounts used for CPI and raw sysvar accounts.
    static func rawAccounts(_ s: AccountsStruct, _ body: String, _ out: inout Emitter) {
        for f in s.fields where f.type.isRaw && !f.has("address") {
            let keyChecked = f.customConstraints.contains { $0.contains("\(f.name).key") } || isCompared("\(f.name).key", in: body)
            if keyChecked { continue }
            let lower = f.name.lowercased()
            if lower.contains("program"), body.contains(f.name) {
                out.add(Catalog.arbitraryCPI, s.file, line: f.line, column: f.column,
                        "`\(f.name)` is invoked but its address is never checked (\(f.typeText))")
            } else if sysvarNames.contains(lower) || lower.contains("sysvar") {
                out.add(Catalog.sysvar, s.file, line: f.line, column: f.column,
                        "sysvar account `\(f.name)` is \(f.typeText) without an address check")
            }
        }
    }

    static func initIfNeeded(_ s: AccountsStruct, _ body: String, _ out: inout Emitter) {
        for f in s.fields {
            guard let c = f.constraint("init_if_needed") else { continue }
            if body.contains("is_initialized") || body.contains("initialized") || body.contains("==Pubkey::default()") { continue }
            out.add(Catalog.reinitialization, s.file, line: c.line, column: c.column,
                    "`\(f.name)` uses init_if_needed and the handler never checks whether it was already initialized")
        }
    }

    static func duplicateMutable(_ s: AccountsStruct, _ body: String, _ out: inout Emitter) {
        // Mutable: declared `mut`, or written by the handler (`&mut ctx.accounts.x`, `ctx.accounts.x.f = …`).
        let muts = s.fields.filter { f in
            guard case .account(let t) = f.type, !t.isEmpty, !f.has("init"), !f.has("seeds") else { return false }
            return f.isMut || body.contains("&mut ctx.accounts.\(f.name);") || body.contains("ctx.accounts.\(f.name).") && writes(f.name, body)
        }
        // Accounts pinned to stored keys (`has_one = x` on another account) or to an address cannot alias freely.
        let pinned = Set(s.fields.flatMap { f in f.constraints.filter { $0.key == "has_one" }.compactMap(\.value) })
            .union(s.fields.filter { $0.has("address") }.map(\.name))
        for (i, b) in muts.enumerated() where !pinned.contains(b.name) {
            for a in muts[..<i] where a.type == b.type && !pinned.contains(a.name) {
                let distinct = (a.customConstraints + b.customConstraints).contains { c in
                    c.contains("!=") && c.contains(a.name) && c.contains(b.name)
                } || body.contains("\(a.name).key()!=\(b.name).key()") || body.contains("\(b.name).key()!=\(a.name).key()")
                    || (body.contains("require_keys_neq!(") && body.contains(a.name) && body.contains(b.name))
                if distinct { continue }
                out.add(Catalog.duplicateMutable, s.file, line: b.line, column: b.column,
                        "`\(a.name)` and `\(b.name)` are both mutable \(b.typeText) and may be the same account")
            }
        }
    }

    /// `ctx.accounts.x.field = …` (not `==`).
    static func writes(_ name: String, _ body: String) -> Bool {
        var search = body.startIndex..<body.endIndex
        while let r = body.range(of: "ctx.accounts.\(name).", range: search) {
            var j = r.upperBound
            while j < body.endIndex, body[j].isLetter || body[j].isNumber || body[j] == "_" { j = body.index(after: j) }
            if body[j...].hasPrefix("=") && !body[j...].hasPrefix("==") { return true }
            search = r.upperBound..<body.endIndex
        }
        return false
    }

    static func seeds(_ s: AccountsStruct, _ out: inout Emitter) {
        for f in s.fields {
            if let bump = f.constraint("bump"), let v = bump.value.map(compact), !v.contains(".") {
                let caller = s.instructionArgs.contains(v) ? "the instruction argument" : "the value"
                out.add(Catalog.bumpSeed, s.file, line: bump.line, column: bump.column,
                        "`\(f.name)` is derived with \(caller) `\(v)` as bump instead of the canonical one")
            }
            if let seeds = f.constraint("seeds"), let v = seeds.value.map(compact), v.hasPrefix("["), v.hasSuffix("]") {
                let items = splitTopLevel(String(v.dropFirst().dropLast()), separator: ",", angles: false)
                if SeedShape(items) == .sharedByMint {
                    out.add(Catalog.pdaSharing, s.file, line: seeds.line, column: seeds.column,
                            "the seeds of `\(f.name)` contain only constants and a mint: one PDA for every user of the mint")
                }
            }
        }
    }

    static func ownerChecks(_ s: AccountsStruct, _ handler: RustFunction, _ out: inout Emitter) {
        guard let body = handler.body else { return }
        let compactBody = handler.compactBody
        for f in s.fields where f.type.isRaw && !f.has("owner") && !f.has("address") {
            if compactBody.contains("\(f.name).owner") || f.customConstraints.contains(where: { $0.contains("owner") }) { continue }
            for call in Deserialization.calls(in: body) where Deserialization.reads(call, account: f.name) {
                out.add(Catalog.missingOwner, handler.file, at: call,
                        "`\(f.name)` (\(f.typeText)) is deserialized but its owner is never checked")
            }
        }
    }
}

/// What a PDA's seeds are made of.
enum SeedShape: Equatable {
    case specific, constant, sharedByMint

    init(_ items: [String]) {
        var mint = false
        for raw in items {
            let item = compact(raw)
            if item.contains("bump") { continue }
            let stripped = item.replacingOccurrences(of: ".as_ref()", with: "").replacingOccurrences(of: ".as_bytes()", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "&"))
            if stripped.hasPrefix("b\"") || stripped.hasPrefix("\"") { continue }
            if stripped.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber || $0 == ":" }) { continue }
            if stripped.lowercased().contains("mint") { mint = true; continue }
            self = .specific
            return
        }
        self = mint ? .sharedByMint : .constant
    }
}

/// Hand deserialization of account data: `T::try_from_slice(&acc.data.borrow())`, `T::unpack(…)`, ….
enum Deserialization {
    static let functions = ["try_from_slice", "deserialize", "try_deserialize", "try_deserialize_unchecked", "unpack",
                            "unpack_unchecked", "unpack_from_slice", "from_bytes", "try_from_bytes", "load", "from_account_info"]

    static func calls(in node: SyntaxNode) -> [SyntaxNode] {
        node.descendants(ofKind: "call_expression").filter { call in
            guard let f = call.child("function"), f.kind == "scoped_identifier" else { return false }
            return functions.contains(f.child("name")?.text ?? "")
        }
    }

    /// `T` of `T::try_from_slice`.
    static func type(of call: SyntaxNode) -> String? {
        guard let path = call.child("function")?.child("path") else { return nil }
        return baseTypeName(path.text)
    }

    static func function(of call: SyntaxNode) -> String { call.child("function")?.child("name")?.text ?? "" }

    /// Whether the call's arguments read `account`'s data.
    static func reads(_ call: SyntaxNode, account: String) -> Bool {
        guard let args = call.child("arguments") else { return false }
        let t = compact(args.text)
        guard t.contains("data") else { return false }
        for prefix in ["\(account).data", "\(account).try_borrow_data", "\(account).to_account_info().data",
                       "\(account).to_account_info().try_borrow_data"] {
            var search = t.startIndex..<t.endIndex
            while let r = t.range(of: prefix, range: search) {
                let before = r.lowerBound == t.startIndex ? "(" : t[t.index(before: r.lowerBound)]
                if !(before.isLetter || before.isNumber || before == "_") { return true }
                search = r.upperBound..<t.endIndex
            }
        }
        return false
    }
}
