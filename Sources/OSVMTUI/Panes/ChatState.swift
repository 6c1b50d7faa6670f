import Assistant

/// A tool call and its result, shown as a card that Enter/Space folds open.
public struct ChatCard: Sendable, Equatable {
    public var id: String
    public var name: String
    public var arguments: String
    public var result: String?
    public var isError = false
    public var expanded = false
    public init(id: String, name: String, arguments: String, result: String? = nil, isError: Bool = false) {
        self.id = id; self.name = name; self.arguments = arguments; self.result = result; self.isError = isError
    }
}

/// A saved chat session (a JSONL file of `ChatLog`).
public struct ChatSessionInfo: Sendable, Equatable, Codable {
    public var path: String
    /// The first user message (or the file name).
    public var title: String
    /// The user messages of the session, oldest first (for Ctrl-R).
    public var prompts: [String]
    public init(path: String, title: String, prompts: [String] = []) { self.path = path; self.title = title; self.prompts = prompts }
}

/// What connecting the enabled MCP servers gave: the tools now offered to the agent
/// (`server__tool`) and one line per server that failed.
public struct ChatToolsReport: Sendable, Equatable, Codable {
    public var tools: [String]
    public var failures: [String]
    public init(tools: [String] = [], failures: [String] = []) { self.tools = tools; self.failures = failures }
}

/// The chat pane: transcript items, the multi-line input, the running answer, the
/// approval question of `run_ovsm`, and the session list.
public struct ChatState: Sendable, Equatable {
    public enum Item: Sendable, Equatable {
        case user(String)
        case assistant(String)
        case card(ChatCard)
        case error(String)
        case info(String)
    }
    public var items: [Item] = []
    public var input = TextBuffer()
    /// The conversation sent to the agent (without the system prompt).
    public var messages: [ChatMessage] = []
    public var streaming = false
    /// Id of the current run; events of older (cancelled) runs are dropped.
    public var run = 0
    /// The assistant item receiving streamed tokens.
    public var streamingItem: Int?
    /// Index (into `items`) of the selected card.
    public var selectedCard: Int?
    /// Code `run_ovsm` asks to run (y/n/e).
    public var approval: String?
    /// The input holds the approval code being edited (Enter runs it, Esc declines).
    public var editingApproval = false
    /// The session file; nil until the first message of a new session is sent.
    public var session: String?
    public var sessions: [ChatSessionInfo] = []
    /// Selected row while the session list is open.
    public var sessionList: Int?
    /// Transcript rows scrolled up from the bottom.
    public var scrollBack = 0
    /// "model at url" for the title (or the configuration error).
    public var model = ""
    /// MCP tools offered to the agent (`server__tool`).
    public var mcpTools: [String] = []
    /// One line per MCP server that failed (shown again when a session is loaded).
    public var mcpFailures: [String] = []

    /// Ctrl-R in progress: the query and the history entry shown.
    public struct Search: Sendable, Equatable {
        public var query: String
        public var index: Int
    }
    public var search: Search?

    static let itemLimit = 5_000

    /// The user messages Ctrl-R searches, oldest first: the saved sessions' (oldest session
    /// first), then this session's.
    var history: [String] {
        var out: [String] = []
        for info in sessions.reversed() where info.path != session { out += info.prompts }
        for m in messages where m.role == .user { if let t = m.content { out.append(t) } }
        return out
    }

    var cardIndexes: [Int] {
        items.indices.filter { if case .card = items[$0] { return true } else { return false } }
    }

    /// Appends a streamed token to the answer being streamed, in place (O(token), not
    /// O(answer) or O(transcript)).
    mutating func appendToken(_ t: String) {
        if let i = streamingItem, i < items.count, case .assistant(var text) = items[i] {
            items[i] = .info("")   // drop the array's reference so `text` grows in place
            text += t
            items[i] = .assistant(text)
        } else {
            append(.assistant(t))
            streamingItem = items.count - 1
        }
    }

    mutating func append(_ item: Item) {
        items.append(item)
        if items.count > Self.itemLimit {
            let drop = items.count - Self.itemLimit
            items.removeFirst(drop)
            streamingItem = streamingItem.flatMap { $0 >= drop ? $0 - drop : nil }
            selectedCard = selectedCard.flatMap { $0 >= drop ? $0 - drop : nil }
        }
    }

    /// Rebuilds the transcript from a stored conversation.
    mutating func load(path: String?, messages loaded: [ChatMessage]) {
        session = path
        messages = loaded.filter { $0.role != .system }
        items = []
        streaming = false; streamingItem = nil; selectedCard = nil; approval = nil; editingApproval = false
        scrollBack = 0
        for m in messages {
            switch m.role {
            case .user: append(.user(m.content ?? ""))
            case .assistant:
                if let c = m.content, !c.isEmpty { append(.assistant(c)) }
                for call in m.toolCalls ?? [] { append(.card(ChatCard(id: call.id, name: call.name, arguments: call.arguments))) }
            case .tool:
                if let id = m.toolCallID, let i = cardIndex(id: id), case .card(var c) = items[i] {
                    c.result = m.content ?? ""
                    c.isError = (m.content ?? "").hasPrefix("error:")
                    items[i] = .card(c)
                }
            case .system: break
            }
        }
    }

    func cardIndex(id: String) -> Int? {
        items.lastIndex { if case .card(let c) = $0 { return c.id == id } else { return false } }
    }
}
