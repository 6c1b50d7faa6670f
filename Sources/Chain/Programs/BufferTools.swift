import Foundation
import OVSMKit

/// Finding and closing loader-v3 buffers (reclaiming their rent).
public enum BufferTools {
    public struct BufferAccount: Sendable {
        public var address: Pubkey
        public var lamports: UInt64
    }

    /// Buffers whose authority is `authority` (getProgramAccounts on the loader, filtered on
    /// the Buffer tag and the authority; no data downloaded).
    public static func find(rpc: RPCClient, authority: Pubkey, commitment: Commitment = .confirmed) async throws -> [BufferAccount] {
        let prefix: [UInt8] = [1, 0, 0, 0, 1] + authority.bytes   // Buffer variant, Some(authority)
        let filter: Value = .object(OVSMObject([("memcmp", .object(OVSMObject([("offset", .int(0)), ("bytes", .string(Base58.encode(prefix)))])))]))
        let cfg: Value = .object(OVSMObject([("encoding", .string("base64")), ("commitment", .string(commitment.rawValue)),
                                            ("dataSlice", .object(OVSMObject([("offset", .int(0)), ("length", .int(0))]))),
                                            ("filters", .array([filter]))]))
        let v = try await rpc.call("getProgramAccounts", [.string(UpgradeableLoader.id.base58), cfg])
        guard case .array(let items) = v else { throw RPCError(method: "getProgramAccounts", kind: .unexpectedResult("expected an array")) }
        return try items.map { item in
            guard case .object(let o) = item, case .string(let key)? = o["pubkey"], case .object(let acct)? = o["account"],
                  case .int(let lamports)? = acct["lamports"], lamports >= 0 else {
                throw RPCError(method: "getProgramAccounts", kind: .unexpectedResult("an entry without pubkey/account.lamports"))
            }
            return BufferAccount(address: try Pubkey(key, what: "pubkey"), lamports: UInt64(lamports))
        }
    }

    /// Closes `buffer` (authority signs), sending its lamports to `recipient`; returns the
    /// signature and the lamports reclaimed.
    public static func close(rpc: RPCClient, buffer: Pubkey, authority: Keypair, payer: Keypair, recipient: Pubkey,
                             commitment: Commitment = .confirmed) async throws -> (Signature, UInt64) {
        guard let acct = try await rpc.getAccountInfo(buffer, commitment: commitment) else {
            throw ProgramDeployError.invalid("buffer \(buffer) does not exist (already closed?)")
        }
        guard acct.owner == UpgradeableLoader.id, case .buffer(let auth)? = try? UpgradeableLoader.State(decoding: acct.data) else {
            throw ProgramDeployError.invalid("\(buffer) is not a loader buffer (owner \(acct.owner))")
        }
        guard auth == authority.pubkey else {
            throw ProgramDeployError.invalid("buffer \(buffer) belongs to authority \(auth.map(\.base58) ?? "none"), not \(authority.pubkey)")
        }
        let ix = UpgradeableLoader.closeBuffer(buffer: buffer, recipient: recipient, authority: authority.pubkey)
        let deployer = ProgramDeployer(rpc: rpc, payer: payer, authority: authority)
        let sig = try await deployer.send([ix], signers: [payer, authority], what: "closing buffer \(buffer)")
        return (sig, acct.lamports)
    }
}
