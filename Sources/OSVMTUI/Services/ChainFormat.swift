import Chain
import Foundation
import OVSMKit

/// Chain types → the explorer's display summaries (decoding system and token accounts).
enum ChainFormat {
    static func sol(_ lamports: UInt64) -> String { Lamports.decimal(lamports) + " ◎" }

    static func time(_ unix: Int?) -> String {
        guard let unix else { return "" }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: Double(unix))) + " UTC"
    }

    static func account(_ address: String, _ info: AccountInfo?) -> AccountSummary {
        guard let info else {
            return AccountSummary(address: address, kind: "no account (0 ◎)", balance: sol(0), owner: "—", executable: false, dataSize: 0)
        }
        var kind = "account of " + (Programs.name(of: info.owner) ?? Draw.short(info.owner.base58))
        if info.owner == Programs.system { kind = "system account" }
        if info.executable { kind = "program" }
        var a = AccountSummary(address: address, kind: kind, balance: sol(info.lamports), owner: info.owner.base58,
                               executable: info.executable, dataSize: info.data.count)
        if info.owner == Programs.token || info.owner == Programs.token2022, info.data.count >= 72 {
            a.kind = "token account"
            let mint = (try? Pubkey(bytes: Array(info.data[0..<32])))?.base58 ?? "?"
            let owner = (try? Pubkey(bytes: Array(info.data[32..<64])))?.base58 ?? "?"
            var amount: UInt64 = 0
            for (i, byte) in info.data[64..<72].enumerated() { amount |= UInt64(byte) << (8 * UInt64(i)) }
            a.decoded = [("mint", mint), ("holder", owner), ("amount", String(amount))]
        }
        return a
    }

    static func signatureRow(_ s: SignatureInfo) -> SignatureRow {
        var failed = false
        if let e = s.err, case .null = e {} else if s.err != nil { failed = true }
        return SignatureRow(signature: s.signature, slot: s.slot, ok: !failed, time: time(s.blockTime))
    }

    static func transaction(_ sig: String, _ t: TransactionDetails) -> TransactionSummary {
        var status = "ok"
        if let e = t.err { if case .null = e {} else { status = "failed: " + Printer.printForm(e) } }
        let keys = t.transaction.message.accountKeys
        var accounts: [String] = []
        for (i, k) in keys.enumerated() {
            var line = Draw.short(k.base58)
            if i < t.preBalances.count, i < t.postBalances.count {
                let pre = t.preBalances[i], post = t.postBalances[i]
                line += "  " + sol(pre) + " → " + sol(post)
                if post != pre { line += post > pre ? "  (+\(Lamports.decimal(post - pre)))" : "  (−\(Lamports.decimal(pre - post)))" }
            }
            accounts.append(line)
        }
        let instructions = t.transaction.message.instructions.map { ix -> String in
            let pid = Int(ix.programIdIndex) < keys.count ? keys[Int(ix.programIdIndex)] : Pubkey.zero
            let name = Programs.name(of: pid) ?? Draw.short(pid.base58)
            return "\(name)  \(ix.accounts.count) accounts  \(ix.data.count) bytes"
        }
        var summary = TransactionSummary(signature: sig, status: status, slot: t.slot, time: time(t.blockTime),
                                         fee: t.fee.map(sol) ?? "?", accounts: accounts, instructions: instructions, logs: t.logMessages)
        summary.accountKeys = keys.map(\.base58)
        summary.programKeys = t.transaction.message.instructions.map { ix in
            Int(ix.programIdIndex) < keys.count ? keys[Int(ix.programIdIndex)].base58 : Pubkey.zero.base58
        }
        return summary
    }
}
