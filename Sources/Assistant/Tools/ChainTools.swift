import Chain
import Foundation
import OVSMKit

/// Read-only Solana RPC tools: get_balance, get_account, get_transaction, get_signatures,
/// get_slot, get_epoch. Results go back to the model as the node's JSON `result`.
///
///     let tools = ChainTools.make(rpcURL: "http://127.0.0.1:8899")
public enum ChainTools {
    public static func make(rpcURL: String, timeout: Double = 30) -> [AgentTool] {
        let client: RPCClient
        do { client = try RPCClient(url: rpcURL, timeout: timeout, maxRetries: 1) } catch {
            return []
        }
        let address: JSONValue = ["type": "object", "required": ["address"],
                                  "properties": ["address": ["type": "string", "description": "base58 account address"]]]
        let none: JSONValue = ["type": "object", "properties": [:]]
        func tool(_ name: String, _ desc: String, _ params: JSONValue,
                  _ build: @escaping @Sendable (JSONValue) throws -> (String, [Value])) -> AgentTool {
            AgentTool(name: name, description: desc, parameters: params, timeout: timeout + 5) { args in
                let (method, p) = try build(args)
                let v = try await client.call(method, p)
                // The same result shapes the OVSM builtins enforce: a broken node's answer
                // is an error the model sees as one, not data it reasons about.
                try RPCResultShape.check(method: method, v)
                return try OVSMKit.JSON.stringify(v)
            }
        }
        return [
            tool("get_balance", "SOL balance of an address in lamports (1 SOL = 1e9 lamports).", address) { a in
                ("getBalance", [.string(try pubkey(a))])
            },
            tool("get_account", "Account info (owner, lamports, data as base64, executable) of an address.", address) { a in
                ("getAccountInfo", [.string(try pubkey(a)), obj([("encoding", .string("base64"))])])
            },
            tool("get_transaction", "A confirmed transaction by signature (json encoding).",
                 ["type": "object", "required": ["signature"],
                  "properties": ["signature": ["type": "string", "description": "base58 transaction signature"]]]) { a in
                guard let s = a["signature"]?.stringValue else { throw ToolFailure("get_transaction needs 'signature'") }
                _ = try Signature(s, what: "signature")
                return ("getTransaction", [.string(s), obj([("encoding", .string("json")), ("maxSupportedTransactionVersion", .int(0))])])
            },
            tool("get_signatures", "Recent transaction signatures for an address, newest first.",
                 ["type": "object", "required": ["address"],
                  "properties": ["address": ["type": "string"], "limit": ["type": "integer", "description": "1-100, default 10"]]]) { a in
                let limit = min(max(a["limit"]?.intValue ?? 10, 1), 100)
                return ("getSignaturesForAddress", [.string(try pubkey(a)), obj([("limit", .int(limit))])])
            },
            tool("get_slot", "The current slot of the cluster.", none) { _ in ("getSlot", []) },
            tool("get_epoch", "Epoch info: epoch, slotIndex, slotsInEpoch, absoluteSlot.", none) { _ in ("getEpochInfo", []) },
        ]
    }

    private static func pubkey(_ args: JSONValue) throws -> String {
        guard let s = args["address"]?.stringValue else { throw ToolFailure("missing string argument 'address'") }
        return try Pubkey(s).base58
    }

    private static func obj(_ pairs: [(String, Value)]) -> Value { .object(OVSMObject(pairs)) }
}
