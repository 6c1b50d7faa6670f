import Foundation
import OSVMSettings

/// `osvm --version`: the release, the git commit and the build date.
///
/// SwiftPM has no build-time variables without a plugin, so the commit is read from the
/// source tree the binary was built in (the `.git` above `.build/…/osvm`: HEAD, a branch
/// ref or packed-refs, worktrees included; no `git` process), and the build date is the
/// executable's modification time. A copy installed away from its tree says
/// "commit unknown".
enum BuildInfo {
    static let version = OSVMVersion.release

    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    static func line() -> String {
        let exe = executable
        var date = "unknown"
        if let attrs = try? FileManager.default.attributesOfItem(atPath: exe.path), let m = attrs[.modificationDate] as? Date {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
            date = f.string(from: m)
        }
        let commit = gitCommit(near: exe.deletingLastPathComponent()).map { String($0.prefix(12)) } ?? "unknown"
        return "osvm \(version) (commit \(commit), built \(date))"
    }

    /// The commit checked out in the nearest git work tree above `start`.
    static func gitCommit(near start: URL) -> String? {
        var dir = start
        for _ in 0..<12 {
            let dotGit = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDir) {
                var gitDir = dotGit
                if !isDir.boolValue {   // a worktree: "gitdir: /path/.git/worktrees/NAME"
                    guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return nil }
                    let path = text.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
                    gitDir = URL(fileURLWithPath: path, relativeTo: dir)
                }
                return resolveHead(gitDir)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
        return nil
    }

    static func resolveHead(_ gitDir: URL) -> String? {
        guard let head = try? String(contentsOf: gitDir.appendingPathComponent("HEAD"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head.count == 40 ? head : nil }
        let ref = String(head.dropFirst(5))
        // Branch refs live in the common dir for worktrees.
        var dirs = [gitDir]
        if let common = try? String(contentsOf: gitDir.appendingPathComponent("commondir"), encoding: .utf8) {
            dirs.append(URL(fileURLWithPath: common.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: gitDir))
        }
        for d in dirs {
            if let v = try? String(contentsOf: d.appendingPathComponent(ref), encoding: .utf8) {
                return v.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let packed = try? String(contentsOf: d.appendingPathComponent("packed-refs"), encoding: .utf8) {
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) { return String(line.prefix(40)) }
            }
        }
        return nil
    }
}
