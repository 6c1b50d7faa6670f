import Assistant
import Foundation
import Testing
@testable import OSVMTUI

/// The chat pane offers the tools of the enabled MCP servers; a failed server is one line
/// in the pane and the log, and the others keep working.
@Suite struct ChatMCPTests {
    static let peerBin = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../tests/peers/.venv/bin").standardized.path
    static let skipMessage = "Python peers missing: run tests/peers/setup.sh (creates tests/peers/.venv)"

    static func tempHome() throws -> String {
        let dir = NSTemporaryDirectory() + "osvm-chat-mcp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func failedServerIsOneLineAndChatKeepsWorking() async {
        var services = Services(chatRun: { session, _ in
            ChatRun(session: session ?? "/chats/s.jsonl", events: AsyncStream { out in
                out.yield(.token("ok"))
                out.finish()
            })
        })
        services.chatTools = {
            ChatToolsReport(tools: ["time__get_current_time", "time__convert_time"],
                            failures: ["MCP server 'broken' failed: cannot start /nonexistent"])
        }
        var start = Fixture.state()
        _ = Update.reduce(&start, .key(.alt("5")))
        let store = Store(state: start, services: services, publish: { _ in })
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        let s = await settle(store) { !$0.chat.mcpTools.isEmpty }
        #expect(s.chat.mcpTools == ["time__get_current_time", "time__convert_time"])
        #expect(s.chat.items == [.error("MCP server 'broken' failed: cannot start /nonexistent"), .info("MCP: 2 tools from time")])
        #expect(s.log.lines.all.filter { $0.text.contains("broken") }.map(\.text) == ["chat: MCP server 'broken' failed: cannot start /nonexistent"])
        for c in "hi" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        let done = await settle(store) { $0.chat.run == 1 && !$0.chat.streaming }
        #expect(done.chat.items.suffix(2) == [.user("hi"), .assistant("ok")])
        // A new session keeps the tools; loading a session shows the failure again.
        var t = done
        _ = Fixture.keys(&t, [.ctrl("n")])
        #expect(t.chat.mcpTools.count == 2)
        _ = Update.reduce(&t, .chatSessionLoaded(path: "/chats/s.jsonl", messages: [.user("hi")]))
        #expect(t.chat.items.last == .error("MCP server 'broken' failed: cannot start /nonexistent"))
    }

    @Test func noServersIsSilent() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .chatToolsReady(ChatToolsReport()))
        #expect(s.chat.items.isEmpty)
        #expect(s.log.lines.all.isEmpty)
    }

    /// The live backend with `mcp-server-time` (stdio) and a server that cannot start,
    /// both from `~/.config/osvm/mcp_servers.json` of a temporary home.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ChatMCPTests.peerBin + "/mcp-server-time"),
                   Comment(rawValue: ChatMCPTests.skipMessage)))
    func liveBackendOffersTimeServerTools() async throws {
        let timeServer = Self.peerBin + "/mcp-server-time"
        let home = try Self.tempHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try MCPConfigStore(home: home).save([
            MCPServerConfig(name: "time", kind: .stdio(command: timeServer, arguments: ["--local-timezone", "UTC"], environment: [:])),
            MCPServerConfig(name: "broken", kind: .stdio(command: home + "/no-such-server", arguments: [], environment: [:])),
            MCPServerConfig(name: "off", kind: .stdio(command: home + "/never-started", arguments: [], environment: [:]), enabled: false),
        ])
        let backend = ChatBackend(rpcURL: "http://127.0.0.1:1", flags: AIConfig.Flags(url: "http://127.0.0.1:1/v1", model: "m"),
                                  environment: ["HOME": home], notify: { _ in })
        var services = Services()
        services.chatTools = { await backend.connectMCP(requestTimeout: 20) }
        var start = Fixture.state()
        _ = Update.reduce(&start, .key(.alt("5")))
        let store = Store(state: start, services: services, publish: { _ in })
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        let s = await settle(store, timeout: 30) { !$0.chat.mcpTools.isEmpty || !$0.chat.mcpFailures.isEmpty }
        #expect(s.chat.mcpTools.contains("time__get_current_time"))
        #expect(s.chat.mcpFailures.count == 1)
        #expect(s.chat.mcpFailures.first?.hasPrefix("MCP server 'broken' failed: ") == true)
        #expect(s.chat.items.filter { if case .error = $0 { return true } else { return false } }.count == 1)
        #expect(s.log.lines.all.filter { $0.text.contains("'broken'") }.count == 1)
        // The agent's toolbox (what it advertises to the model) runs the MCP tool.
        let box = try #require(backend.agent?.toolbox)
        #expect(box.tool(named: "time__get_current_time") != nil)
        #expect(box.tool(named: "run_ovsm") != nil)
        let out = await box.execute(ToolCall(id: "1", name: "time__get_current_time", arguments: "{\"timezone\":\"UTC\"}"))
        #expect(!out.isError)
        #expect(out.content.contains("UTC"))
        await backend.closeMCP()
    }
}

/// Ctrl-R in the chat pane: the user messages of this session and the saved ones.
@Suite struct ChatHistorySearchTests {
    static func state() -> AppState {
        var s = Fixture.state(width: 60, height: 12)
        _ = Update.reduce(&s, .key(.alt("5")))
        _ = Update.reduce(&s, .chatSessionsListed([
            ChatSessionInfo(path: "/c/new.jsonl", title: "what is my balance?", prompts: ["what is my balance?", "and the slot?"]),
            ChatSessionInfo(path: "/c/old.jsonl", title: "explain rent", prompts: ["explain rent", "what is the current slot"]),
        ]))
        s.chat.messages = [.user("show my Balance again"), .assistant("2 ◎")]
        s.chat.items = [.user("show my Balance again"), .assistant("2 ◎")]
        s.chat.session = "/c/current.jsonl"
        return s
    }

    @Test func historyIsSavedSessionsOldestFirstThenThisSession() {
        #expect(Self.state().chat.history == ["explain rent", "what is the current slot", "what is my balance?", "and the slot?", "show my Balance again"])
    }

    @Test func ctrlRFindsNewerFirstThenOlder() {
        var s = Self.state()
        Fixture.type(&s, "balance")
        _ = Fixture.keys(&s, [.ctrl("r")])
        #expect(s.chat.input.text == "show my Balance again")
        #expect(s.chat.search == ChatState.Search(query: "balance", index: 4))
        _ = Fixture.keys(&s, [.ctrl("r")])
        #expect(s.chat.input.text == "what is my balance?")
        _ = Fixture.keys(&s, [.ctrl("r")])
        #expect(s.chat.input.text == "what is my balance?")
        #expect(s.message == "no older message contains balance")
        // Any other key ends the search and edits the recalled text; Enter sends it.
        _ = Fixture.keys(&s, [.char("!")])
        #expect(s.chat.search == nil)
        #expect(s.chat.input.text == "what is my balance?!")
        let fx = Fixture.keys(&s, [.enter])
        #expect(s.chat.items.last == .user("what is my balance?!"))
        #expect(fx.contains(.startTicking))
    }

    @Test func emptyQueryWalksBackAndSkipsRepeats() {
        var s = Self.state()
        s.chat.messages.append(.user("show my Balance again"))
        _ = Fixture.keys(&s, [.ctrl("r")])
        #expect(s.chat.input.text == "show my Balance again")
        _ = Fixture.keys(&s, [.ctrl("r")])
        #expect(s.chat.input.text == "and the slot?")
    }

    @Test func newSessionKeepsThePromptsOfTheOneLeft() {
        var s = Self.state()
        s.chat.sessions.insert(ChatSessionInfo(path: "/c/current.jsonl", title: "show my Balance again"), at: 0)
        _ = Fixture.keys(&s, [.ctrl("n")])
        #expect(s.chat.history.last == "show my Balance again")
    }

    @Test func snapshotWhileSearching() {
        var s = Self.state()
        Fixture.type(&s, "slot")
        _ = Fixture.keys(&s, [.ctrl("r"), .ctrl("r")])
        #expect(s.chat.input.text == "what is the current slot")
        var b = ScreenBuffer(width: 60, height: 8)
        Renderer.drawPane(.chat, s, into: &b, rect: Rect(x: 0, y: 0, width: 60, height: 8))
        assertSnapshot(b.snapshot, named: "chat-history-search")
    }
}

/// The streaming answer's incremental wrap equals a full re-wrap at every token.
@Suite struct ChatWrapCacheTests {
    @Test func incrementalStreamingWrapMatchesFullWrap() {
        let tokens = ["## Head", "ing\nSome **bo", "ld** text and `co", "de` that goes on ", "and on past the width\n",
                      "- item\n", "```ovsm\n(+ 1", " 2)\n", "```", "\nafter the fence ", "✓ wide 漢字 chars\n\n", "end"]
        let cache = WrapCache()
        for width in [20, 7, 20] {
            var text = ""
            for t in tokens {
                text += t
                let got = cache.streaming(text, width: width).map { $0.map(\.text).joined() + "|" + $0.map { "\($0.role)" }.joined(separator: ",") }
                let want = ChatView.markdown(text, width: width).map { $0.map(\.text).joined() + "|" + $0.map { "\($0.role)" }.joined(separator: ",") }
                #expect(got == want, "width \(width) after \(text.debugDescription)")
            }
        }
        // A different answer (not a continuation) is wrapped afresh.
        #expect(cache.streaming("other\ntext", width: 20).count == 2)
        #expect(cache.finished("a b c", width: 3).map { $0.map(\.text).joined() } == ChatView.markdown("a b c", width: 3).map { $0.map(\.text).joined() })
        #expect(cache.streaming("1\n2\n3\n4\n5", width: 9, last: 2).map { $0.map(\.text).joined() } == ["4", "5"])
    }
}
