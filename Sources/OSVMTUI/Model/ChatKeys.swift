import Assistant
import Foundation

/// The chat pane's keys and agent events (pure: part of `Update`).
enum ChatKeys {
    /// Keys of the approval question and the session list, before any binding.
    static func modal(_ s: inout AppState, _ k: Key) -> [Effect]? {
        if s.chat.approval != nil {
            if s.chat.editingApproval {
                switch k {
                case .enter:
                    let code = s.chat.input.text
                    s.chat.input = TextBuffer()
                    s.chat.approval = nil; s.chat.editingApproval = false
                    s.chat.append(.info("running the edited script"))
                    return [.chatApprove(.edit(code))]
                case .escape: return answer(&s, .no)
                case .ctrl("c"): return nil
                default:
                    _ = s.chat.input.apply(k, multiline: true)
                    return []
                }
            }
            switch k {
            case .char("y"), .char("Y"): return answer(&s, .yes)
            case .char("n"), .char("N"), .escape: return answer(&s, .no)
            case .char("e"), .char("E"):
                s.chat.editingApproval = true
                s.chat.input = TextBuffer(s.chat.approval ?? "")
                s.chat.input.moveToEnd()
                return []
            case .ctrl("c"), .tab, .backTab, .alt, .ctrl("q"), .function: return nil
            default: return []
            }
        }
        if let sel = s.chat.sessionList {
            let n = s.chat.sessions.count
            switch k {
            case .up: s.chat.sessionList = max(0, sel - 1)
            case .down: s.chat.sessionList = min(max(0, n - 1), sel + 1)
            case .enter:
                guard sel < n else { s.chat.sessionList = nil; return [] }
                if s.chat.streaming { s.message = "an answer is streaming (Ctrl-C cancels)"; return [] }
                return [.chatOpenSession(s.chat.sessions[sel].path)]
            case .escape, .ctrl("o"): s.chat.sessionList = nil
            case .ctrl("n"): s.chat.sessionList = nil; return newSession(&s)
            case .ctrl("c"), .tab, .backTab, .alt, .ctrl("q"), .function: return nil
            default: break
            }
            return []
        }
        return nil
    }

    static func answer(_ s: inout AppState, _ d: ApprovalDecision) -> [Effect] {
        s.chat.approval = nil
        s.chat.editingApproval = false
        s.chat.input = TextBuffer()
        if d == .no { s.chat.append(.info("declined to run the script")) }
        return [.chatApprove(d)]
    }

    /// Text keys of the input and card selection.
    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        var c = s.chat
        defer { s.chat = c }
        if let sel = c.selectedCard {
            switch k {
            case .enter, .char(" "):
                if sel < c.items.count, case .card(var card) = c.items[sel] {
                    card.expanded.toggle()
                    c.items[sel] = .card(card)
                }
                return []
            case .escape: c.selectedCard = nil; return []
            case .up, .down: break
            default: c.selectedCard = nil
            }
        }
        switch k {
        case .enter:
            s.chat = c
            let fx = send(&s)
            c = s.chat
            return fx
        case .up where c.input.lines.count == 1, .down where c.input.lines.count == 1:
            let cards = c.cardIndexes
            guard !cards.isEmpty else { return [] }
            if let sel = c.selectedCard, let i = cards.firstIndex(of: sel) {
                let j = i + (k == .up ? -1 : 1)
                c.selectedCard = j < 0 ? cards.first : (j >= cards.count ? nil : cards[j])
            } else if k == .up {
                c.selectedCard = cards.last
            }
            c.scrollBack = 0
            return []
        default:
            _ = c.input.apply(k, multiline: true)
            return []
        }
    }

    static func send(_ s: inout AppState) -> [Effect] {
        let text = s.chat.input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        if s.chat.streaming { s.message = "an answer is streaming (Ctrl-C cancels)"; return [] }
        s.chat.input = TextBuffer()
        s.chat.append(.user(text))
        s.chat.messages.append(.user(text))
        s.chat.run += 1
        s.chat.streaming = true
        s.chat.streamingItem = nil
        s.chat.selectedCard = nil
        s.chat.scrollBack = 0
        return [.chatSend(run: s.chat.run, session: s.chat.session, messages: s.chat.messages), .startTicking]
    }

    static func cancel(_ s: inout AppState) -> [Effect] {
        var c = s.chat
        if let i = c.streamingItem, i < c.items.count, case .assistant(let t) = c.items[i], !t.isEmpty {
            c.messages.append(.assistant(t))
        }
        c.run += 1
        c.streaming = false
        c.streamingItem = nil
        c.approval = nil
        if c.editingApproval { c.input = TextBuffer() }
        c.editingApproval = false
        c.append(.info("cancelled"))
        s.chat = c
        s.message = "answer cancelled"
        return [.chatCancel]
    }

    static func newSession(_ s: inout AppState) -> [Effect] {
        if s.chat.streaming { s.message = "an answer is streaming (Ctrl-C cancels)"; return [] }
        if let path = s.chat.session, let i = s.chat.sessions.firstIndex(where: { $0.path == path }) {
            // Ctrl-R keeps finding what was asked in the session left behind.
            s.chat.sessions[i].prompts = s.chat.messages.filter { $0.role == .user }.compactMap(\.content)
        }
        let keep = (s.chat.sessions, s.chat.model, s.chat.mcpTools, s.chat.mcpFailures)
        s.chat = ChatState()
        (s.chat.sessions, s.chat.model, s.chat.mcpTools, s.chat.mcpFailures) = keep
        s.chat.append(.info("new session"))
        return []
    }

    /// The MCP servers are connected: one line per failed server (pane and log), and a
    /// line naming the tools now offered.
    static func toolsReady(_ s: inout AppState, _ r: ChatToolsReport) {
        s.chat.mcpTools = r.tools
        s.chat.mcpFailures = r.failures
        for f in r.failures {
            s.chat.append(.error(f))
            s.log.append([LogLine(time: "", level: .error, text: "chat: " + f)])
        }
        if !r.tools.isEmpty {
            let servers = Set(r.tools.compactMap { $0.components(separatedBy: "__").first }).sorted()
            s.chat.append(.info("MCP: \(r.tools.count) tool\(r.tools.count == 1 ? "" : "s") from \(servers.joined(separator: ", "))"))
        }
    }

    /// Ctrl-R: the newest of your earlier messages (older than the one shown) containing the
    /// input, case-insensitively; again: older.
    static func search(_ s: inout AppState) {
        let h = s.chat.history
        let query = s.chat.search?.query ?? s.chat.input.text
        let shown = s.chat.search == nil ? nil : s.chat.input.text
        var i = (s.chat.search?.index ?? h.count) - 1
        while i >= 0 {
            if h[i] != shown, query.isEmpty || h[i].range(of: query, options: .caseInsensitive) != nil {
                s.chat.search = ChatState.Search(query: query, index: i)
                s.chat.input = TextBuffer(h[i])
                s.chat.input.moveToEnd()
                s.chat.selectedCard = nil
                s.message = "history search: \(query)"
                return
            }
            i -= 1
        }
        s.chat.search = ChatState.Search(query: query, index: s.chat.search?.index ?? h.count)
        s.message = h.isEmpty ? "no messages to search yet" : "no older message contains \(query)"
    }

    static func sessionName(_ path: String) -> String {
        let base = (path as NSString).lastPathComponent
        return base.hasSuffix(".jsonl") ? String(base.dropLast(6)) : base
    }

    /// Folds one agent event into the transcript.
    static func event(_ s: inout AppState, run: Int, _ e: AgentEvent) -> [Effect] {
        guard run == s.chat.run, s.chat.streaming else { return [] }
        if case .token(let t) = e { s.chat.appendToken(t); return [] }   // in place: no transcript copy
        var c = s.chat
        defer { s.chat = c }
        switch e {
        case .token(let t):
            c.appendToken(t)
        case .toolCall(let call):
            c.streamingItem = nil
            c.append(.card(ChatCard(id: call.id, name: call.name, arguments: call.arguments)))
        case .toolResult(let id, _, let outcome):
            if let i = c.cardIndex(id: id), case .card(var card) = c.items[i] {
                card.result = outcome.content
                card.isError = outcome.isError
                c.items[i] = .card(card)
            }
        case .message(let m):
            if m.role == .assistant {
                if c.streamingItem == nil, let t = m.content, !t.isEmpty { c.append(.assistant(t)) }
                c.streamingItem = nil
            }
        case .error(let msg):
            c.streamingItem = nil
            if msg == "cancelled" { c.append(.info("cancelled")) } else {
                c.append(.error(msg))
                s.log.append([LogLine(time: "", level: .error, text: "chat: " + msg)])
            }
        case .done(let summary):
            c.messages = summary.conversation.filter { $0.role != .system }
            c.streaming = false
            c.streamingItem = nil
            c.approval = nil
            c.editingApproval = false
        }
        return []
    }
}
