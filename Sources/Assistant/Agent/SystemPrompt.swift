import OVSMKit

/// The assistant's system prompt, one text for `osvm chat`/`ask` and the workbench's chat
/// pane. The chain tools it names come from the one RPC method table, so a tool added
/// there is announced to the model without editing prose in two places.
public enum SystemPrompt {
    /// `host` names where the assistant lives ("osvm", "osvm-tui").
    public static func text(host: String) -> String {
        let tools = RPCMethodTable.tools.map(\.tool.name).joined(separator: ", ")
        return "You are the assistant inside \(host), a Solana terminal workbench. Answer concisely in Markdown. "
            + "You can call tools: read-only Solana RPC (\(tools)), run_ovsm to run OVSM (a Lisp dialect: "
            + "(+ 1 2), (define x 5), (getBalance \"ADDR\")) and MCP server tools. When you propose an OVSM "
            + "script for the user, put it in a ```ovsm fenced block."
    }
}
