import Foundation
import Testing
import TestSupport
@testable import Audit

/// Tests/AuditTests/Peers/chat_peer.py: a real OpenAI chat-completions server on 127.0.0.1 with an
/// ephemeral port, answering as its mode says and logging every request it receives.
final class ChatPeer: @unchecked Sendable {
    static let script = repoRoot + "/Tests/AuditTests/Peers/chat_peer.py"
    let dir = TempDir()
    let peer: PortPeer
    var port: Int { peer.port }
    var log: String { dir.path + "/requests.jsonl" }

    init(_ mode: String) throws {
        peer = try PortPeer(executable: "/usr/bin/env", arguments: ["python3", Self.script, mode, dir.path + "/requests.jsonl"])
    }

    /// The request bodies received so far (the peer writes each before answering).
    var requests: [[String: Any]] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let body = o["body"] as? String else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    func stop() { peer.stop(grace: 5) }

    deinit { stop() }
}


/// A HOME whose ~/.config/osvm/config.yml points the assistant at `port` (nil: no config at all).
func aiHome(port: Int?) throws -> TempDir {
    let home = TempDir()
    if let port {
        try home.write(".config/osvm/config.yml", "ai:\n  url: http://127.0.0.1:\(port)/v1\n  model: audit-test-model\n")
    }
    return home
}

func auditCLI(_ args: [String], home: TempDir) throws -> Run {
    guard let parser = testParser else { throw NoParser() }
    return try run(osvmBinary, ["audit"] + args, env: ["OSVM_AUDIT_PYTHON": parser.python, "HOME": home.path])
}

func jsonFindings(_ r: Run) throws -> [[String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
    return try #require(object["findings"] as? [[String: Any]])
}

/// A rule finding as JSON without the AI's field: what must not change.
func deterministic(_ findings: [[String: Any]]) -> [NSDictionary] {
    findings.filter { $0["source"] == nil }.map { f in
        var f = f
        f["ai_explanation"] = nil
        return f as NSDictionary
    }
}

func warningLines(_ r: Run) -> [Substring] { r.stderr.split(separator: "\n").filter { $0.contains("warning:") } }

@Suite(.serialized) struct AuditAITests {
    let vulnerable = fixtures + "/missing-signer/vulnerable.rs"

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: osvmBinary), "build osvm first: \(osvmBinary)")
    }

    @Test func explanationsAttachAndTheFindingsAndExitStatusStayTheSame() throws {
        let peer = try ChatPeer("good")
        let home = try aiHome(port: peer.port)
        let plain = try auditCLI([vulnerable, "--format", "json", "--no-ai"], home: home)
        #expect(peer.requests.isEmpty, "--no-ai sent a request")
        let ai = try auditCLI([vulnerable, "--format", "json"], home: home)
        #expect(plain.status == 1 && ai.status == plain.status, "\(ai.stderr)")
        #expect(warningLines(ai).isEmpty, "\(ai.stderr)")
        let before = try jsonFindings(plain), after = try jsonFindings(ai)
        #expect(!before.isEmpty)
        #expect(deterministic(after) == deterministic(before))
        for f in after where f["source"] == nil {
            #expect(f["ai_explanation"] as? String == "AI explains \(f["id"]!) at \(f["file"]!):\(f["line"]!).")
        }
        let notes = after.filter { $0["source"] as? String == "ai" }
        #expect(notes.count == 1)
        #expect(notes.first?["severity"] as? String == "info")
        #expect(notes.first?["id"] as? String == "ai-note")
        #expect(notes.first?["line"] as? Int == before.first?["line"] as? Int)
        // One request, to the configured model, carrying the finding and the source around its line.
        let requests = peer.requests
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request["model"] as? String == "audit-test-model")
        let messages = try #require(request["messages"] as? [[String: Any]])
        #expect(messages.first?["role"] as? String == "system")
        let user = try #require(messages.last?["content"] as? String)
        #expect(user.count <= AIReviewPrompt.maxCharacters)
        let sent = try #require(try JSONSerialization.jsonObject(with: Data(user.drop(while: { $0 != "\n" }).utf8)) as? [[String: Any]])
        #expect(sent.count == before.count)
        let line = try #require(before.first?["line"] as? Int)
        let sourceLine = try String(contentsOfFile: vulnerable, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        #expect(sent.first?["rule"] as? String == before.first?["id"] as? String)
        #expect((sent.first?["source"] as? String)?.contains("\(line) | \(sourceLine)") == true, "\(sent)")
    }

    @Test func everyFormatMarksTheAISource() throws {
        let peer = try ChatPeer("good")
        let home = try aiHome(port: peer.port)
        let text = try auditCLI([vulnerable], home: home)
        #expect(text.status == 1)
        #expect(text.stdout.contains("== INFO =="), "\(text.stdout)")
        #expect(text.stdout.contains("[ai-note] AI note title (source: ai)"))
        #expect(text.stdout.contains("      ai: AI explains missing-signer at"))
        let markdown = try auditCLI([vulnerable, "--format", "markdown"], home: home)
        #expect(markdown.stdout.contains("> AI explanation (source: ai): AI explains missing-signer"))
        #expect(markdown.stdout.contains("(`ai-note`, source: ai)"))
        let html = try auditCLI([vulnerable, "--format", "html"], home: home)
        #expect(html.stdout.contains("<p class=\"ai\">AI explanation (source: ai): AI explains missing-signer"))
        #expect(html.stdout.contains("<i>(source: ai)</i>"))
        let sarif = try auditCLI([vulnerable, "--format", "sarif"], home: home)
        #expect(sarif.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let rules = try #require((run["tool"] as? [String: Any]).flatMap { $0["driver"] as? [String: Any] }?["rules"] as? [[String: Any]])
        let aiResults = results.filter { ($0["properties"] as? [String: Any])?["source"] as? String == "ai" }
        #expect(aiResults.count == 1)
        #expect(aiResults.first?["level"] as? String == "note")
        let index = try #require(aiResults.first?["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == "ai-note")
        #expect(results.contains { ($0["properties"] as? [String: Any])?["ai_explanation"] != nil })
        #expect(peer.requests.count == 4)
    }

    @Test func aFencedJSONCompletionIsAccepted() throws {
        let peer = try ChatPeer("fenced")
        let r = try auditCLI([vulnerable, "--format", "json"], home: try aiHome(port: peer.port))
        #expect(r.status == 1)
        #expect(warningLines(r).isEmpty, "\(r.stderr)")
        #expect(try jsonFindings(r).contains { $0["ai_explanation"] != nil })
    }

    @Test func withoutAConfiguredEndpointNothingIsSentAndNothingSaid() throws {
        let peer = try ChatPeer("good")
        // The peer is up, but nothing points at it: no config file, no OPENAI_URL.
        let r = try auditCLI([vulnerable, "--format", "json"], home: try aiHome(port: nil))
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(try jsonFindings(r).allSatisfy { $0["source"] == nil && $0["ai_explanation"] == nil })
        #expect(peer.requests.isEmpty)
        // --no-ai with the endpoint configured: no request either.
        let off = try auditCLI([vulnerable, "--no-ai"], home: try aiHome(port: peer.port))
        #expect(off.status == 1)
        #expect(off.stderr.isEmpty, "\(off.stderr)")
        #expect(peer.requests.isEmpty)
    }

    @Test func openaiURLInTheEnvironmentCountsAsConfigured() throws {
        let peer = try ChatPeer("good")
        guard let parser = testParser else { throw NoParser() }
        let r = try run(osvmBinary, ["audit", vulnerable, "--format", "json"],
                        env: ["OSVM_AUDIT_PYTHON": parser.python, "HOME": try aiHome(port: nil).path,
                              "OPENAI_URL": "http://127.0.0.1:\(peer.port)/v1", "OPENAI_MODEL": "env-model"])
        #expect(r.status == 1 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(try jsonFindings(r).contains { $0["ai_explanation"] != nil })
        #expect(peer.requests.map { $0["model"] as? String } == ["env-model"])
    }

    @Test func aCleanProgramSendsNothing() throws {
        let peer = try ChatPeer("good")
        let r = try auditCLI([fixtures + "/missing-signer/fixed.rs", "--format", "json"], home: try aiHome(port: peer.port))
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(try jsonFindings(r).isEmpty)
        #expect(peer.requests.isEmpty, "nothing to explain, so no request")
    }

    @Test(arguments: ["garbage", "status500", "slow", "closed"])
    func aBrokenEndpointIsOneWarningAndTheFullReport(mode: String) throws {
        let baseline = try auditCLI([vulnerable, "--format", "json", "--no-ai"], home: try aiHome(port: nil))
        let peer = try ChatPeer(mode == "closed" ? "good" : mode)
        if mode == "closed" { peer.stop() }   // the port is free again: connections are refused
        let started = Date()
        let r = try auditCLI([vulnerable, "--format", "json", "--ai-timeout", "3"], home: try aiHome(port: peer.port))
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == baseline.status, "\(mode): \(r.stderr)")
        // The full report: the same findings, none from the AI, none with an explanation.
        let findings = try jsonFindings(r)
        #expect(!findings.isEmpty)
        #expect(findings as [NSDictionary] == (try jsonFindings(baseline)) as [NSDictionary], "\(mode)")
        let warnings = warningLines(r)
        #expect(warnings.count == 1, "\(mode): \(r.stderr)")
        #expect(warnings.first?.contains("osvm audit: warning: AI pass skipped: ") == true, "\(mode): \(r.stderr)")
        switch mode {
        case "garbage":
            #expect(peer.requests.count == 1)
            #expect(r.stderr.contains("not a JSON object"))
        case "status500":
            #expect(peer.requests.count == 2)   // one retry, as the assistant's client does for 5xx
            #expect(r.stderr.contains("500"))
        case "slow":
            #expect(r.stderr.contains("timed out after 3 s") || r.stderr.contains("within 3 s"), "\(r.stderr)")
            #expect(r.stderr.contains("osvm audit: AI pass: asking audit-test-model at http://127.0.0.1:\(peer.port)/v1 about 1 finding(s)"),
                    "the progress line after 1 s: \(r.stderr)")
            #expect(seconds < 20, "the AI pass is bounded by --ai-timeout: \(seconds) s")
        default:
            #expect(r.stderr.contains("cannot reach"), "\(r.stderr)")
        }
    }
}

/// The prompt bound and the answer's validation, without a server.
@Suite struct AIReviewTests {
    func report(findings: Int, lineLength: Int) throws -> (AuditReport, TempDir) {
        let dir = TempDir()
        let line = "let amount = a - b; // " + String(repeating: "x", count: lineLength)
        try dir.write("src/lib.rs", Array(repeating: line, count: findings + 10).joined(separator: "\n"))
        let list = (0..<findings).map { i in
            Finding(ruleID: "unchecked-arithmetic", severity: .medium, title: "Unchecked arithmetic", file: "src/lib.rs", line: i + 1,
                    column: 5, message: "m\(i)", fix: "use checked_sub", snippet: line)
        }
        return (AuditReport(root: dir.path, findings: list, files: 1, lines: findings + 10, crates: [], parseSeconds: 0, analysisSeconds: 0), dir)
    }

    @Test func thePromptStaysWithinItsBound() throws {
        let (many, dir) = try report(findings: 200, lineLength: 1000)
        let p = withExtendedLifetime(dir) { AIReviewPrompt(report: many) }
        #expect(p.files["src/lib.rs"] == 210)
        #expect(p.user.count <= AIReviewPrompt.maxCharacters)
        #expect(p.keys.count <= AIReviewPrompt.maxFindings)
        #expect(p.keys.count + p.omitted == 200)
        #expect(p.omitted > 0)
        #expect(!p.user.contains(String(repeating: "x", count: 200)), "lines are cut")
    }

    @Test func theAnswerIsValidatedItemByItem() throws {
        let (r, dir) = try report(findings: 2, lineLength: 10)
        defer { withExtendedLifetime(dir) {} }
        let p = AIReviewPrompt(report: r)
        let answer = """
        ```json
        {"explanations":[{"id":"F1","text":"first\\u001b[31m red"},{"id":"F9","text":"unknown id"},{"id":"F2","text":""},{"id":"F2"}],
         "notes":[{"file":"src/lib.rs","line":3,"title":"t","message":"m"},{"file":"../etc/passwd","line":1,"title":"t","message":"m"},
                  {"file":"src/lib.rs","line":100000,"title":"t","message":"m"},{"file":"src/lib.rs","line":"3","title":"t","message":"m"},
                  {"file":"src/lib.rs","line":true,"title":"t","message":"m"}]}
        ```
        """
        let review = try AIReview.parse(answer, prompt: p)
        #expect(review.explanations == [0: "first [31m red"])
        #expect(review.notes.count == 1)
        #expect(review.ignored == 7)
        let applied = r.applying(review)
        try #require(applied.findings.count == 3)
        #expect(applied.findings[0].aiExplanation == "first [31m red")
        #expect(applied.findings[0].message == r.findings[0].message && applied.findings[0].severity == r.findings[0].severity)
        #expect(applied.findings[1].aiExplanation == nil)
        let note = applied.findings[2]
        #expect(note.source == .ai && note.severity == .info && note.line == 3 && note.snippet.hasPrefix("let amount"))
    }

    @Test(arguments: ["", "no json here", "[1,2]", "{\"other\":1}", "{\"explanations\":{}}", "```json\n{\"notes\":\"x\"}\n```"])
    func malformedAnswersAreRejected(answer: String) throws {
        let (r, _) = try report(findings: 1, lineLength: 10)
        #expect(throws: AIReview.Malformed.self) { try AIReview.parse(answer, prompt: AIReviewPrompt(report: r)) }
    }

    @Test func infoIsBelowEveryRuleSeverity() {
        #expect(Catalog.all.allSatisfy { $0.severity > .info })
        #expect(Catalog.parseError.severity > .info)
    }
}
