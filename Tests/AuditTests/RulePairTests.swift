import Foundation
import Testing
@testable import Audit

/// Every rule's vulnerable/fixed pairs (Fixtures/<rule-id>/): a vulnerable file's findings are
/// exactly its `// expect: <rule-id>` markers (rule and 1-based line), a fixed file has none.
@Suite struct RulePairTests {
    static let files: [String] = {
        let dirs = (try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []
        return dirs.sorted().flatMap { d in
            ((try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/" + d)) ?? []).sorted()
                .filter { $0.hasSuffix(".rs") }.map { d + "/" + $0 }
        }
    }()

    static func expectations(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [String] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: "// expect: ") { out.append("\(line[r.upperBound...].trimmingCharacters(in: .whitespaces)):\(i + 1)") }
        }
        return out.sorted()
    }

    @Test(arguments: files) func findingsAreExactlyTheMarkedLines(_ file: String) throws {
        let path = fixtures + "/" + file
        let report = try audit(path)
        let got = report.findings.map { "\($0.ruleID):\($0.line)" }.sorted()
        #expect(got == (try Self.expectations(path)), "\(file): \(report.findings.map { "\($0.ruleID):\($0.line) \($0.message)" })")
        if file.contains("fixed") { #expect(report.findings.isEmpty) }
    }

    @Test func everyRuleHasAVulnerableAndAFixedFile() throws {
        for rule in Catalog.all where rule.id != Catalog.parseError.id {
            let mine = Self.files.filter { $0.hasPrefix(rule.id + "/") }
            #expect(mine.contains { $0.contains("fixed") }, "\(rule.id) has no fixed file")
            let marked = try mine.filter { try Self.expectations(fixtures + "/" + $0).contains { $0.hasPrefix(rule.id + ":") } }
            #expect(!marked.isEmpty, "\(rule.id) has no vulnerable file marking it")
        }
    }

    @Test func severitiesAndColumnsComeFromTheRule() throws {
        let report = try audit(fixtures + "/missing-signer/vulnerable.rs")
        let f = try #require(report.findings.first)
        #expect(f.severity == .critical)
        #expect(f.file == "vulnerable.rs")
        #expect(f.column == 9)   // `authority` in `    pub authority: …`
        #expect(f.snippet.contains("pub authority: AccountInfo"))
    }
}
