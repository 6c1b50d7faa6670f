import Foundation
import OSVMSettings
import OVSMKit

/// The keypairs of a deploy in progress, kept in a 0600 file under
/// `~/.config/osvm/program-buffers/` so that the same command, run again after an
/// interruption, finds its buffer (and the program keypair it generated) and resumes.
/// The file is named by a hash of the program bytes, the payer and the `--program-id`,
/// and removed when the deploy succeeds.
public struct DeployRecord: Sendable {
    public var buffer: Keypair
    public var program: Keypair?

    public init(buffer: Keypair, program: Keypair?) { self.buffer = buffer; self.program = program }

    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (environment["HOME"] ?? NSHomeDirectory()) + "/.config/osvm/program-buffers"
    }

    /// The record file of this (program bytes, payer, --program-id) combination.
    public static func path(program: [UInt8], payer: Pubkey, programIdArgument: String?, directory: String = directory()) -> String {
        let key = SHA2.sha256(program + payer.bytes + Array((programIdArgument ?? "<new>").utf8))
        return directory + "/" + Hex.encode(Array(key.prefix(12))) + ".json"
    }

    public static func load(_ path: String) throws -> DeployRecord? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), case .object(let o)? = try? JSON.parse(text),
              let b = o["buffer"] else {
            throw ChainError.config("\(path) is not a deploy record; remove it to start over")
        }
        let buffer = try Keypair.parse(text: try JSON.stringify(b), path: path)
        var program: Keypair? = nil
        if let p = o["program"], p != .null { program = try Keypair.parse(text: try JSON.stringify(p), path: path) }
        return DeployRecord(buffer: buffer, program: program)
    }

    public func save(_ path: String) throws {
        var o = OVSMObject()
        o["buffer"] = .array(buffer.secretKey.map { .int(Int($0)) })
        o["program"] = program.map { .array($0.secretKey.map { .int(Int($0)) }) } ?? .null
        o["bufferAddress"] = .string(buffer.pubkey.base58)
        o["programAddress"] = program.map { .string($0.pubkey.base58) } ?? .null
        do { try AtomicFile.write(Data((try JSON.stringify(.object(o)) + "\n").utf8), to: path, mode: 0o600) } catch {
            throw ChainError.config("cannot write \(path): \(error)")
        }
    }
}
