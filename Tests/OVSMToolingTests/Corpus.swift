import Foundation
import Synchronization
import OVSMKit

/// The programs the tooling is proven on: the shared conformance corpus (read-only),
/// our own cases and the examples; and a deterministic way to run one.
enum Corpus {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static let dirs = [
        repoRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/ovsm"),
        repoRoot.appendingPathComponent("Tests/ovsm-cases"),
        repoRoot.appendingPathComponent("Examples"),
    ]

    /// (file name, source) of every `.ovsm` file of the corpus directories.
    static func files() -> [(name: String, source: String)] {
        dirs.flatMap { dir -> [(name: String, source: String)] in
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".ovsm") }.sorted()
            return names.compactMap { n in
                (try? String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8)).map { (n, $0) }
            }
        }
    }

    /// The expected error category of a corpus case (`;; expect-error:`), if any.
    static func expectsError(_ source: String) -> Bool {
        source.split(separator: "\n").contains { $0.hasPrefix(";; expect-error:") }
    }

    /// Runs a program on a deterministic offline host: (printed result or error category, output).
    static func run(_ source: String) -> (String, String) {
        let buffer = Mutex("")
        var host = Host()
        host.output = { s in buffer.withLock { $0 += s } }
        let outcome = LargeStack.value { Interpreter(host: host).run(source: source) }
        let result: String
        switch outcome {
        case .success: result = outcome.printed
        case .failure(let e): result = "error " + e.category.rawValue
        }
        return (result, buffer.withLock { $0 })
    }
}
