import Foundation
import OVSMKit
#if canImport(Glibc)
import Glibc
import OSVMSettings
#endif

/// An ed25519 keypair in Solana's layout: 64 bytes = 32-byte seed ‖ 32-byte public key,
/// stored on disk as a JSON array of 64 numbers (`solana-keygen`'s `id.json`).
///
///     let kp = try Keypair.read(path: "/tmp/test.json")
///     let sig = try kp.sign(messageBytes)
///     try Keypair.generate().write(toNewPath: "/tmp/new.json")   // 0600, never overwrites
public struct Keypair: Sendable {
    public let seed: [UInt8]
    public let pubkey: Pubkey

    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else { throw ChainError.keypair(path: "-", reason: "seed must be 32 bytes, got \(seed.count)") }
        self.seed = seed
        self.pubkey = Pubkey(unchecked: try Ed25519.publicKey(seed: seed))
    }

    /// From the 64-byte secret key; the public half must match the seed.
    public init(secretKey: [UInt8]) throws {
        guard secretKey.count == 64 else {
            throw ChainError.keypair(path: "-", reason: "secret key must be 64 bytes, got \(secretKey.count)")
        }
        try self.init(seed: Array(secretKey[0..<32]))
        guard pubkey.bytes == Array(secretKey[32..<64]) else {
            throw ChainError.keypair(path: "-", reason: "public key half does not match the secret seed")
        }
    }

    /// A fresh random keypair.
    public static func generate() throws -> Keypair { try Keypair(seed: Ed25519.randomBytes(32)) }

    /// seed ‖ pubkey.
    public var secretKey: [UInt8] { seed + pubkey.bytes }

    public func sign(_ message: [UInt8]) throws -> Signature {
        Signature(unchecked: try Ed25519.sign(message, seed: seed))
    }

    /// The file text: `[n,n,...]` (64 numbers), as solana-keygen writes it.
    public var fileText: String { "[" + secretKey.map(String.init).joined(separator: ",") + "]" }

    /// Reads a Solana JSON keypair file. Never modifies the file.
    public static func read(path: String) throws -> Keypair {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ChainError.keypair(path: path, reason: "no such file")
        }
        if isDir.boolValue { throw ChainError.keypair(path: path, reason: "is a directory, expected a JSON keypair file") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ChainError.keypair(path: path, reason: "cannot read: \(PlainError.reason(error))")
        }
        if data.count > 64 * 1024 { throw ChainError.keypair(path: path, reason: "file too large for a keypair (\(data.count) bytes)") }
        return try parse(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses keypair file text (a JSON array of 64 integers 0…255).
    public static func parse(text: String, path: String = "-") throws -> Keypair {
        let value: Value
        do { value = try JSON.parse(text) } catch {
            throw ChainError.keypair(path: path, reason: "not a JSON array of 64 numbers (invalid JSON)")
        }
        guard case .array(let items) = value else {
            throw ChainError.keypair(path: path, reason: "expected a JSON array of 64 numbers, got \(value.typeName)")
        }
        guard items.count == 64 else {
            throw ChainError.keypair(path: path, reason: "expected 64 bytes, got \(items.count)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for (i, item) in items.enumerated() {
            guard case .int(let n) = item, (0...255).contains(n) else {
                throw ChainError.keypair(path: path, reason: "element \(i) is not a byte (0-255)")
            }
            bytes.append(UInt8(n))
        }
        do { return try Keypair(secretKey: bytes) } catch ChainError.keypair(_, let reason) {
            throw ChainError.keypair(path: path, reason: reason)
        }
    }

    /// Writes this keypair to a NEW file (mode 0600). Fails if anything exists at `path`,
    /// if the path lies inside `~/.config/solana/`, or if the directory does not exist.
    /// The bytes go to a temporary file in the same directory first, which is then linked
    /// into place (atomic, and refuses to replace a file that appeared meanwhile).
    public func write(toNewPath path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let full = url.path
        if Keypair.isInsideSolanaConfig(full) {
            throw ChainError.keypair(path: path, reason: "refusing to write inside ~/.config/solana/ (osvm never touches the Solana CLI's files)")
        }
        if FileManager.default.fileExists(atPath: full) || (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil {
            throw ChainError.keypair(path: path, reason: "already exists; refusing to overwrite")
        }
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ChainError.keypair(path: path, reason: "directory \(dir) does not exist")
        }
        let tmp = dir + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ChainError.keypair(path: path, reason: "cannot create file: \(String(cString: strerror(errno)))")
        }
        let bytes = Array((fileText + "\n").utf8)
        var ok = true
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { if errno == EINTR { continue }; ok = false; break }
                off += n
            }
        }
        if ok { ok = fsync(fd) == 0 }
        close(fd)
        guard ok else {
            unlink(tmp)
            throw ChainError.keypair(path: path, reason: "write failed: \(String(cString: strerror(errno)))")
        }
        if link(tmp, full) != 0 {
            let e = errno
            unlink(tmp)
            if e == EEXIST { throw ChainError.keypair(path: path, reason: "already exists; refusing to overwrite") }
            throw ChainError.keypair(path: path, reason: "cannot create file: \(String(cString: strerror(e)))")
        }
        unlink(tmp)
    }

    /// Whether `fullPath` is `~/.config/solana` or inside it (symlinks resolved).
    public static func isInsideSolanaConfig(_ fullPath: String, home: String? = nil) -> Bool {
        let home = home ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let solana = URL(fileURLWithPath: home).appendingPathComponent(".config/solana").standardizedFileURL.path
        let resolved = URL(fileURLWithPath: fullPath).resolvingSymlinksInPath().path
        for p in [fullPath, resolved] where p == solana || p.hasPrefix(solana + "/") { return true }
        return false
    }
}
