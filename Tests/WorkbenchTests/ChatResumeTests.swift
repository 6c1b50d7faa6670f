import Assistant
import Foundation
import Testing
@testable import OSVMTUI

/// A saved chat session reloads with the model's tool calls (cards shown, the next request
/// valid for an OpenAI-compatible server) and says what it could not read.
@Suite struct ChatResumeTests {
    @Test func toolCallsSurviveAReloadAndUnreadableLinesAreCounted() throws {
        let dir = NSTemporaryDirectory() + "osvm-chat-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try ChatLog.create(in: dir, name: "s")
        try log.append(.user("what slot?"))
        try log.append(ChatMessage(role: .assistant, content: nil, toolCalls: [ToolCall(id: "call_1", name: "get_slot", arguments: "{}")]))
        try log.append(ChatMessage(role: .tool, content: "1204", toolCallID: "call_1"))
        try log.append(.assistant("slot 1204"))
        try log.append(ChatMessage(role: .tool, content: "stray", toolCallID: "call_9"))     // no call: dropped
        try log.append(.user("and the epoch?"))
        try log.append(ChatMessage(role: .assistant, content: nil, toolCalls: [ToolCall(id: "call_2", name: "get_epoch", arguments: "{}")]))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log.path))
        h.seekToEndOfFile()
        h.write(Data("{\"t\":\"message\",\"mess\n".utf8))                                     // torn by a kill
        try h.close()

        let t = try ChatLog.read(path: log.path)
        #expect(t.unreadable == 1)
        #expect(t.repaired == 2)                     // the stray result, and call_2 with no result
        #expect(t.messages.map(\.role) == [.user, .assistant, .tool, .assistant, .user, .assistant, .tool])
        #expect(t.messages[1].toolCalls == [ToolCall(id: "call_1", name: "get_slot", arguments: "{}")])
        #expect(t.messages[6].toolCallID == "call_2")
        let problems = t.problems(log.path)
        #expect(problems == "1 unreadable line skipped, 2 unmatched tool messages repaired in \(log.path)")

        var s = Fixture.state()
        _ = Update.reduce(&s, .chatSessionLoaded(path: log.path, messages: t.messages, problems: problems))
        #expect(s.chat.items.contains(.card(ChatCard(id: "call_1", name: "get_slot", arguments: "{}", result: "1204"))))
        #expect(s.chat.items.contains(.error(problems ?? "")))
        #expect(s.log.lines.all.contains { $0.text.contains("1 unreadable line") })

        // The next request: every tool result right after the assistant message that called it.
        s.focus = .chat
        Fixture.type(&s, "thanks")
        let fx = Fixture.keys(&s, [.enter])
        guard case .chatSend(_, _, let sent)? = fx.first else { Issue.record("no request: \(fx)"); return }
        var open: Set<String> = []
        for m in sent {
            if m.role == .tool { #expect(open.remove(m.toolCallID ?? "") != nil, "orphan tool result \(m)") }
            else { #expect(open.isEmpty, "unanswered tool call before \(m)"); open = Set((m.toolCalls ?? []).map(\.id)) }
        }
        #expect(sent.last == .user("thanks"))
    }
}
