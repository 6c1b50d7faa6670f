import Foundation
import OSVMSettings

/// A tool the assistant may call: its spec for the model and an async body that gets the
/// parsed argument object and returns text for the model. Throwing `ToolFailure` (or any
/// error) becomes an error result the model sees; the loop goes on.
///
///     AgentTool(name: "get_slot", description: "Current slot", parameters: ["type": "object"]) { _ in "42" }
public struct AgentTool: Sendable {
    public var spec: ToolSpec
    /// Seconds before the call is abandoned as timed out.
    public var timeout: Double
    public var run: @Sendable (JSONValue) async throws -> String

    public init(name: String, description: String, parameters: JSONValue, timeout: Double = 30,
                run: @escaping @Sendable (JSONValue) async throws -> String) {
        spec = ToolSpec(name: name, description: description, parameters: parameters)
        self.timeout = timeout
        self.run = run
    }

    public var name: String { spec.name }
}

/// A tool's failure, shown to the model and the user as one line.
public struct ToolFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// The result of one tool call as it goes back to the model.
public struct ToolOutcome: Sendable, Equatable, Codable {
    public var content: String
    public var isError: Bool
    public init(content: String, isError: Bool) {
        self.content = content
        self.isError = isError
    }
}

/// The tools offered in one conversation, by name; runs calls with argument checking and
/// a timeout that holds even for a tool that ignores cancellation.
public struct Toolbox: Sendable {
    public private(set) var tools: [AgentTool] = []
    /// Largest result text sent back to the model (bytes); longer results are cut.
    public var maxResultBytes = 64 << 10

    public init(_ tools: [AgentTool] = []) {
        for t in tools { add(t) }
    }

    /// Adds or replaces a tool with the same name.
    public mutating func add(_ tool: AgentTool) {
        tools.removeAll { $0.name == tool.name }
        tools.append(tool)
    }

    public var specs: [ToolSpec] { tools.map(\.spec) }

    public func tool(named name: String) -> AgentTool? { tools.first { $0.name == name } }

    /// Runs one call the model made. Never throws: every failure is an error outcome.
    public func execute(_ call: ToolCall) async -> ToolOutcome {
        guard let tool = tool(named: call.name) else {
            return ToolOutcome(content: "error: unknown tool '\(call.name)'; available: \(tools.map(\.name).joined(separator: ", "))", isError: true)
        }
        let rawArgs = call.arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        let args: JSONValue
        do {
            args = rawArgs.isEmpty ? .object([:]) : try JSONValue.parse(rawArgs)
        } catch {
            return ToolOutcome(content: "error: the arguments for \(call.name) are not valid JSON (\(String(rawArgs.prefix(120)))); send a JSON object", isError: true)
        }
        guard case .object = args else {
            return ToolOutcome(content: "error: the arguments for \(call.name) must be a JSON object", isError: true)
        }
        let result = await Deadline.run(seconds: tool.timeout) { try await tool.run(args) }
        switch result {
        case .success(let text): return ToolOutcome(content: clip(text), isError: false)
        case .failure(let e as Deadline.Expired): return ToolOutcome(content: "error: \(call.name) timed out after \(Deadline.format(e.seconds)) s", isError: true)
        case .failure(let e): return ToolOutcome(content: "error: \(PlainError.describe(e))", isError: true)
        }
    }

    private func clip(_ s: String) -> String {
        guard s.utf8.count > maxResultBytes else { return s }
        let cut = String(decoding: Array(s.utf8.prefix(maxResultBytes)), as: UTF8.self)
        return cut + "\n… (\(s.utf8.count - maxResultBytes) more bytes cut)"
    }
}
