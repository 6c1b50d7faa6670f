import Foundation

/// `osvm audit <git URL>`: a shallow clone with the system `git` into a temporary directory.
public enum GitSource {
    public static func isGitURL(_ s: String) -> Bool {
        ["https://", "http://", "git://", "ssh://", "file://", "git@"].contains { s.hasPrefix($0) } || s.hasSuffix(".git") && !FileManager.default.fileExists(atPath: s)
    }

    /// Clones `url` and returns the checkout directory; the caller removes `parent` afterwards.
    public static func clone(_ url: String) throws -> (checkout: String, parent: String) {
        let parent = NSTemporaryDirectory() + "osvm-audit-clone-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let checkout = parent + "/repo"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "clone", "--quiet", "--depth", "1", "--", url, checkout]
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            try? FileManager.default.removeItem(atPath: parent)
            throw AuditError.input("cannot run git: \(error.localizedDescription)")
        }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            try? FileManager.default.removeItem(atPath: parent)
            throw AuditError.input("git clone \(url) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return (checkout, parent)
    }
}
