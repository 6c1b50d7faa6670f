import Foundation
import Testing
@testable import OVSMKit

/// Every case of the shared corpus (../shared/conformance/ovsm) and of our own corpus
/// (Tests/ovsm-cases) must pass (spec §15).
@Suite struct ConformanceTests {
    static let sharedDir = CaseRunner.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/ovsm")
    static let ownDir = CaseRunner.repoRoot.appendingPathComponent("Tests/ovsm-cases")

    @Test func sharedCorpusIsPresent() {
        #expect(CaseRunner.cases(in: Self.sharedDir).count > 300, "missing \(Self.sharedDir.path)")
    }

    @Test func sharedCorpus() {
        var failures: [String] = []
        for file in CaseRunner.cases(in: Self.sharedDir) {
            if let f = CaseRunner.check(file: file) { failures.append("\((file as NSString).lastPathComponent): \(f)") }
        }
        #expect(failures.isEmpty, "\(failures.count) failing:\n\(failures.joined(separator: "\n"))")
    }

    @Test func ownCorpus() {
        let files = CaseRunner.cases(in: Self.ownDir)
        #expect(files.count >= 20)
        var failures: [String] = []
        for file in files {
            if let f = CaseRunner.check(file: file) { failures.append("\((file as NSString).lastPathComponent): \(f)") }
        }
        #expect(failures.isEmpty, "\(failures.count) failing:\n\(failures.joined(separator: "\n"))")
    }

    @Test func examplesRunOffline() {
        // Examples that need no RPC run here; RPC examples run against the local validator in ChainTests.
        let dir = CaseRunner.repoRoot.appendingPathComponent("Examples")
        let files = CaseRunner.cases(in: dir).filter { !$0.contains("/rpc-") }
        #expect(files.count >= 4)
        for file in files {
            let source = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            let (outcome, _) = CaseRunner.evaluate(source)
            #expect(outcome.error == nil, "\(file): \(outcome.error.map { "\($0)" } ?? "")")
        }
    }
}
