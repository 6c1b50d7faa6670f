/// What the agent loop reports, in order, to a UI or a recorder.
///
///     token* (toolCall (toolResult))* … message … done
public enum AgentEvent: Sendable, Equatable, Codable {
    /// A piece of assistant text, as it streamed in.
    case token(String)
    /// The model asked for a tool (arguments complete, maybe malformed).
    case toolCall(ToolCall)
    /// A tool's result as it goes back to the model.
    case toolResult(callID: String, name: String, outcome: ToolOutcome)
    /// A message was appended to the conversation (assistant turn or tool result).
    case message(ChatMessage)
    /// A failure of this run, one line (the conversation so far is kept).
    case error(String)
    /// The run ended; `conversation` is the whole conversation including this run's messages.
    case done(AgentSummary)
}

public struct AgentSummary: Sendable, Equatable, Codable {
    public enum Ending: String, Sendable, Equatable, Codable { case answered, failed, cancelled, maxRounds }
    public var ending: Ending
    public var finalText: String
    public var rounds: Int
    public var tokens: Int
    public var conversation: [ChatMessage]
}
