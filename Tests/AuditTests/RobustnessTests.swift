import Foundation
import Testing
@testable import Audit

/// A temporary directory, removed on deinit.
final class TempDir: @unchecked Sendable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "osvm-audit-test-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Data(text.utf8)) }
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let p = path + "/" + name
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: p))
        return p
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

let vulnerableHandler = """
use anchor_lang::prelude::*;

#[program]
pub mod p {
    use super::*;
    pub fn pay(ctx: Context<Pay>, amount: u64) -> Result<()> {
        ctx.accounts.vault.balance -= amount;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Pay<'info> {
    #[account(mut, has_one = authority)]
    pub vault: Account<'info, Vault>,
    pub authority: Signer<'info>,
}

#[account]
pub struct Vault {
    pub authority: Pubkey,
    pub balance: u64,
}

"""

@Suite struct RobustnessTests {
    @Test func macrosGenericsAndCfgAttributesAreAuditedWithoutFalseAlarms() throws {
        let dir = TempDir()
        try dir.write("lib.rs", """
        use anchor_lang::prelude::*;
        declare_id!("Fg6PaFpoGXkYsidMpWTK6W2BeZ7FEfcYkg476zPFsLnS");

        macro_rules! checked {
            ($a:expr, $op:ident, $b:expr) => { $a.$op($b).ok_or(ErrorCode::MathOverflow)? };
        }

        pub trait Ledger<'a, T: Copy + Default> where T: PartialOrd {
            fn credit(&mut self, amount: T) -> Result<()>;
        }

        pub struct Book<'a, T> { pub entries: &'a mut Vec<T>, pub total_amount: u64 }

        impl<'a, T: Copy + Default + PartialOrd> Ledger<'a, T> for Book<'a, T> {
            fn credit(&mut self, _amount: T) -> Result<()> {
                self.total_amount = checked!(self.total_amount, checked_add, 1);
                Ok(())
            }
        }

        #[cfg(feature = "devnet")]
        pub const FEE_BPS: u64 = 30;
        #[cfg_attr(feature = "idl", derive(Debug))]
        pub struct Params { pub fee_amount: u64 }

        pub fn scale<const N: usize>(values: [u64; N]) -> u64 {
            values.iter().copied().fold(0u64, |acc, v| acc.saturating_add(v))
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn adds() { let balance: u64 = 1; assert_eq!(balance + 1, 2); let _ = "x".parse::<u8>().unwrap(); }
        }
        """)
        let report = try audit(dir.path)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.files == 1)
    }

    @Test func nonUTF8FilesAreAuditedAtTheRightLines() throws {
        let dir = TempDir()
        var data = Data("// caf\u{E9} in Latin-1: ".utf8)
        data.append(contentsOf: [0x63, 0x61, 0x66, 0xE9, 0xFF, 0x0A])   // invalid UTF-8
        data.append(Data(vulnerableHandler.utf8))
        try dir.write("latin1.rs", data)
        let report = try audit(dir.path)
        let arithmetic = report.findings.filter { $0.ruleID == "unchecked-arithmetic" }
        #expect(arithmetic.map(\.line) == [8])
        #expect(arithmetic.first?.snippet.contains("balance -= amount") == true)
        #expect(!JSONReport.render(report).isEmpty)
    }

    @Test func aFileThatDoesNotParseIsANoteAndTheRestIsStillAudited() throws {
        let dir = TempDir()
        try dir.write("broken.rs", "fn ok() {}\n\nfn broken(x: u64 {\n    let y = ;\n}\n\n" + vulnerableHandler)
        try dir.write("good.rs", vulnerableHandler)
        let report = try audit(dir.path)
        let notes = report.findings.filter { $0.ruleID == "parse-error" }
        #expect(notes.count == 1)
        #expect(notes.first?.file == "broken.rs")
        #expect(notes.first?.severity == .note)
        #expect(notes.first.map { $0.line >= 3 && $0.line <= 4 } == true, "\(notes)")
        #expect(report.findings.contains { $0.ruleID == "unchecked-arithmetic" && $0.file == "good.rs" && $0.line == 7 })
        #expect(report.findings.contains { $0.ruleID == "unchecked-arithmetic" && $0.file == "broken.rs" && $0.line == 13 })
    }

    @Test func emptyAndCommentOnlyFiles() throws {
        let dir = TempDir()
        try dir.write("empty.rs", "")
        try dir.write("comments.rs", "// nothing\n/* here */\n")
        let report = try audit(dir.path)
        #expect(report.findings.isEmpty)
        #expect(report.files == 2)
    }

    /// The 5 MB generated file: audited whole, the seeded flaw at its line.
    @Test func aFiveMegabyteGeneratedFile() throws {
        let dir = TempDir()
        var text = vulnerableHandler
        var i = 0
        while text.utf8.count < 5_000_000 {
            text += "pub fn generated_\(i)(a: u64, b: u64) -> Option<u64> {\n    let c = a.checked_mul(3)?;\n    c.checked_add(b)\n}\n"
            i += 1
        }
        let last = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "pub fn tail(fee_amount: u64) -> u64 {\n    fee_amount * 2\n}\n"
        try dir.write("generated.rs", text)
        let report = try audit(dir.path)
        #expect(Set(report.findings.map { "\($0.ruleID):\($0.line)" }) == ["unchecked-arithmetic:7", "unchecked-arithmetic:\(last + 1)"])
    }
}
