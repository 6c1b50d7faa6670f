import Foundation
import OSVMSettings

/// The chat agent loop: send the conversation and the tools, stream the answer, run the
/// tool calls it asks for, append their results and go again until the model answers
/// without tools (or `maxRounds` is reached).
///
///     let agent = Agent(client: client, toolbox: Toolbox([runner.tool(approve: nil)]))
///     for await e in agent.run([.user("what is 2+2? use run_ovsm")]) { … }
public struct Agent: Sendable {
    public var client: ChatClient
    public var toolbox: Toolbox
    public var maxRounds: Int
    public var model: String?

    public init(client: ChatClient, toolbox: Toolbox = Toolbox(), maxRounds: Int = 8, model: String? = nil) {
        self.client = client
        self.toolbox = toolbox
        self.maxRounds = maxRounds
        self.model = model
    }

    public func run(_ conversation: [ChatMessage]) -> AsyncStream<AgentEvent> {
        let (stream, out) = AsyncStream<AgentEvent>.makeStream()
        let task = Task {
            await loop(conversation, out: out)
            out.finish()
        }
        out.onTermination = { _ in task.cancel() }
        return stream
    }

    private func loop(_ start: [ChatMessage], out: AsyncStream<AgentEvent>.Continuation) async {
        var messages = start
        var tokens = 0
        var round = 0
        func finish(_ ending: AgentSummary.Ending, _ text: String) {
            out.yield(.done(AgentSummary(ending: ending, finalText: text, rounds: round, tokens: tokens, conversation: messages)))
        }
        while round < maxRounds {
            round += 1
            var partial = ""
            var turn: ChatTurn?
            do {
                for try await e in client.stream(messages: messages, tools: toolbox.specs, model: model) {
                    switch e {
                    case .token(let t):
                        partial += t
                        tokens += 1
                        out.yield(.token(t))
                    case .toolCallStarted: break
                    case .completed(let t): turn = t
                    }
                }
            } catch {
                if !partial.isEmpty {
                    let m = ChatMessage.assistant(partial)
                    messages.append(m)
                    out.yield(.message(m))
                }
                let cancelled = Task.isCancelled || (error as? AIError) == .cancelled
                out.yield(.error(cancelled ? "cancelled" : PlainError.describe(error)))
                finish(cancelled ? .cancelled : .failed, partial)
                return
            }
            guard let turn else {
                finish(.failed, partial)
                return
            }
            messages.append(turn.message)
            out.yield(.message(turn.message))
            if turn.toolCalls.isEmpty {
                finish(.answered, turn.content)
                return
            }
            for call in turn.toolCalls {
                if Task.isCancelled {
                    finish(.cancelled, turn.content)
                    return
                }
                out.yield(.toolCall(call))
                let outcome = await toolbox.execute(call)
                out.yield(.toolResult(callID: call.id, name: call.name, outcome: outcome))
                let m = ChatMessage(role: .tool, content: outcome.content, toolCallID: call.id)
                messages.append(m)
                out.yield(.message(m))
            }
        }
        out.yield(.error("stopped after \(maxRounds) rounds of tool calls without a final answer"))
        finish(.maxRounds, "")
    }
}
