import Chain
import Foundation
import OSVMSettings

/// Every failure of the chat client, each a one-line message naming the setting to fix.
public enum AIError: Error, Sendable, Equatable, CustomStringConvertible {
    case unauthorized(url: String, detail: String)
    case unknownModel(model: String, detail: String)
    case endpointNotFound(url: String)
    case unreachable(url: String, detail: String)
    case rateLimited(detail: String)
    case server(status: Int, detail: String)
    case badRequest(status: Int, detail: String)
    case timedOut(url: String, seconds: Double)
    case malformedStream(String)
    case interrupted(String)
    case cancelled
    case invalidURL(String)

    /// Sanitised: details quote server text (error bodies, tool output), which must not
    /// reach the terminal with its control characters.
    public var description: String { TerminalText.line(text) }

    private var text: String {
        switch self {
        case .unauthorized(let url, let d):
            return "unauthorized by \(Redact.url(url)) (401\(d.isEmpty ? "" : ": " + d)): set OPENAI_KEY, --ai-key or ai.key in ~/.config/osvm/config.yml"
        case .unknownModel(let m, let d):
            return "unknown model '\(m)'\(d.isEmpty ? "" : " (" + d + ")"): set OPENAI_MODEL, --model or ai.model in ~/.config/osvm/config.yml"
        case .endpointNotFound(let url):
            return "no chat-completions endpoint at \(Redact.url(url)) (404): set OPENAI_URL, --ai-url or ai.url (an OpenAI-compatible base URL such as http://127.0.0.1:11434/v1)"
        case .unreachable(let url, let d):
            return "cannot reach \(Redact.url(url)) (\(d)): start the server or set OPENAI_URL, --ai-url or ai.url in ~/.config/osvm/config.yml"
        case .rateLimited(let d):
            return "rate limited (429) after retries\(d.isEmpty ? "" : ": " + d)"
        case .server(let s, let d):
            return "server error \(s) after retries\(d.isEmpty ? "" : ": " + d)"
        case .badRequest(let s, let d):
            return "request rejected (\(s))\(d.isEmpty ? "" : ": " + d)"
        case .timedOut(let url, let s):
            return "no answer from \(Redact.url(url)) within \(Int(s)) s: check OPENAI_URL or raise the timeout"
        case .malformedStream(let d):
            return "malformed stream from the server: \(d)"
        case .interrupted(let d):
            return "stream interrupted: \(d)"
        case .cancelled:
            return "cancelled"
        case .invalidURL(let u):
            return "invalid AI URL '\(Redact.url(u))': set OPENAI_URL, --ai-url or ai.url to an http(s) URL"
        }
    }
}
