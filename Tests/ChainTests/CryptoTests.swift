import Foundation
import Testing
@testable import Chain
import OVSMKit

@Suite("keys and crypto")
struct CryptoTests {
    @Test("base58 known answers")
    func base58Vectors() throws {
        #expect(Base58.encode([]) == "")
        #expect(Base58.encode([0, 0, 1]) == "112")
        #expect(Base58.encode(Array("Hello World!".utf8)) == "2NEpo7TZRRrLZSi2U")
        #expect(Base58.encode([UInt8](repeating: 0, count: 32)) == String(repeating: "1", count: 32))
        #expect(Base58.decode("2NEpo7TZRRrLZSi2U") == Array("Hello World!".utf8))
        #expect(Base58.decode("0OIl") == nil)
        // The RFC 8032 test 1 public key as a Solana address.
        let pk = try Pubkey(bytes: hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        #expect(pk.base58 == "FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z")
        #expect(try Pubkey("FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z") == pk)
        #expect(Programs.system.bytes == [UInt8](repeating: 0, count: 32))
    }

    @Test("malformed addresses and signatures name the argument")
    func badAddresses() {
        #expect(throws: ChainError.invalidEncoding(what: "address", value: "0OIl", reason: "not base58 (allowed: 1-9 A-H J-N P-Z a-k m-z)")) {
            try Pubkey("0OIl")
        }
        do { _ = try Pubkey("abc", what: "--to"); Issue.record("accepted") } catch {
            #expect("\(error)" == "invalid --to 'abc': decodes to 3 bytes, expected 32")
        }
        do { _ = try Signature("FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z"); Issue.record("accepted") } catch {
            #expect("\(error)".contains("expected 64"))
        }
        #expect(throws: ChainError.self) { try Pubkey("") }
    }

    @Test("overlong base58 text is rejected before decoding (fuzz: a 300 KB owner took 10 s)")
    func overlongBase58() {
        let long = String(repeating: "z", count: 300_000)
        let start = Date()
        #expect(throws: ChainError.self) { try Pubkey(long) }
        #expect(throws: ChainError.self) { try Signature(long) }
        #expect(throws: ChainError.self) { try Hash(long) }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test("ed25519 RFC 8032 tests 1 and 2")
    func rfc8032() throws {
        let seed1 = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        let pub1 = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let sig1 = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(try Ed25519.publicKey(seed: seed1) == pub1)
        #expect(try Ed25519.sign([], seed: seed1) == sig1)
        #expect(Ed25519.verify(sig1, message: [], publicKey: pub1))
        #expect(!Ed25519.verify(sig1, message: [0], publicKey: pub1))

        let seed2 = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
        let pub2 = hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        let sig2 = hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
        #expect(try Ed25519.publicKey(seed: seed2) == pub2)
        #expect(try Ed25519.sign([0x72], seed: seed2) == sig2)
        var forged = sig2; forged[10] ^= 1
        #expect(!Ed25519.verify(forged, message: [0x72], publicKey: pub2))
        #expect(!Ed25519.verify([1, 2, 3], message: [0x72], publicKey: pub2))
        #expect(!Ed25519.verify(sig2, message: [0x72], publicKey: [UInt8](repeating: 0xFF, count: 32)))
        #expect(throws: Ed25519.Failure.self) { try Ed25519.sign([], seed: [1, 2]) }
    }

    @Test("sha256 and random")
    func sha() throws {
        #expect(Hex.encode(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let a = try Ed25519.randomBytes(32), b = try Ed25519.randomBytes(32)
        #expect(a.count == 32 && a != b)
    }

    @Test("keypair from the 64-byte secret")
    func keypairSecret() throws {
        let seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        let kp = try Keypair(seed: seed)
        #expect(kp.pubkey.base58 == "FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z")
        #expect(kp.secretKey.count == 64)
        let again = try Keypair(secretKey: kp.secretKey)
        #expect(again.pubkey == kp.pubkey)
        var bad = kp.secretKey; bad[40] ^= 1
        #expect(throws: ChainError.self) { try Keypair(secretKey: bad) }
        #expect(try kp.sign([]).bytes == hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"))
    }
}

@Suite("keypair files")
struct KeypairFileTests {
    func snapshot(_ path: String) throws -> (Data, Date) {
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        return (try Data(contentsOf: URL(fileURLWithPath: path)), attrs[.modificationDate] as! Date)
    }

    @Test("write to a new path (0600), read back; never overwrite")
    func roundTrip() throws {
        let dir = TempDir()
        let path = dir.file("new.json")
        let kp = try Keypair.generate()
        try kp.write(toNewPath: path)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as! NSNumber).intValue == 0o600)
        let back = try Keypair.read(path: path)
        #expect(back.pubkey == kp.pubkey && back.seed == kp.seed)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("[") && text.split(separator: ",").count == 64)

        let before = try snapshot(path)
        let other = try Keypair.generate()
        do { try other.write(toNewPath: path); Issue.record("overwrote") } catch {
            #expect("\(error)".contains("already exists; refusing to overwrite"))
        }
        let after = try snapshot(path)
        #expect(before.0 == after.0 && before.1 == after.1)
        #expect(try Keypair.read(path: path).pubkey == kp.pubkey)
        // No temp files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["new.json"])
        // Missing directory → clear error.
        #expect(throws: ChainError.self) { try kp.write(toNewPath: dir.file("nope/k.json")) }
    }

    @Test("refuses anything inside ~/.config/solana")
    func solanaDirGuard() {
        #expect(Keypair.isInsideSolanaConfig("/h/.config/solana/id.json", home: "/h"))
        #expect(Keypair.isInsideSolanaConfig("/h/.config/solana", home: "/h"))
        #expect(!Keypair.isInsideSolanaConfig("/h/.config/solana-other/id.json", home: "/h"))
        #expect(!Keypair.isInsideSolanaConfig("/h/keys/id.json", home: "/h"))
    }

    @Test("bad keypair files: clear error, file untouched", arguments: [
        ("[1,2,3]", "expected 64 bytes, got 3"),
        ("not json", "not a JSON array of 64 numbers (invalid JSON)"),
        ("{\"a\":1}", "expected a JSON array of 64 numbers, got object"),
        ("[" + Array(repeating: "300", count: 64).joined(separator: ",") + "]", "element 0 is not a byte (0-255)"),
        ("[" + Array(repeating: "7", count: 64).joined(separator: ",") + "]", "public key half does not match the secret seed"),
        ("", "not a JSON array of 64 numbers (invalid JSON)"),
    ])
    func badFiles(content: String, message: String) throws {
        let dir = TempDir()
        let path = dir.file("bad.json")
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        let before = try snapshot(path)
        do { _ = try Keypair.read(path: path); Issue.record("accepted \(content)") } catch {
            #expect("\(error)" == "keypair \(path): \(message)")
        }
        let after = try snapshot(path)
        #expect(before.0 == after.0 && before.1 == after.1)
    }

    @Test("missing file and directory")
    func missing() {
        let dir = TempDir()
        do { _ = try Keypair.read(path: dir.file("none.json")); Issue.record("accepted") } catch {
            #expect("\(error)" == "keypair \(dir.file("none.json")): no such file")
        }
        #expect(throws: ChainError.self) { try Keypair.read(path: dir.path) }
    }
}
