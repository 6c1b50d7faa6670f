import Foundation
import OSVMSettings
import Testing

@Suite struct ConfigFileTests {
    func parse(_ text: String) throws -> ConfigFile { try ConfigFile.parse(Data(text.utf8), path: "/h/config.yml") }

    @Test func crlfLinesAreSeparateKeys() throws {
        let f = try parse("rpc_url: http://127.0.0.1:9\r\nai:\r\n  key: sk-SECRET\r\n  model: m\r\n")
        #expect(f.entries["rpc_url"]?.value == "http://127.0.0.1:9")
        #expect(f.entries["rpc_url"]?.line == 1)
        #expect(f.entries["ai.key"]?.value == "sk-SECRET")
        #expect(f.entries["ai.key"]?.line == 3)
        #expect(f.entries["ai.model"]?.line == 4)
        #expect(f.warnings.isEmpty)
    }

    @Test func bareCarriageReturnsAndBOM() throws {
        let f = try ConfigFile.parse(Data([0xEF, 0xBB, 0xBF]) + Data("commitment: finalized\rkeypair: ~/k.json\r".utf8), path: "c")
        #expect(f.entries["commitment"]?.value == "finalized")
        #expect(f.entries["keypair"]?.value == "~/k.json")
        #expect(f.entries["keypair"]?.line == 2)
    }

    @Test func tabIndentationIsAnErrorWithLine() throws {
        #expect(throws: SettingsError("/h/config.yml:3:1: tab in indentation (YAML indents with spaces)")) {
            try parse("# c\nai:\n\tkey: x\n")
        }
        // A tab after the colon is fine.
        #expect(try parse("rpc_url:\tdevnet\n").entries["rpc_url"]?.value == "devnet")
    }

    @Test func unknownKeysWarnWithFileAndLine() throws {
        let f = try parse("rpc_url: devnet\ncolour: red\nai:\n  url: http://h/v1\n  temperature: 2\nwebsocket_url: ''\naddress_labels:\n  \"111\": System\n")
        #expect(f.warnings == ["/h/config.yml:2: unknown key 'colour' (ignored)",
                               "/h/config.yml:5: unknown key 'ai.temperature' (ignored)"])
        #expect(f.entries["ai.url"]?.value == "http://h/v1")
    }

    @Test func badShapesAreErrorsWithLine() throws {
        #expect(throws: SettingsError("/h/config.yml:2: 'rpc_url' must be a single value, not a list or block")) {
            try parse("# x\nrpc_url:\n  - a\n")
        }
        #expect(throws: SettingsError("/h/config.yml:1: 'ai' must be a block of indented url/key/model lines")) {
            try parse("ai: sk-123\n")
        }
        #expect(throws: SettingsError("/h/config.yml:1: expected 'key: value' lines")) { try parse("- a\n- b\n") }
        do { _ = try parse("rpc_url: devnet\nrpc_url: testnet\n"); Issue.record("duplicate accepted") } catch {
            #expect("\(error)".hasPrefix("/h/config.yml:") && "\(error)".contains("duplicate key 'rpc_url'"))
        }
        do { _ = try parse("rpc_url: \"devnet\nkey: 1\n"); Issue.record("unterminated quote accepted") } catch {
            #expect("\(error)".hasPrefix("/h/config.yml:"))
        }
        #expect(throws: SettingsError("c: not UTF-8 text")) { try ConfigFile.parse(Data([0x72, 0xFF, 0x3A]), path: "c") }
    }

    @Test func quotesCommentsAndEmptyFile() throws {
        let f = try parse("---\n# only\nrpc_url: 'http://a:1/x' # comment\nai_key: \"k # not a comment\"\n")
        #expect(f.entries["rpc_url"]?.value == "http://a:1/x")
        #expect(f.entries["ai_key"]?.value == "k # not a comment")
        #expect(try parse("# nothing\n").entries.isEmpty)
        #expect(try parse("").entries.isEmpty)
    }
}

@Suite struct SettingsResolutionTests {
    func settings(_ yaml: String?, flags: Settings.Flags = .init(), env: [String: String] = [:]) throws -> Settings {
        let home = TempHome()
        if let yaml { try Data(yaml.utf8).write(to: URL(fileURLWithPath: home.config)) }
        var e = env
        e["HOME"] = home.path
        let s = try Settings.load(flags: flags, environment: e)
        return Settings(flags: s.flags, environment: s.environment, configPath: "/c.yml", file: s.file)
    }

    @Test func precedenceAndOrigins() throws {
        let yaml = "json_rpc_url: devnet\nkeypair_path: ~/k.json\ncommitment: processed\nai:\n  url: http://file/v1\n  key: sk-file\n"
        var s = try settings(yaml)
        #expect(try s.rpcURL() == Setting("https://api.devnet.solana.com", .file(path: "/c.yml", line: 1, key: "json_rpc_url")))
        #expect(try s.keypairPath()?.value.hasSuffix("/k.json") == true)
        #expect(try s.keypairPath()?.value.hasPrefix("~") == false)
        #expect(try s.commitment() == Setting("processed", .file(path: "/c.yml", line: 3, key: "commitment")))
        #expect(try s.aiKey() == Setting("sk-file", .file(path: "/c.yml", line: 6, key: "ai.key")))
        #expect(try s.aiModel() == Setting("llama3.2", .defaultValue))

        s = try settings(yaml, env: ["OSVM_RPC_URL": "testnet", "OPENAI_KEY": "sk-env", "OSVM_COMMITMENT": ""])
        #expect(try s.rpcURL() == Setting("https://api.testnet.solana.com", .environment("OSVM_RPC_URL")))
        #expect(try s.aiKey()?.origin == .environment("OPENAI_KEY"))
        #expect(try s.commitment().origin.kind == "file")   // an empty variable counts as unset

        s = try settings(yaml, flags: .init(url: "http://127.0.0.1:9", aiKey: "sk-flag"), env: ["OSVM_RPC_URL": "testnet"])
        #expect(try s.rpcURL() == Setting("http://127.0.0.1:9", .flag("--url")))
        #expect(try s.aiKey()?.value == "sk-flag")

        s = try settings(nil)
        #expect(try s.rpcURL() == Setting(RPCEndpoint.mainnet, .defaultValue))
        #expect(try s.keypairPath() == nil)
        #expect(s.file == nil)
        // Our key wins over the Solana CLI's when both are present.
        #expect(try settings("json_rpc_url: devnet\nrpc_url: testnet\n").rpcURL().value == RPCEndpoint.testnet)
        #expect(try settings("ai_model: flat\n").aiModel().value == "flat")
    }

    @Test func prometheusURLFollowsThePrecedence() throws {
        #expect(try settings(nil).prometheusURL(flag: nil) == nil)
        let file = try settings("prometheus_url: http://127.0.0.1:9090\n")
        #expect(try file.prometheusURL(flag: nil)?.value == "http://127.0.0.1:9090")
        #expect(try file.prometheusURL(flag: nil)?.origin.source == .configFile)
        let env = try settings("prometheus_url: http://127.0.0.1:9090\n", env: ["OSVM_PROMETHEUS_URL": "http://10.0.0.1:9090"])
        #expect(try env.prometheusURL(flag: nil)?.value == "http://10.0.0.1:9090")
        #expect(try env.prometheusURL(flag: "http://[::1]:9091")?.origin == .flag("--prometheus"))
        #expect(throws: SettingsError.self) { try settings("prometheus_url: prom:9090\n").prometheusURL(flag: nil) }
    }

    @Test func badValuesNameTheirOrigin() throws {
        #expect(throws: SettingsError("--url is empty: give a value or leave the flag out")) {
            try settings(nil, flags: .init(url: "")).rpcURL()
        }
        #expect(throws: SettingsError("unknown cluster 'mainnett' (from flag --url): expected mainnet, devnet, testnet, localnet or an http(s) URL")) {
            try settings(nil, flags: .init(url: "mainnett")).rpcURL()
        }
        #expect(throws: SettingsError("invalid RPC URL 'ftp://h' (from env OSVM_RPC_URL): scheme 'ftp' is not http or https")) {
            try settings(nil, env: ["OSVM_RPC_URL": "ftp://h"]).rpcURL()
        }
        #expect(throws: SettingsError("invalid RPC URL 'http://' (from /c.yml:2 (rpc_url)): no host in the URL")) {
            try settings("# c\nrpc_url: 'http://'\n").rpcURL()
        }
        #expect(throws: SettingsError("/c.yml:1: 'rpc_url' has no value (remove the line or give a value)")) {
            try settings("rpc_url:\n").rpcURL()
        }
        #expect(throws: SettingsError("invalid commitment 'fast' (from /c.yml:1 (commitment)): expected processed, confirmed or finalized")) {
            try settings("commitment: fast\n").commitment()
        }
        #expect(throws: SettingsError("invalid AI URL 'nope' (from flag --ai-url): expected an http(s) URL")) {
            try settings(nil, flags: .init(aiURL: "nope")).aiURL()
        }
        // Only the winning value is checked: a bad file value under a flag is not used.
        #expect(try settings("rpc_url: nonsense\n", flags: .init(url: "devnet")).rpcURL().value == RPCEndpoint.devnet)
        // The echoed bad value is redacted.
        do { _ = try settings(nil, flags: .init(url: "http://u:pw@:1/?api-key=XYZ")).rpcURL() } catch {
            #expect(!"\(error)".contains("pw") && !"\(error)".contains("XYZ"))
        }
    }
}

@Suite struct RedactTests {
    @Test func urls() {
        #expect(Redact.url("http://user:pw@127.0.0.1:8899/?api-key=XYZ") == "http://***@127.0.0.1:8899/?api-key=***")
        #expect(Redact.url("https://mainnet.helius-rpc.com/?api-key=abc&x") == "https://mainnet.helius-rpc.com/?api-key=***&x")
        #expect(Redact.url("https://solana-mainnet.g.alchemy.com/v2/AbCdEf0123456789xyzQWERTY") == "https://solana-mainnet.g.alchemy.com/v2/***")
        #expect(Redact.url("https://api.devnet.solana.com") == "https://api.devnet.solana.com")
        #expect(Redact.url("http://127.0.0.1:11434/v1") == "http://127.0.0.1:11434/v1")
        #expect(!Redact.url("not a url user:pw@host?token=XYZ").contains("XYZ"))
        #expect(!Redact.url("not a url user:pw@host?token=XYZ").contains("pw"))
    }

    @Test func secrets() {
        #expect(Redact.secret("sk-proj-0123456789abcd") == "sk-…abcd")
        #expect(Redact.secret("short") == "<set>")
    }
}

@Suite struct FileHygieneTests {
    @Test func atomicWriteIs0600AndNeverWidens() throws {
        let home = TempHome()
        let p = home.path + "/new/dir/secret.json"
        try AtomicFile.write(Data("a".utf8), to: p)
        #expect(fileMode(p) == 0o600)
        #expect(fileMode(home.path + "/new/dir") == 0o700)
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: p)
        try AtomicFile.write(Data("b".utf8), to: p)
        #expect(fileMode(p) == 0o400)   // a stricter mode survives
        #expect(try String(contentsOfFile: p, encoding: .utf8) == "b")
        let wide = try home.write("wide.txt", "x", mode: 0o644)
        try AtomicFile.write(Data("y".utf8), to: wide)
        #expect(fileMode(wide) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.path + "/new/dir")
        #expect(leftovers == ["secret.json"])
    }

    @Test func symlinkedFileIsWrittenThroughTheLink() throws {
        let home = TempHome()
        let real = try home.write("dotfiles/mcp_servers.json", "{}", mode: 0o600)
        let link = home.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try AtomicFile.write(Data("{\"a\":1}".utf8), to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "{\"a\":1}")
    }

    @Test func documentsKeepTheirMode() throws {
        let home = TempHome()
        let script = try home.write("run.ovsm", "(+ 1 2)", mode: 0o755)
        try AtomicFile.writeDocument(Data("(+ 2 3)".utf8), to: script)
        #expect(fileMode(script) == 0o755)
        #expect(try String(contentsOfFile: script, encoding: .utf8) == "(+ 2 3)")
        let fresh = home.path + "/new.ovsm"
        try AtomicFile.writeDocument(Data("x".utf8), to: fresh)
        #expect(fileMode(fresh) & 0o600 == 0o600)
    }

    @Test func appendNarrowsAndKeepsContent() throws {
        let home = TempHome()
        let p = try home.write("log.jsonl", "one\n", mode: 0o644)
        let h = try PrivateFile.openForAppending(p)
        h.write(Data("two\n".utf8))
        try h.close()
        #expect(fileMode(p) == 0o600)
        #expect(try String(contentsOfFile: p, encoding: .utf8) == "one\ntwo\n")
        let fresh = home.path + "/state/chats/x.jsonl"
        try PrivateFile.openForAppending(fresh).close()
        #expect(fileMode(fresh) == 0o600)
    }

    @Test func unprotectedKeyWarning() throws {
        let home = TempHome()
        let open = try home.write("id.json", "[]", mode: 0o644)
        let warning = try #require(PrivateFile.unprotectedWarning(open))
        #expect(warning.contains("UNPROTECTED PRIVATE KEY FILE") && warning.contains(open) && warning.contains("0644"))
        let closed = try home.write("ok.json", "[]", mode: 0o600)
        #expect(PrivateFile.unprotectedWarning(closed) == nil)
    }

    @Test func configWithAKeyReadableByOthersWarns() throws {
        let home = TempHome()
        try Data("ai:\n  key: sk-x\n".utf8).write(to: URL(fileURLWithPath: home.config))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: home.config)
        var s = try Settings.load(environment: ["HOME": home.path])
        #expect(s.warnings == ["\(home.config):2: holds an API key ('ai.key') but has mode 0644; run: chmod 600 \(home.config)"])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home.config)
        s = try Settings.load(environment: ["HOME": home.path])
        #expect(s.warnings.isEmpty)
    }

    @Test func childEnvironmentKeepsOnlyTheAllowlist() {
        let parent = ["PATH": "/bin", "HOME": "/h", "LANG": "C", "LC_ALL": "C", "TERM": "xterm", "TMPDIR": "/t", "USER": "u",
                      "OPENAI_KEY": "sk-SECRET", "OSVM_RPC_URL": "http://u:p@h", "AWS_SECRET_ACCESS_KEY": "x"]
        let env = ChildEnvironment.minimal(from: parent, adding: ["TOKEN": "declared"])
        #expect(env == ["PATH": "/bin", "HOME": "/h", "LANG": "C", "LC_ALL": "C", "TERM": "xterm", "TMPDIR": "/t", "USER": "u",
                        "TOKEN": "declared"])
    }
}
