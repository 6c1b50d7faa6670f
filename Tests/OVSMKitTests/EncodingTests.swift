import Testing
@testable import OVSMKit

@Suite("System: encodings and digests")
struct EncodingTests {
    @Test func sha256Vectors() {
        #expect(SHA2.hex(SHA2.sha256(Array("abc".utf8))) ==
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA2.hex(SHA2.sha256([])) ==
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Two-block message (FIPS 180-2 example).
        #expect(SHA2.hex(SHA2.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))) ==
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// The incremental hasher: any split of the input gives the one-shot digest, across
    /// block and padding boundaries (55, 56, 63, 64, 65 bytes) and a million 'a's (FIPS).
    @Test func sha256Incremental() {
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(Hex.encode(SHA256.hash(million)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var chunked = SHA256()
        var i = 0, step = 1
        while i < million.count { let n = min(step, million.count - i); chunked.update(million[i..<(i + n)]); i += n; step = step * 3 % 1000 + 1 }
        #expect(Hex.encode(chunked.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var rng = SystemRandomNumberGenerator()
        for len in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
            let msg = (0..<len).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let whole = SHA256.hash(msg)
            for cut in Set([0, len / 3, len / 2, len]) {
                var h = SHA256()
                h.update(msg[0..<cut]); h.update(AnySequenceBytes(msg[cut...]))
                #expect(h.finalize() == whole, "len \(len) cut \(cut)")
            }
        }
    }

    @Test func sha512Vectors() {
        #expect(SHA2.hex(SHA2.sha512(Array("abc".utf8))) ==
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(SHA2.hex(SHA2.sha512([])) ==
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        let long = [UInt8](repeating: 0x61, count: 1000)
        #expect(SHA2.sha512(long).count == 64)
    }

    @Test func hexCodec() {
        #expect(Hex.encode([255, 0, 16]) == "ff0010")
        #expect(Hex.decode("FF0010") == [255, 0, 16])
        #expect(Hex.decode("0xff") == [255])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }

    @Test func base64Codec() {
        #expect(Base64.encode(Array("hello".utf8)) == "aGVsbG8=")
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
        #expect(Base64.decode("aGVsbG8=") == Array("hello".utf8))
        #expect(Base64.decode("aGVsbG8") == Array("hello".utf8))
        #expect(Base64.decode("AAEC/w==") == [0, 1, 2, 255])
        #expect(Base64.decode("AQID") == [1, 2, 3])
        #expect(Base64.decode("a") == nil)
        #expect(Base64.decode("a=b=") == nil)
        #expect(Base64.decode("@@@@") == nil)
        for n in 0..<20 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + 11) & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test func base58Codec() {
        #expect(Base58.encode([]) == "")
        #expect(Base58.encode([0, 0, 1]) == "112")
        #expect(Base58.encode(Array("hello world".utf8)) == "StV1DL6CwTryKyV")
        #expect(Base58.decode("StV1DL6CwTryKyV") == Array("hello world".utf8))
        #expect(Base58.decode("2") == [1])
        #expect(Base58.decode("1111") == [0, 0, 0, 0])
        #expect(Base58.decode("0OIl") == nil)
        #expect(Base58.decode("héllo") == nil)
        // The system program id: 32 zero bytes.
        #expect(Base58.encode([UInt8](repeating: 0, count: 32)) == String(repeating: "1", count: 32))
        // Token program id round trip.
        let token = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        let raw = Base58.decode(token)
        #expect(raw?.count == 32)
        #expect(raw.map(Base58.encode) == token)
        for n in [1, 31, 32, 33, 64] {
            let bytes = (0..<n).map { UInt8(($0 * 91 + 7) & 0xFF) }
            #expect(Base58.decode(Base58.encode(bytes)) == bytes)
            let zeros = [0, 0] + bytes
            #expect(Base58.decode(Base58.encode(zeros)) == zeros)
        }
    }
}

/// A collection without contiguous storage, to take the hasher's copying path.
struct AnySequenceBytes: Collection {
    let base: ArraySlice<UInt8>
    init(_ base: ArraySlice<UInt8>) { self.base = base }
    var startIndex: Int { base.startIndex }
    var endIndex: Int { base.endIndex }
    func index(after i: Int) -> Int { i + 1 }
    subscript(i: Int) -> UInt8 { base[i] }
}
