import Chain
import Foundation
import OVSMKit

/// The assistant's read-only Solana RPC tools, generated from `RPCMethodTable` (get_balance,
/// get_account, get_transaction, get_signatures, get_slot, get_epoch): each maps the model's
/// arguments onto its OVSM builtin, so it sends the params a script would. Results go back
/// to the model as the node's JSON `result`, checked against the table's result shape.
///
///     let tools = ChainTools.make(rpcURL: "http://127.0.0.1:8899")
public enum ChainTools {
    public static func make(rpcURL: String, timeout: Double = 30) -> [AgentTool] {
        let client: RPCClient
        do { client = try RPCClient(url: rpcURL, timeout: timeout, maxRetries: 1) } catch {
            return []
        }
        // Tools run without asking the user: only read methods may become one.
        return RPCMethodTable.tools.filter { $0.method.access == .read }.map { entry in
            let spec = entry.tool
            return AgentTool(name: spec.name, description: spec.description, parameters: schema(spec),
                             timeout: timeout + 5) { args in
                let request = try self.request(spec, args)
                let v = try await client.call(request.method, request.params)
                // A broken node's answer is an error the model sees as one, not data it reasons about.
                try RPCResultShape.check(method: request.method, v)
                return try OVSMKit.JSON.stringify(v)
            }
        }
    }

    /// The JSON-RPC method and params a call of `spec` with the model's `args` sends.
    public static func request(_ spec: RPCToolSpec, _ args: JSONValue) throws -> (method: String, params: [Value]) {
        var builtinArgs: [Value] = []
        for p in spec.params {
            let given = args[p.name]
            let value: Value
            switch p.kind {
            case .pubkey, .signature:
                guard let s = given?.stringValue else {
                    if !p.required { continue }
                    throw ToolFailure("\(spec.name) needs string argument '\(p.name)'")
                }
                if p.kind == .pubkey { _ = try Pubkey(s) } else { _ = try Signature(s, what: "signature") }
                value = .string(s)
            case .integer(let range, let fallback):
                value = .int(min(max(given?.intValue ?? fallback, range.lowerBound), range.upperBound))
            }
            builtinArgs += [.kw(p.keyword), value]
        }
        let r = try RPCMethodTable.request(builtin: spec.builtin, args: builtinArgs)
        guard case .array(let params) = r.params else { return (r.method, []) }
        return (r.method, params)
    }

    /// The tool's JSON Schema, as the model API wants it.
    static func schema(_ spec: RPCToolSpec) -> JSONValue {
        (try? JSONValue.parse(OVSMKit.JSON.stringify(spec.schema))) ?? ["type": "object", "properties": [:]]
    }
}
