import Foundation
import Testing

/// The built `osvm` against a recording JSON-RPC server on 127.0.0.1, HOME a temp dir.
@Suite(.serialized) struct CLISettingsTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: osvmBinary), "build osvm first: \(osvmBinary)")
    }

    /// The issue's security case: with CRLF line ends the old parser read the whole file as
    /// one `rpc_url` and sent the AI key to the RPC server in the request path.
    @Test func crlfConfigNeverSendsTheAIKeyToTheRPCServer() throws {
        let server = try RecordingRPCServer()
        let home = TempHome()
        let yaml = "# osvm\r\nrpc_url: http://127.0.0.1:\(server.port)\r\nai:\r\n  key: sk-SECRET\r\n  model: m\r\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: home.config))
        let slot = try osvm(["rpc", "slot"], home: home.path)
        #expect(slot.status == 0, "\(slot.stderr)")
        #expect(slot.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4242")
        let eval = try osvm(["ovsm", "eval", "(getSlot)"], home: home.path)
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("4242"))
        let log = server.requests
        #expect(log.split(separator: "\n").count >= 2)
        #expect(log.contains("\"path\": \"/\""))
        #expect(!log.contains("sk-SECRET"))
        #expect(!(slot.stdout + slot.stderr + eval.stdout + eval.stderr).contains("sk-SECRET"))
    }

    @Test func rpcHealthRedactsCredentials() throws {
        let server = try RecordingRPCServer()
        let home = TempHome()
        let r = try osvm(["rpc", "health", "-u", "http://user:pw@127.0.0.1:\(server.port)/?api-key=XYZ"], home: home.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok"))
        #expect(r.stdout.contains("127.0.0.1:\(server.port)"))
        #expect(!(r.stdout + r.stderr).contains("pw") && !(r.stdout + r.stderr).contains("XYZ"))
    }

    @Test func badRPCValuesAreUsageErrorsNamingTheirOrigin() throws {
        let home = TempHome()
        var r = try osvm(["rpc", "slot", "-u", ""], home: home.path)
        #expect(r.status == 2 && r.stderr.contains("--url is empty"), "\(r.stderr)")
        r = try osvm(["rpc", "slot", "-u", "mainnett"], home: home.path)
        #expect(r.status == 2 && r.stderr.contains("unknown cluster 'mainnett' (from flag --url)"), "\(r.stderr)")
        r = try osvm(["rpc", "slot"], home: home.path, env: ["OSVM_RPC_URL": "htp:/x"])
        #expect(r.status == 2 && r.stderr.contains("env OSVM_RPC_URL"), "\(r.stderr)")
        try Data("# c\nrpc_url: 'not a url'\n".utf8).write(to: URL(fileURLWithPath: home.config))
        r = try osvm(["rpc", "slot"], home: home.path)
        #expect(r.status == 2 && r.stderr.contains(home.config + ":2 (rpc_url)"), "\(r.stderr)")
        // OVSM commands no longer fall back to "offline" on a bad value.
        r = try osvm(["ovsm", "eval", "(+ 1 2)", "-u", "bogus"], home: home.path)
        #expect(r.status == 2 && r.stderr.contains("unknown cluster 'bogus'"), "\(r.stderr)")
        r = try osvm(["ovsm", "eval", "(+ 1 2)", "--url", ""], home: home.path)
        #expect(r.status == 2 && r.stderr.contains("--url is empty"), "\(r.stderr)")
        // The workbench checks before it takes the screen.
        let tui = URL(fileURLWithPath: osvmBinary).deletingLastPathComponent().appendingPathComponent("osvm-tui").path
        if FileManager.default.isExecutableFile(atPath: tui) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tui)
            p.arguments = ["-u", ""]
            p.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "TERM": "dumb"]
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 2 && text.contains("--url is empty"), "\(text)")
        }
        // A broken YAML file names file:line:column.
        try Data("rpc_url: devnet\nai:\n\tkey: x\n".utf8).write(to: URL(fileURLWithPath: home.config))
        r = try osvm(["rpc", "slot"], home: home.path)
        #expect(r.status == 2 && r.stderr.contains(home.config + ":3:1: tab in indentation"), "\(r.stderr)")
    }

    @Test func configShowPrintsOriginsAndRedacts() throws {
        let home = TempHome()
        let yaml = "\u{FEFF}json_rpc_url: http://alice:hunter2@127.0.0.1:1/?api-key=XYZ\r\nai:\r\n  key: sk-proj-0123456789abcd\r\ncolour: red\r\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: home.config))
        let r = try osvm(["config", "show"], home: home.path, env: ["OPENAI_MODEL": "env-model"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rpc_url") && r.stdout.contains(home.config + ":1 (json_rpc_url)"))
        #expect(r.stdout.contains("sk-…abcd") && r.stdout.contains(home.config + ":3 (ai.key)"))
        #expect(r.stdout.contains("env-model") && r.stdout.contains("env OPENAI_MODEL"))
        #expect(r.stdout.contains("commitment") && r.stdout.contains("default"))
        #expect(r.stderr.contains("warning: " + home.config + ":4: unknown key 'colour' (ignored)"))
        for secret in ["hunter2", "XYZ", "0123456789"] { #expect(!(r.stdout + r.stderr).contains(secret)) }

        let j = try osvm(["config", "show", "--json", "-u", "devnet"], home: home.path)
        #expect(j.status == 0, "\(j.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let settings = try #require(root["settings"] as? [String: [String: Any]])
        #expect(settings["rpc_url"]?["origin"] as? String == "flag")
        #expect(settings["rpc_url"]?["value"] as? String == "https://api.devnet.solana.com")
        #expect(settings["ai.key"]?["origin"] as? String == "file")
        #expect(settings["ai.key"]?["line"] as? Int == 3)
        #expect(settings["keypair_path"]?["origin"] as? String == "unset")
        // The unknown key, and the key in a file others can read (written 0644 above).
        #expect((root["warnings"] as? [String])?.count == 2)
        #expect(r.stderr.contains("holds an API key ('ai.key') but has mode 0644"))
        #expect(!j.stdout.contains("0123456789"))
    }

    @Test func configShowListsEveryBadValueAndExits2() throws {
        let home = TempHome()
        try Data("rpc_url: moon\ncommitment: fast\n".utf8).write(to: URL(fileURLWithPath: home.config))
        let r = try osvm(["config", "show"], home: home.path)
        #expect(r.status == 2)
        #expect(r.stdout.contains("rpc_url        error: unknown cluster 'moon' (from \(home.config):1 (rpc_url))"), "\(r.stdout)")
        #expect(r.stdout.contains("commitment     error: invalid commitment 'fast' (from \(home.config):2 (commitment))"))
        #expect(r.stdout.contains("ai.model       llama3.2"))
        let j = try osvm(["config", "show", "--json"], home: home.path)
        #expect(j.status == 2)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let settings = try #require(root["settings"] as? [String: [String: Any]])
        #expect(settings["rpc_url"]?["origin"] as? String == "error")
        #expect(settings["ai.model"]?["origin"] as? String == "default")
    }

    @Test func mcpCommandsKeepModeAndUnknownKeys() throws {
        let home = TempHome()
        let path = home.path + "/.config/osvm/mcp_servers.json"
        let original = #"""
        {"x-editor": {"theme": "dark"}, "mcpServers": {"web": {"url": "http://127.0.0.1:1/mcp",
         "headers": {"Authorization": "Bearer tok"}, "timeout": 30, "description": "keep me"}}}
        """#
        _ = try home.write(".config/osvm/mcp_servers.json", original, mode: 0o600)
        for args in [["mcp", "add", "local", "--", "python3", "server.py"], ["mcp", "disable", "web"],
                     ["mcp", "enable", "web"], ["mcp", "remove", "local"]] {
            let r = try osvm(args, home: home.path)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(fileMode(path) == 0o600, "\(args) changed the mode")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            #expect((root["x-editor"] as? [String: String]) == ["theme": "dark"], "\(args) dropped a top-level key")
            let web = try #require((root["mcpServers"] as? [String: [String: Any]])?["web"])
            #expect(web["timeout"] as? Int == 30 && web["description"] as? String == "keep me", "\(args) dropped a server key")
            #expect((web["headers"] as? [String: String])?["Authorization"] == "Bearer tok")
        }
        let list = try osvm(["mcp", "list"], home: home.path)
        #expect(list.status == 0 && list.stdout.contains("web"))
        // A fresh file is created 0600.
        let fresh = TempHome()
        #expect(try osvm(["mcp", "add", "w", "http://127.0.0.1:1/mcp"], home: fresh.path).status == 0)
        #expect(fileMode(fresh.path + "/.config/osvm/mcp_servers.json") == 0o600)
    }

    @Test func worldReadableKeypairWarns() throws {
        let server = try RecordingRPCServer()
        let home = TempHome()
        let key = "[" + (0..<64).map { _ in "1" }.joined(separator: ",") + "]"
        let open = try home.write("keys/open.json", key, mode: 0o644)
        let r = try osvm(["balance", "--keypair", open, "-u", "http://127.0.0.1:\(server.port)"], home: home.path)
        #expect(r.stderr.contains("UNPROTECTED PRIVATE KEY FILE") && r.stderr.contains(open), "\(r.stderr)")
        let closed = try home.write("keys/closed.json", key, mode: 0o600)
        let q = try osvm(["balance", "--keypair", closed, "-u", "http://127.0.0.1:\(server.port)"], home: home.path)
        #expect(!q.stderr.contains("UNPROTECTED"), "\(q.stderr)")
    }
}
