import Assistant
import Audit
import Chain
import Foundation
import OSVMSettings

/// The optional AI pass of `osvm audit` (docs/AUDIT.md, "AI pass"): the rule findings and the
/// source around them go to the configured chat endpoint through the assistant's `ChatClient`;
/// explanations and `info` notes come back. It never changes a rule finding or the exit status,
/// and any failure is one warning line on stderr with the report otherwise complete.
enum AuditAIPass {
    /// The assistant's settings when an endpoint is configured (flag, `OPENAI_URL` or `ai.url`):
    /// the built-in default (a local Ollama URL) does not count, as in `osvm doctor`. A broken
    /// config skips the pass with a warning, since the audit itself does not need it.
    static func configuration() -> AIConfig? {
        do {
            let settings = try CLISettings.load()
            guard try settings.aiURL().origin != .defaultValue else { return nil }
            return try AIConfig(settings)
        } catch {
            warn("AI pass skipped: \(PlainError.describe(error))")
            return nil
        }
    }

    /// `report` with the AI's explanations and notes, or `report` itself after a warning.
    static func run(_ report: AuditReport, config base: AIConfig, timeout: Double) async -> AuditReport {
        let prompt = AIReviewPrompt(report: report)
        // Nothing to explain: no request (the pass comments on rule findings, it is not a second auditor).
        guard !prompt.keys.isEmpty else { return report }
        var config = base
        config.timeout = min(timeout, config.timeout)   // idle timeout; `timeout` bounds the whole pass
        config.maxRetries = 1
        let client = ChatClient(config: config)
        let progress = Task {
            try await Task.sleep(nanoseconds: 1_000_000_000)
            let omitted = prompt.omitted > 0 ? " (\(prompt.omitted) more left out by the size bound)" : ""
            FileHandle.standardError.write(Data(
                "osvm audit: AI pass: asking \(config.model) at \(Redact.url(config.url)) about \(prompt.keys.count) finding(s)\(omitted)…\n".utf8))
        }
        defer { progress.cancel() }
        let messages: [ChatMessage] = [.system(prompt.system), .user(prompt.user)]
        let answer = await Deadline.run(seconds: timeout) { try await client.complete(messages: messages) }
        progress.cancel()
        switch answer {
        case .failure(let error):
            warn("AI pass skipped: \(PlainError.describe(error))")
            return report
        case .success(let turn):
            do {
                let review = try AIReview.parse(turn.content, prompt: prompt)
                if review.ignored > 0 {
                    warn("AI answer: \(review.ignored) item(s) ignored (unknown finding id, line outside the shown files, or not a string)")
                }
                return report.applying(review)
            } catch {
                warn("AI pass skipped: \(error)")
                return report
            }
        }
    }

    static func warn(_ s: String) {
        FileHandle.standardError.write(Data("osvm audit: warning: \(TerminalText.line(s))\n".utf8))
    }
}
