import Foundation
import Testing
@testable import Audit

@Suite struct ReportTests {
    static func sample() throws -> AuditReport {
        let dir = try WorkspaceTests.anchorWorkspace()
        try dir.write("programs/vault/src/extra.rs", try String(contentsOfFile: fixtures + "/missing-signer/vulnerable.rs", encoding: .utf8))
        let report = try audit(dir.path)
        return AuditReport(root: "/audited/root", findings: report.findings, files: report.files, lines: report.lines,
                           crates: report.crates, parseSeconds: report.parseSeconds, analysisSeconds: report.analysisSeconds)
    }

    @Test func jsonHasTheIssuesShape() throws {
        let r = try Self.sample()
        let object = try JSONSerialization.jsonObject(with: Data(JSONReport.render(r).utf8)) as! [String: Any]
        let findings = object["findings"] as! [[String: Any]]
        #expect(findings.count == 2)
        #expect(Set(findings[0].keys) == ["id", "severity", "title", "file", "line", "column", "message", "fix"])
        #expect(findings[0]["id"] as? String == "missing-signer")
        #expect(findings[0]["severity"] as? String == "critical")
        #expect(findings[0]["file"] as? String == "programs/vault/src/extra.rs")
        #expect(findings[0]["line"] as? Int == 18)
        let summary = object["summary"] as! [String: Any]
        #expect(summary["total"] as? Int == 2)
        #expect((summary["by_severity"] as? [String: Int])?["critical"] == 1)
    }

    @Test func textIsGroupedBySeverityWithACaret() throws {
        let text = TextReport.render(try Self.sample(), color: false)
        let critical = try #require(text.range(of: "== CRITICAL =="))
        let medium = try #require(text.range(of: "== MEDIUM =="))
        #expect(critical.lowerBound < medium.lowerBound)
        #expect(text.contains("programs/vault/src/extra.rs:18:9: [missing-signer]"))
        #expect(text.contains("      |     pub authority: AccountInfo<'info>, // expect: missing-signer\n      |         ^\n"))
    }

    @Test func htmlIsSelfContainedWithWorkingLinks() throws {
        let html = HTMLReport.render(try Self.sample())
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\""))
        #expect(!html.contains("<link"))
        // Every in-page link has its target.
        let hrefs = html.components(separatedBy: "href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(hrefs.count >= 6)
        for h in hrefs { #expect(html.contains("id=\"\(h)\""), "no target for #\(h)") }
        #expect(html.contains("By rule") && html.contains("By file"))
        #expect(!html.contains("<'info>"))   // escaped
    }

    @Test func sarifIsVersion210WithRulesAndRegions() throws {
        let r = try Self.sample()
        let object = try JSONSerialization.jsonObject(with: Data(SARIFReport.render(r).utf8)) as! [String: Any]
        #expect(object["version"] as? String == "2.1.0")
        let run = (object["runs"] as! [[String: Any]])[0]
        let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
        let rules = driver["rules"] as! [[String: Any]]
        #expect(rules.count == Catalog.all.count)
        let results = run["results"] as! [[String: Any]]
        #expect(results.count == 2)
        let first = results[0]
        let ruleIndex = first["ruleIndex"] as! Int
        #expect(rules[ruleIndex]["id"] as? String == first["ruleId"] as? String)
        #expect(first["level"] as? String == "error")
        let location = ((first["locations"] as! [[String: Any]])[0]["physicalLocation"]) as! [String: Any]
        #expect((location["artifactLocation"] as! [String: Any])["uri"] as? String == "programs/vault/src/extra.rs")
        #expect((location["region"] as! [String: Any])["startLine"] as? Int == 18)
    }

    @Test func markdownHasSectionsAndLocations() throws {
        let md = MarkdownReport.render(try Self.sample())
        #expect(md.contains("## Critical"))
        #expect(md.contains("`programs/vault/src/extra.rs:18:9`"))
    }
}
