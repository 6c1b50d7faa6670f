/// Builds complete tool calls out of streamed `delta.tool_calls` fragments. Fragments are
/// keyed by `index`: the first carries `id` and `function.name`, later ones only pieces of
/// `function.arguments`.
///
///     var a = ToolCallAssembler()
///     a.add(["index": 0, "id": "c1", "function": ["name": "f", "arguments": "{\"x\""]])
///     a.add(["index": 0, "function": ["arguments": ":1}"]])
///     a.calls   // [ToolCall(id: "c1", name: "f", arguments: "{\"x\":1}")]
public struct ToolCallAssembler: Sendable {
    private var byIndex: [Int: ToolCall] = [:]
    private var order: [Int] = []

    public init() {}

    /// Adds one fragment; returns (index, id, name) when it opened a new call.
    @discardableResult
    public mutating func add(_ fragment: JSONValue) -> (index: Int, id: String, name: String)? {
        let index = fragment["index"]?.intValue ?? order.last ?? 0
        let fn = fragment["function"]
        var opened: (Int, String, String)?
        if byIndex[index] == nil {
            byIndex[index] = ToolCall(id: "", name: "", arguments: "")
            order.append(index)
        }
        guard var call = byIndex[index] else { return nil }
        let wasNamed = !call.name.isEmpty
        if let id = fragment["id"]?.stringValue, !id.isEmpty { call.id = id }
        if let name = fn?["name"]?.stringValue, !name.isEmpty { call.name += name }
        if let args = fn?["arguments"]?.stringValue { call.arguments += args }
        byIndex[index] = call
        if !wasNamed, !call.name.isEmpty { opened = (index, call.id, call.name) }
        return opened
    }

    /// The calls in first-seen order; missing ids get `call_<index>`.
    public var calls: [ToolCall] {
        order.compactMap { i in
            guard var c = byIndex[i] else { return nil }
            if c.id.isEmpty { c.id = "call_\(i)" }
            return c
        }
    }

    public var isEmpty: Bool { order.isEmpty }
}
