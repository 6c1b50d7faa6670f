import Assistant
import Foundation
import OSVMSettings
import Testing

struct ConfigAndLogTests {
    @Test func precedenceFlagsEnvFileDefault() throws {
        let home = try makeTempHome()
        var env = ["HOME": home]
        var cfg = try AIConfig.resolve(environment: env)
        #expect(cfg.url == AIConfig.defaultURL)
        #expect(cfg.urlSource == .defaults)
        try FileManager.default.createDirectory(atPath: home + "/.config/osvm", withIntermediateDirectories: true)
        try """
        rpc_url: devnet
        ai:
          url: http://file.example/v1   # comment
          key: "file-key"
          model: file-model
        other:
          url: ignored
        """.write(toFile: home + "/.config/osvm/config.yml", atomically: true, encoding: .utf8)
        cfg = try AIConfig.resolve(environment: env)
        #expect(cfg.url == "http://file.example/v1")
        #expect(cfg.key == "file-key")
        #expect(cfg.model == "file-model")
        #expect(cfg.modelSource == .configFile)
        env["OPENAI_URL"] = "http://env.example/v1"
        env["OPENAI_MODEL"] = "env-model"
        cfg = try AIConfig.resolve(environment: env)
        #expect(cfg.url == "http://env.example/v1")
        #expect(cfg.model == "env-model")
        cfg = try AIConfig.resolve(flags: .init(model: "flag-model"), environment: env)
        #expect(cfg.model == "flag-model")
        #expect(cfg.completionsURL == "http://env.example/v1/chat/completions")
        #expect(throws: SettingsError.self) { try AIConfig.resolve(flags: .init(url: "ftp://x"), environment: env) }
        #expect(cfg.warnings.first == home + "/.config/osvm/config.yml:6: unknown key 'other' (ignored)")
        #expect(cfg.warnings.last?.contains("holds an API key ('ai.key') but has mode 0") == true)
    }

    @Test func flatKeysAndErrors() throws {
        let home = try makeTempHome()
        try FileManager.default.createDirectory(atPath: home + "/.config/osvm", withIntermediateDirectories: true)
        try "ai_model: m\r\nai_url: http://h/v1\r\n".write(toFile: home + "/.config/osvm/config.yml", atomically: true, encoding: .utf8)
        let cfg = try AIConfig.resolve(environment: ["HOME": home])
        #expect(cfg.model == "m" && cfg.url == "http://h/v1" && cfg.key == nil)
        try "ai:\n  url: 7\n  colour: red\n".write(toFile: home + "/.config/osvm/config.yml", atomically: true, encoding: .utf8)
        #expect(throws: SettingsError.self) { try AIConfig.resolve(environment: ["HOME": home]) }
    }

    @Test func sseParserHandlesSplitsAndCRLF() throws {
        var p = SSEParser()
        var got: [String] = []
        for piece in ["data: {\"a\"", ":1}\r\n\r\n: comment\n", "event: message\ndata: x\ndata: y\n", "\n"] {
            got += try p.feed(Data(piece.utf8)).map(\.data)
        }
        #expect(got == [#"{"a":1}"#, "x\ny"])
    }

    @Test func chatLogSurvivesAKillMidStream() throws {
        let dir = try makeTempHome() + "/chats"
        let log = try ChatLog.create(in: dir, name: "s1")
        // Chat text can hold pasted keys: the log is private from its first byte.
        #expect((try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? Int) == 0o600)
        try log.append(.user("hi"))
        try log.record(.token("Hel"))
        try log.record(.token("lo"))
        try log.record(.message(.assistant("Hello")))
        try log.append(.user("more"))
        try log.record(.token("par"))
        try log.record(.token("tial"))   // killed here: no closing message
        let loaded = try ChatLog.load(path: log.path)
        #expect(loaded == [.user("hi"), .assistant("Hello"), .user("more"), .assistant("partial")])
        try log.appendClear()
        try log.append(.user("after clear"))
        #expect(try ChatLog.load(path: log.path) == [.user("after clear")])
        #expect(ChatLog.list(in: dir) == [log.path])
    }

    @Test func toolCallAssembler() {
        var a = ToolCallAssembler()
        a.add(["index": 1, "id": "b", "function": ["name": "g", "arguments": ""]])
        a.add(["index": 0, "id": "a", "function": ["name": "f", "arguments": "{\"x\""]])
        a.add(["index": 0, "function": ["arguments": ":1}"]])
        #expect(a.calls == [ToolCall(id: "b", name: "g", arguments: ""), ToolCall(id: "a", name: "f", arguments: #"{"x":1}"#)])
    }
}

struct OVSMBlocksTests {
    @Test func extractsOnlyOVSMFences() {
        let text = "Try:\n```ovsm\n(+ 1 2)\n```\nnot this:\n```python\nprint(1)\n```\n```lisp\n(getSlot)\n```"
        #expect(OVSMBlocks.extract(text) == ["(+ 1 2)", "(getSlot)"])
    }
}
