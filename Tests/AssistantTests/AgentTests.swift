import Assistant
import Foundation
import Testing

@Suite(.serialized) struct AgentTests {
    func agent(_ peer: PeerProcess, model: String, tools: [AgentTool]) -> Agent {
        var cfg = AIConfig(url: peer.baseURL + "/v1", model: model)
        cfg.timeout = 10
        return Agent(client: ChatClient(config: cfg), toolbox: Toolbox(tools), maxRounds: 4)
    }

    func collect(_ a: Agent, _ prompt: String) async -> [AgentEvent] {
        var out: [AgentEvent] = []
        for await e in a.run([.user(prompt)]) { out.append(e) }
        return out
    }

    func summary(_ events: [AgentEvent]) -> AgentSummary? {
        for case .done(let s) in events { return s }
        return nil
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func runsOVSMAndSendsTheResultBack() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let asked = Counter()
        let tool = OVSMRunner().tool { code in
            asked.bump()
            #expect(code == "(+ 40 2)")
            return .yes
        }
        let events = await collect(agent(peer, model: "tool-ovsm", tools: [tool]), "add")
        #expect(asked.value == 1)
        #expect(events.contains(.toolResult(callID: "call_1", name: "run_ovsm", outcome: ToolOutcome(content: "value: 42", isError: false))))
        let s = try #require(summary(events))
        #expect(s.ending == .answered)
        #expect(s.finalText == "Tool said: value: 42")
        #expect(s.conversation.map(\.role) == [.user, .assistant, .tool, .assistant])
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func editedAndDeclinedScripts() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let edited = await collect(agent(peer, model: "tool-ovsm", tools: [OVSMRunner().tool { _ in .edit("(* 6 7 10)") }]), "x")
        #expect(summary(edited)?.finalText == "Tool said: value: 420")
        let declined = await collect(agent(peer, model: "tool-ovsm", tools: [OVSMRunner().tool { _ in .no }]), "x")
        #expect(summary(declined)?.finalText == "Tool said: the user declined to run this script")
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func malformedArgumentsBecomeAnErrorResult() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let events = await collect(agent(peer, model: "tool-bad-json", tools: [OVSMRunner().tool(approve: nil)]), "x")
        let results = events.compactMap { e -> ToolOutcome? in if case .toolResult(_, _, let o) = e { return o }; return nil }
        #expect(results.count == 1)
        #expect(results.first?.isError == true)
        #expect(results.first?.content.contains("not valid JSON") == true)
        #expect(summary(events)?.ending == .answered)
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func hangingToolTimesOut() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let hang = AgentTool(name: "hang", description: "never returns", parameters: ["type": "object"], timeout: 0.5) { _ in
            while true { usleep(50_000) }   // ignores cancellation on purpose
        }
        let start = Date()
        let events = await collect(agent(peer, model: "tool-hang", tools: [hang]), "x")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(summary(events)?.finalText == "Tool said: error: hang timed out after 0.5 s")
    }

    @Test func ovsmLimitsStopRunawayScripts() async {
        var s = OVSMRunner.Settings()
        s.stepBudget = 10_000
        let r = await OVSMRunner(settings: s).run("(loop (+ 1 1))")
        #expect(r.error?.contains("limit") == true)
        var t = OVSMRunner.Settings()
        t.timeLimit = 0.3
        t.stepBudget = Int.max / 2
        let start = Date()
        let r2 = await OVSMRunner(settings: t).run("(loop (+ 1 1))")
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(r2.error?.contains("time limit") == true)
        let printed = await OVSMRunner().run(#"(println "hi") (+ 1 2)"#)
        #expect(printed.output == "hi\n")
        #expect(printed.value == "3")
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func errorEventsKeepPartialText() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let events = await collect(agent(peer, model: "fault-disconnect", tools: []), "x")
        let s = try #require(summary(events))
        #expect(s.ending == .failed)
        #expect(s.conversation.last == .assistant("partial answer "))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func bump() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}
