import Foundation
import Testing
@testable import OSVMTUI

/// Helpers: a fresh state, key sequences, and golden snapshots stored beside the tests.
enum Fixture {
    static func state(width: Int = 100, height: Int = 30) -> AppState {
        let theme = Theme.load("dark", searchPaths: []) ?? Theme(name: "t")
        var s = AppState(theme: theme, status: ChainStatus(cluster: "localnet", url: "http://127.0.0.1:8899"))
        s.width = width; s.height = height
        return s
    }

    @discardableResult
    static func keys(_ s: inout AppState, _ keys: [Key]) -> [Effect] {
        var all: [Effect] = []
        for k in keys { all += Update.reduce(&s, .key(k)) }
        return all
    }

    static func type(_ s: inout AppState, _ text: String) {
        for c in text { _ = Update.reduce(&s, .key(c == "\n" ? .enter : .char(c))) }
    }
}

/// Compares `text` with `__Snapshots__/<name>.txt`; a missing snapshot or
/// RECORD_SNAPSHOTS=1 records it and fails.
func assertSnapshot(_ text: String, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let url = dir.appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if !record, let old = try? String(contentsOf: url, encoding: .utf8) {
        #expect(old == text, "snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records)", sourceLocation: sourceLocation)
        return
    }
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try? text.write(to: url, atomically: true, encoding: .utf8)
    Issue.record("recorded snapshot \(name); run the tests again", sourceLocation: sourceLocation)
}
