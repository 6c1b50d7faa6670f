/// Encodings, digests and little-endian integer readers (spec §8.8, §17.2).
extension Builtins {
    static var encodingBuiltins: [Builtin] {
        [
            Builtin("base64-encode", doc: """
                (base64-encode x) — standard Base64 of x (a string's UTF-8 bytes or an array \
                of byte ints).
                """, unary: { arg0, _ in
                .string(Base64.encode(try sysBytes(arg0, "base64-encode")))
            }),
            Builtin("hex-encode", aliases: ["bytes-to-hex"], doc: """
                (hex-encode x) — lowercase hex of x (a string's UTF-8 bytes or an array of \
                byte ints).
                """, unary: { arg0, _ in
                .string(Hex.encode(try sysBytes(arg0, "hex-encode")))
            }),
            Builtin("base58-encode", doc: """
                (base58-encode x) — Base58 (Bitcoin alphabet) of x (a string's UTF-8 bytes or \
                an array of byte ints).
                """, unary: { arg0, _ in
                .string(Base58.encode(try sysBytes(arg0, "base58-encode")))
            }),
            Builtin("base64-decode", doc: """
                (base64-decode s) — decode Base64 text to a string; invalid Base64 or bytes \
                that are not UTF-8 → type error.
                """, unary: { arg0, _ in
                .string(try sysUTF8String(try sysDecode(arg0, "base64-decode", Base64.decode, "Base64"), "base64-decode"))
            }),
            Builtin("hex-decode", doc: """
                (hex-decode s) — decode hex text to a string; invalid hex or bytes that are \
                not UTF-8 → type error.
                """, unary: { arg0, _ in
                .string(try sysUTF8String(try sysDecode(arg0, "hex-decode", Hex.decode, "hex"), "hex-decode"))
            }),
            Builtin("base58-decode", doc: """
                (base58-decode s) — decode Base58 text to a string; invalid Base58 or bytes \
                that are not UTF-8 → type error.
                """, unary: { arg0, _ in
                .string(try sysUTF8String(try sysDecode(arg0, "base58-decode", Base58.decode, "Base58"), "base58-decode"))
            }),
            Builtin("base64-decode-bytes", doc: """
                (base64-decode-bytes s) — decode Base64 text to an array of byte ints.
                """, unary: { arg0, _ in
                sysByteArray(try sysDecode(arg0, "base64-decode-bytes", Base64.decode, "Base64"))
            }),
            Builtin("hex-decode-bytes", doc: """
                (hex-decode-bytes s) — decode hex text to an array of byte ints.
                """, unary: { arg0, _ in
                sysByteArray(try sysDecode(arg0, "hex-decode-bytes", Hex.decode, "hex"))
            }),
            Builtin("base58-decode-bytes", doc: """
                (base58-decode-bytes s) — decode Base58 text to an array of byte ints.
                """, unary: { arg0, _ in
                sysByteArray(try sysDecode(arg0, "base58-decode-bytes", Base58.decode, "Base58"))
            }),
            Builtin("base64-decode-raw", doc: """
                (base64-decode-raw s) — decode Base64 text and return the bytes as lowercase \
                hex text; invalid input → type error.
                """, unary: { arg0, _ in
                .string(Hex.encode(try sysDecode(arg0, "base64-decode-raw", Base64.decode, "Base64")))
            }),
            Builtin("sha256", doc: """
                (sha256 x) — lowercase hex SHA-256 digest of x (a string's UTF-8 bytes or an \
                array of byte ints).
                """, unary: { arg0, _ in
                .string(Hex.encode(SHA2.sha256(try sysBytes(arg0, "sha256"))))
            }),
            Builtin("sha512", doc: """
                (sha512 x) — lowercase hex SHA-512 digest of x (a string's UTF-8 bytes or an \
                array of byte ints).
                """, unary: { arg0, _ in
                .string(Hex.encode(SHA2.sha512(try sysBytes(arg0, "sha512"))))
            }),
            Builtin("parse-u64-le", doc: """
                (parse-u64-le x off) — unsigned little-endian 64-bit int from bytes off…off+7 \
                of x (a string's UTF-8 bytes or a byte array). Out of range → index error; \
                a value ≥ 2^63 → limit error.
                """, binary: { arg0, arg1, _ in
                let bytes = try sysBytes(arg0, "parse-u64-le")
                return try sysU64LE(bytes, try Arg.int(arg1, "parse-u64-le"), "parse-u64-le")
            }),
            Builtin("hex-to-u64-le", doc: """
                (hex-to-u64-le s off) — unsigned little-endian 64-bit int from bytes \
                off…off+7 of the hex text s. Out of range → index error; ≥ 2^63 → limit error.
                """, binary: { arg0, arg1, _ in
                let bytes = try sysDecode(arg0, "hex-to-u64-le", Hex.decode, "hex")
                return try sysU64LE(bytes, try Arg.int(arg1, "hex-to-u64-le"), "hex-to-u64-le")
            }),
        ]
    }

    /// Bytes of a string (UTF-8) or of an array of ints 0–255.
    static func sysBytes(_ v: Value, _ fn: String) throws -> [UInt8] {
        switch v {
        case .string(let s):
            return Array(s.utf8)
        case .array(let a):
            var out: [UInt8] = []
            out.reserveCapacity(a.count)
            for (k, e) in a.enumerated() {
                guard case .int(let n) = e, n >= 0, n <= 255 else {
                    throw OVSMError.type("\(fn): element \(k) is not a byte (int 0–255): \(Printer.printForm(e))")
                }
                out.append(UInt8(n))
            }
            return out
        default:
            throw OVSMError.type("\(fn): expected a string or an array of bytes, got \(v.typeName)")
        }
    }

    static func sysDecode(_ v: Value, _ fn: String, _ codec: (String) -> [UInt8]?, _ what: String) throws -> [UInt8] {
        let s = try Arg.string(v, fn)
        guard let bytes = codec(s) else { throw OVSMError.type("\(fn): invalid \(what) text") }
        return bytes
    }

    static func sysUTF8String(_ bytes: [UInt8], _ fn: String) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw OVSMError.type("\(fn): decoded bytes are not valid UTF-8 (use \(fn)-bytes)")
        }
        return s
    }

    static func sysByteArray(_ bytes: [UInt8]) -> Value {
        .array(bytes.map { .int(Int($0)) })
    }

    static func sysU64LE(_ bytes: [UInt8], _ off: Int, _ fn: String) throws -> Value {
        guard off >= 0, off <= bytes.count - 8 else {
            throw OVSMError.index("\(fn): offset \(off) needs 8 bytes, have \(bytes.count)")
        }
        var v: UInt64 = 0
        for k in (0..<8).reversed() { v = v << 8 | UInt64(bytes[off + k]) }
        guard v <= UInt64(Int.max) else { throw OVSMError.limit("\(fn): value \(v) does not fit in an int") }
        return .int(Int(v))
    }
}
