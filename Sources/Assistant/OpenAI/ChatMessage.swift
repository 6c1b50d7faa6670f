import Foundation

/// One turn of a chat-completions conversation (OpenAI wire shape).
///
///     ChatMessage.user("What is my balance?")
///     ChatMessage(role: .tool, content: "{\"lamports\":5}", toolCallID: "call_1")
public struct ChatMessage: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable { case system, user, assistant, tool }

    public var role: Role
    public var content: String?
    public var toolCalls: [ToolCall]?
    public var toolCallID: String?

    public init(role: Role, content: String?, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ s: String) -> ChatMessage { ChatMessage(role: .system, content: s) }
    public static func user(_ s: String) -> ChatMessage { ChatMessage(role: .user, content: s) }
    public static func assistant(_ s: String) -> ChatMessage { ChatMessage(role: .assistant, content: s) }

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    /// The request-body form.
    var wire: JSONValue {
        var o: [String: JSONValue] = ["role": .string(role.rawValue)]
        o["content"] = content.map(JSONValue.string) ?? .null
        if let toolCalls, !toolCalls.isEmpty { o["tool_calls"] = .array(toolCalls.map(\.wire)) }
        if let toolCallID { o["tool_call_id"] = .string(toolCallID) }
        return .object(o)
    }
}

/// A function call the model asked for; `arguments` is the raw JSON text the model wrote
/// (it may be malformed: the agent reports that back to the model).
public struct ToolCall: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    var wire: JSONValue {
        ["id": .string(id), "type": "function",
         "function": ["name": .string(name), "arguments": .string(arguments)]]
    }
}

/// A tool offered to the model: name, description and a JSON-Schema for its arguments.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    var wire: JSONValue {
        ["type": "function",
         "function": ["name": .string(name), "description": .string(description), "parameters": parameters]]
    }
}
