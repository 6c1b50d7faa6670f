import Foundation
import OSVMSettings
import Testing
@testable import Chain
import OVSMKit

@Suite("wire format")
struct TransactionTests {
    let payer = try! Keypair(seed: [UInt8](repeating: 1, count: 32))
    let other = try! Keypair(seed: [UInt8](repeating: 2, count: 32))
    let blockhash = try! Hash(bytes: [UInt8](repeating: 9, count: 32))

    @Test("shortvec", arguments: [
        (0, [0x00]), (5, [0x05]), (0x7f, [0x7f]), (0x80, [0x80, 0x01]), (0xff, [0xff, 0x01]),
        (0x100, [0x80, 0x02]), (0x3fff, [0xff, 0x7f]), (0x4000, [0x80, 0x80, 0x01]), (0xffff, [0xff, 0xff, 0x03]),
    ] as [(Int, [UInt8])])
    func shortvec(value: Int, bytes: [UInt8]) throws {
        #expect(ShortVec.encode(value) == bytes)
        var r = ByteReader(bytes)
        #expect(try r.shortVec("x") == value)
        #expect(r.remaining == 0)
    }

    @Test("shortvec rejects non-canonical and overlong encodings")
    func shortvecBad() {
        for bad: [UInt8] in [[0x80, 0x00], [0x80], [0xff, 0xff, 0x83], [0x80, 0x80, 0x80, 0x01], []] {
            var r = ByteReader(bad)
            #expect(throws: ChainError.self) { try r.shortVec("len") }
        }
    }

    @Test("system transfer: account order, header, exact bytes")
    func transferMessage() throws {
        let to = other.pubkey
        let ix = SystemProgram.transfer(from: payer.pubkey, to: to, lamports: 1_000)
        #expect(ix.data == [2, 0, 0, 0, 0xe8, 0x03, 0, 0, 0, 0, 0, 0])
        #expect(SystemProgram.decodeTransfer(ix.data) == 1_000)
        let msg = try Message.compile(instructions: [ix], payer: payer.pubkey, recentBlockhash: blockhash)
        #expect(msg.accountKeys == [payer.pubkey, to, Programs.system])
        #expect(msg.header == MessageHeader(numRequiredSignatures: 1, numReadonlySignedAccounts: 0, numReadonlyUnsignedAccounts: 1))
        #expect(msg.instructions == [CompiledInstruction(programIdIndex: 2, accounts: [0, 1], data: ix.data)])
        var expected: [UInt8] = [1, 0, 1, 3]
        expected += payer.pubkey.bytes + to.bytes + Programs.system.bytes + blockhash.bytes
        expected += [1, 2, 2, 0, 1, 12] + ix.data
        #expect(msg.serialize() == expected)
        #expect(try Message.decode(expected) == msg)
    }

    @Test("account ordering: payer, writable signers, readonly signers, writable, readonly")
    func ordering() throws {
        let k = (0..<5).map { i in try! Keypair(seed: [UInt8](repeating: UInt8(10 + i), count: 32)).pubkey }
        let prog = try Pubkey(bytes: [UInt8](repeating: 0xEE, count: 32))
        let ix = Instruction(programId: prog, accounts: [
            AccountMeta(k[0], signer: false, writable: false),   // readonly non-signer
            AccountMeta(k[1], signer: true, writable: false),    // readonly signer
            AccountMeta(k[2], signer: false, writable: true),    // writable non-signer
            AccountMeta(k[3], signer: true, writable: true),     // writable signer
            AccountMeta(k[0], signer: false, writable: true),    // upgrade k0 to writable
        ], data: [7])
        let msg = try Message.compile(instructions: [ix, MemoProgram.memo("hi", signers: [k[4]])],
                                      payer: payer.pubkey, recentBlockhash: blockhash)
        let signersRO = [k[1], k[4]].sorted()
        let writable = [k[0], k[2]].sorted()
        let readonly = [prog, Programs.memo].sorted()
        #expect(msg.accountKeys == [payer.pubkey, k[3]] + signersRO + writable + readonly)
        #expect(msg.header == MessageHeader(numRequiredSignatures: 4, numReadonlySignedAccounts: 2, numReadonlyUnsignedAccounts: 2))
        #expect(msg.isWritable(0) && msg.isWritable(1) && !msg.isWritable(2) && msg.isWritable(4) && !msg.isWritable(6))
    }

    @Test("sign, serialize, decode, verify; forged signature fails")
    func signVerify() throws {
        let ix = SystemProgram.transfer(from: payer.pubkey, to: other.pubkey, lamports: 42)
        let tx = try Transaction(instructions: [ix, MemoProgram.memo("osvm")], signers: [payer], recentBlockhash: blockhash)
        #expect(tx.verify())
        let wire = try tx.serialize()
        #expect(wire[0] == 1 && wire.count == 1 + 64 + tx.message.serialize().count)
        let back = try Transaction.decode(wire)
        #expect(back == tx && back.verify())
        #expect(try Transaction.decode(base64: tx.base64()) == tx)
        var forged = wire; forged[5] ^= 0x01
        let f = try Transaction.decode(forged)
        #expect(!f.verify())
        var tampered = wire; tampered[wire.count - 1] ^= 0x01   // memo text changed
        #expect(!(try Transaction.decode(tampered)).verify())
        // Unsigned: zero signature, not valid.
        #expect(!Transaction(message: tx.message).verify())
    }

    @Test("signing errors: missing and foreign signers")
    func signingErrors() throws {
        let ix = SystemProgram.transfer(from: other.pubkey, to: payer.pubkey, lamports: 1)
        let msg = try Message.compile(instructions: [ix], payer: payer.pubkey, recentBlockhash: blockhash)
        var tx = Transaction(message: msg)
        #expect(throws: ChainError.self) { try tx.sign([payer]) }
        try tx.sign([payer], partial: true)
        #expect(tx.verifyResults() == [true, false])
        try tx.sign([other], partial: true)
        #expect(tx.verify())
        let stranger = try Keypair.generate()
        #expect(throws: ChainError.self) { try tx.sign([stranger]) }
        #expect(throws: ChainError.self) { try Message.compile(instructions: [], payer: payer.pubkey, recentBlockhash: blockhash) }
    }

    @Test("v0 messages with address table lookups round-trip")
    func v0() throws {
        let table = try Pubkey(bytes: [UInt8](repeating: 0x33, count: 32))
        var msg = try Message.compile(instructions: [SystemProgram.transfer(from: payer.pubkey, to: other.pubkey, lamports: 5)],
                                      payer: payer.pubkey, recentBlockhash: blockhash)
        msg.version = .v0
        msg.instructions[0].accounts.append(3)   // an account loaded from the table
        msg.addressTableLookups = [AddressTableLookup(accountKey: table, writableIndexes: [1], readonlyIndexes: [4, 5])]
        let bytes = msg.serialize()
        #expect(bytes[0] == 0x80)
        let back = try Message.decode(bytes)
        #expect(back == msg && back.version == .v0)
        #expect(back.addressTableLookups[0].readonlyIndexes == [4, 5])
        var tx = Transaction(message: msg)
        try tx.sign([payer])
        let decoded = try Transaction.decode(try tx.serialize())
        #expect(decoded.verify() && decoded.message.version == .v0)
        // Unknown version.
        var v1 = bytes; v1[0] = 0x81
        #expect(throws: ChainError.self) { try Message.decode(v1) }
    }

    @Test("garbage bytes never crash the decoder")
    func fuzzDecode() throws {
        let tx = try Transaction(instructions: [SystemProgram.transfer(from: payer.pubkey, to: other.pubkey, lamports: 1)],
                                 signers: [payer], recentBlockhash: blockhash)
        let wire = try tx.serialize()
        for n in 0..<wire.count { #expect(throws: ChainError.self) { try Transaction.decode(Array(wire[0..<n])) } }
        #expect(throws: ChainError.self) { try Transaction.decode(wire + [0]) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var b = wire
            for _ in 0..<Int.random(in: 1...4, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            _ = try? Transaction.decode(b)
            _ = try? Transaction.decode((0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    @Test("size limit")
    func sizeLimit() throws {
        let big = MemoProgram.memo(String(repeating: "x", count: 1200))
        let tx = try Transaction(instructions: [big], signers: [payer], recentBlockhash: blockhash)
        #expect(throws: ChainError.self) { try tx.serialize() }
    }
}

@Suite("amounts, clusters, config")
struct AmountConfigTests {
    @Test("lamports formatting")
    func format() {
        #expect(Lamports.format(1_500_000_000) == "◎1.5")
        #expect(Lamports.format(5000) == "◎0.000005")
        #expect(Lamports.format(0) == "◎0")
        #expect(Lamports.format(2_000_000_000) == "◎2")
        #expect(Lamports.format(1) == "◎0.000000001")
        #expect(Lamports.format(UInt64.max) == "◎18446744073.709551615")
        #expect(Lamports.decimal(123_456_789) == "0.123456789")
    }

    @Test("SOL parsing")
    func parse() throws {
        #expect(try Lamports.parse(sol: "1") == 1_000_000_000)
        #expect(try Lamports.parse(sol: "0.5") == 500_000_000)
        #expect(try Lamports.parse(sol: ".25") == 250_000_000)
        #expect(try Lamports.parse(sol: "◎1.000000001") == 1_000_000_001)
        #expect(try Lamports.parse(sol: "2 SOL") == 2_000_000_000)
        for bad in ["", "-1", "abc", "1.2.3", "1.0000000001", "99999999999999999999", "1e3", ".", "١"] {
            #expect(throws: ChainError.self) { try Lamports.parse(sol: bad) }
        }
    }

    @Test("cluster names and URLs")
    func clusters() throws {
        #expect(try Cluster.resolve("mainnet") == "https://api.mainnet-beta.solana.com")
        #expect(try Cluster.resolve("devnet") == "https://api.devnet.solana.com")
        #expect(try Cluster.resolve("t") == "https://api.testnet.solana.com")
        #expect(try Cluster.resolve("localnet") == "http://127.0.0.1:8899")
        #expect(try Cluster.resolve("http://127.0.0.1:1234") == "http://127.0.0.1:1234")
        #expect(throws: ChainError.self) { try Cluster.resolve("ftp://x") }
        #expect(throws: ChainError.self) { try Cluster.resolve("moonnet") }
    }

    @Test("config precedence: flag > env > file > default")
    func precedence() throws {
        let dir = TempDir()
        let cfg = dir.file("config.yml")
        try "# osvm\nrpc_url: devnet\nkeypair_path: ~/keys/me.json   # mine\ncommitment: \"finalized\"\n"
            .write(toFile: cfg, atomically: true, encoding: .utf8)
        let home = dir.path
        var env = ["HOME": home]
        var c = try ChainConfig.resolve(environment: env, configPath: dir.file("missing.yml"))
        #expect(c.rpcURL == ChainConfig.defaultRPC && c.rpcSource == .defaults && c.keypairPath == nil)
        c = try ChainConfig.resolve(environment: env, configPath: cfg)
        #expect(c.rpcURL == Cluster.devnet.url && c.rpcSource == .configFile)
        #expect(c.keypairPath == home + "/keys/me.json" && c.commitment == .finalized)
        env["OSVM_RPC_URL"] = "testnet"
        env["OSVM_KEYPAIR"] = "/env/k.json"
        c = try ChainConfig.resolve(environment: env, configPath: cfg)
        #expect(c.rpcURL == Cluster.testnet.url && c.rpcSource == .environment && c.keypairPath == "/env/k.json")
        c = try ChainConfig.resolve(url: "http://127.0.0.1:9", keypair: "/flag.json", environment: env, configPath: cfg)
        #expect(c.rpcURL == "http://127.0.0.1:9" && c.rpcSource == .flag && c.keypairPath == "/flag.json")
        // The default config path lives under HOME.
        #expect(ChainConfig.configPath(home: "/h") == "/h/.config/osvm/config.yml")
        // Bad values → clear errors.
        #expect(throws: SettingsError.self) { try ChainConfig.resolve(url: "nonsense", environment: env, configPath: cfg) }
        try "rpc_url: devnet\n  nested: 1\n".write(toFile: cfg, atomically: true, encoding: .utf8)
        do { _ = try ChainConfig.resolve(environment: ["HOME": home], configPath: cfg); Issue.record("accepted") } catch {
            #expect("\(error)".hasPrefix(cfg + ":2:"))
        }
        // A section such as the assistant's `ai:` block is accepted and ignored by Chain.
        try "rpc_url: devnet\nai:\n  url: http://127.0.0.1:1/v1\n  model: m\n".write(toFile: cfg, atomically: true, encoding: .utf8)
        let withAI = try ChainConfig.resolve(environment: ["HOME": home], configPath: cfg)
        #expect(withAI.rpcURL == Cluster.devnet.url && withAI.warnings.isEmpty)
    }
}

@Suite("program ids")
struct ProgramIDTests {
    @Test("well-known ids decode and have names")
    func ids() {
        #expect(Programs.name(of: Programs.system) == "System")
        #expect(Programs.name(of: Programs.memo) == "Memo")
        #expect(Programs.name(of: Programs.token) == "Token")
        #expect(Programs.name(of: Programs.token2022) == "Token-2022")
        #expect(Programs.name(of: Programs.computeBudget) == "ComputeBudget")
        #expect(Programs.name(of: Programs.vote) == "Vote" && Programs.name(of: Programs.stake) == "Stake")
    }
}
