import Foundation
import OSVMSettings

/// What `osvm rpc devnet` wrote when it started the node (`node.json`): enough for
/// `--status`, `--logs` and `--stop` to find it again without guessing.
public struct DevnetNodeRecord: Codable, Sendable, Equatable {
    public var pid: Int32
    public var rpcPort: Int
    public var rpcBindAddress: String
    public var ledger: String
    public var log: String
    public var identity: String
    public var executable: String
    public var arguments: [String]
    /// ISO 8601, UTC.
    public var startedAt: String

    /// The RPC URL to use from this machine (a node bound to 0.0.0.0 answers on 127.0.0.1 too).
    public var localRPCURL: String {
        let host = rpcBindAddress == "0.0.0.0" ? "127.0.0.1" : rpcBindAddress
        return "http://\(host):\(rpcPort)"
    }

    static func read(_ path: String) -> DevnetNodeRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(DevnetNodeRecord.self, from: data)
    }

    func write(_ path: String) throws(DeployError) {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try AtomicFile.write(try enc.encode(self) + Data("\n".utf8), to: path)
        } catch let e as SettingsError {
            throw .local("cannot write \(path): \(e)")
        } catch {
            throw .local("cannot write \(path): \(error)")
        }
    }
}

/// The pid file: the process id and a newline.
enum PidFile {
    static func read(_ path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func write(_ pid: pid_t, to path: String) throws(DeployError) {
        do { try AtomicFile.write(Data("\(pid)\n".utf8), to: path, mode: 0o644) } catch {
            throw .local("cannot write \(path): \(error)")
        }
    }
}
