import Foundation
import Testing
@testable import Chain
import OVSMKit

/// Loader-v3 encodings, program addresses and ELF checks. Expected values come from
/// `solders` (the Rust SDK compiled for Python) and from `solana-loader-v3-interface`.
struct ProgramDeployTests {
    let loader = UpgradeableLoader.id

    @Test func programDataAddressesMatchTheRustSDK() throws {
        // solders: Pubkey.find_program_address([bytes(program)], BPFLoaderUpgradeab1e…)
        let cases: [(String, String, UInt8)] = [
            ("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr", "J4fqc9H8UsVySAv2Xj8o1nskDgJTy8WN8AjAY4LjEEvC", 253),
            ("11111111111111111111111111111111", "5ReXsszTZPmCZuH7wHPoEkxqRq3Bb1xWWcim13zDH6LX", 253),
            ("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "3gvYRKWyXRR9xKWe1ZjPhLY5ZJRN7KDB4rFZFGoJfFk2", 254),
        ]
        for (program, pda, bump) in cases {
            let (got, b) = try ProgramAddress.find(seeds: [try Pubkey(program).bytes], programId: loader)
            #expect(got.base58 == pda)
            #expect(b == bump)
            #expect(try UpgradeableLoader.programDataAddress(try Pubkey(program)).base58 == pda)
        }
    }

    @Test func curveCheckAgreesWithDalekOnAllBumps() throws {
        // solders' Pubkey.is_on_curve over sha256("seed" ‖ [b] ‖ Token ‖ marker), b = 0…255:
        // 136 on the curve, the first 20 at these bumps.
        let token = try Pubkey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
        let on = (0..<256).filter { b in
            Curve25519Point.isOnCurve(SHA2.sha256(Array("seed".utf8) + [UInt8(b)] + token.bytes + ProgramAddress.marker))
        }
        #expect(on.count == 136)
        #expect(Array(on.prefix(20)) == [0, 2, 6, 8, 9, 11, 13, 15, 20, 21, 22, 23, 26, 28, 30, 32, 35, 36, 39, 42])
        #expect(Curve25519Point.isOnCurve(try Pubkey("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr").bytes))   // an ed25519 key
    }

    @Test func instructionEncodings() throws {
        let a = try Keypair(seed: [UInt8](repeating: 1, count: 32)).pubkey
        let b = try Keypair(seed: [UInt8](repeating: 2, count: 32)).pubkey
        let w = UpgradeableLoader.write(buffer: a, authority: b, offset: 0x01020304, bytes: [9, 8, 7])
        #expect(w.data == [1, 0, 0, 0, 4, 3, 2, 1, 3, 0, 0, 0, 0, 0, 0, 0, 9, 8, 7])
        #expect(w.accounts == [AccountMeta(a, signer: false, writable: true), AccountMeta(b, signer: true, writable: false)])
        #expect(UpgradeableLoader.initializeBuffer(buffer: a, authority: b).data == [0, 0, 0, 0])
        let d = try UpgradeableLoader.deployWithMaxDataLen(payer: a, program: b, buffer: a, authority: a, maxDataLen: 0x0102)
        #expect(d.data == [2, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0])
        let pda = try UpgradeableLoader.programDataAddress(b)
        #expect(d.accounts.count == 8 && d.accounts[1].pubkey == pda)
        #expect(d.accounts[4].pubkey == UpgradeableLoader.rentSysvar && d.accounts[5].pubkey == UpgradeableLoader.clockSysvar)
        #expect(d.accounts[7].isSigner && !d.accounts[7].isWritable)
        let u = try UpgradeableLoader.upgrade(program: b, buffer: a, authority: a, spill: a)
        #expect(u.data == [3, 0, 0, 0] && u.accounts.count == 7)
        #expect(UpgradeableLoader.closeBuffer(buffer: a, recipient: b, authority: a).data == [5, 0, 0, 0])
        let c = SystemProgram.createAccount(from: a, newAccount: b, lamports: 1, space: 36, owner: loader)
        #expect(c.data == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0] + loader.bytes)
    }

    @Test func loaderStates() throws {
        let k = try Keypair(seed: [UInt8](repeating: 3, count: 32)).pubkey
        #expect(try UpgradeableLoader.State(decoding: [1, 0, 0, 0, 1] + k.bytes + [0xAA]) == .buffer(authority: k))
        #expect(try UpgradeableLoader.State(decoding: [1, 0, 0, 0, 0]) == .buffer(authority: nil))
        #expect(try UpgradeableLoader.State(decoding: [2, 0, 0, 0] + k.bytes) == .program(programData: k))
        #expect(try UpgradeableLoader.State(decoding: [3, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1] + k.bytes) == .programData(slot: 7, authority: k))
        #expect(throws: ChainError.self) { try UpgradeableLoader.State(decoding: [9, 0, 0, 0]) }
        #expect(throws: ChainError.self) { try UpgradeableLoader.State(decoding: [1, 0]) }
    }

    @Test func writeTransactionsFillButNeverExceed1232Bytes() throws {
        for signers in [1, 2] {
            let payer = try Keypair.generate()
            let authority = signers == 1 ? payer : try Keypair.generate()
            let w = ChunkWriter(rpc: try RPCClient(url: "http://127.0.0.1:1"), payer: payer, authority: authority, buffer: try Keypair.generate().pubkey)
            let n = try w.chunkSize()
            func tx(_ size: Int) throws -> Transaction {
                try Transaction(instructions: [UpgradeableLoader.write(buffer: w.buffer, authority: authority.pubkey, offset: 0,
                                                                       bytes: [UInt8](repeating: 0xFF, count: size))],
                                signers: w.signers, recentBlockhash: .zero)
            }
            #expect(try tx(n).serialize().count == 1232)
            #expect(throws: ChainError.self) { try tx(n + 1).serialize() }
            #expect(n == (signers == 1 ? 1012 : 916))   // a second signer: 64-byte signature + 32-byte key
        }
    }

    @Test func onlyDifferingChunksAreRewritten() {
        let program: [UInt8] = Array(0..<10)
        #expect(ChunkWriter.missingChunks(program: program, existing: nil, chunkSize: 4) == [0..<4, 4..<8, 8..<10])
        var existing = program
        existing[5] = 0
        #expect(ChunkWriter.missingChunks(program: program, existing: existing, chunkSize: 4) == [4..<8])
        #expect(ChunkWriter.missingChunks(program: program, existing: program, chunkSize: 4).isEmpty)
    }

    @Test func elfChecks() throws {
        var elf = [UInt8](repeating: 0, count: 64)
        elf[0...3] = [0x7F, 0x45, 0x4C, 0x46]; elf[4] = 2; elf[5] = 1; elf[16] = 3; elf[18] = 247
        #expect(try SBPFProgram(validating: elf).machine == 247)
        elf[18] = 7; elf[19] = 1
        #expect(try SBPFProgram(validating: elf).machine == 263)
        func reason(_ bytes: [UInt8]) -> String {
            do { _ = try SBPFProgram(validating: bytes, name: "p.so"); return "ok" } catch { return "\(error)" }
        }
        #expect(reason([]).contains("the file is empty"))
        #expect(reason(Array(elf.prefix(10))).contains("shorter than an ELF64 header"))
        var x = elf; x[0] = 0
        #expect(reason(x).contains("no ELF magic"))
        x = elf; x[4] = 1
        #expect(reason(x).contains("expected 2 (ELF64)"))
        x = elf; x[18] = 62; x[19] = 0
        #expect(reason(x).contains("e_machine 62") && reason(x).contains("x86-64"))
        x = elf; x[16] = 2
        #expect(reason(x).contains("e_type 2"))
        x = elf; x[56] = 1; x[54] = 56; x[32] = 200     // one program header past the end
        #expect(reason(x).contains("program headers lie outside the file"))
        #expect(reason(elf + [UInt8](repeating: 0, count: SBPFProgram.maxSize)).contains("more than"))
    }
}
