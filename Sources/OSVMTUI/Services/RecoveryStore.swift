import Foundation
import OSVMSettings
#if canImport(Glibc)
import Glibc
#endif

/// An unsaved buffer left by a workbench that is no longer running.
public struct RecoveryOrphan: Sendable, Equatable, Codable {
    /// The recovery file itself.
    public var file: String
    /// The file the buffer belonged to (nil: an untitled buffer).
    public var path: String?
    public var text: String
    public init(file: String, path: String?, text: String) { self.file = file; self.path = path; self.text = text }

    /// "watch.ovsm, 12 lines" for the start-up question.
    public var summary: String {
        let name = path.map { ($0 as NSString).lastPathComponent } ?? "an untitled buffer"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        return "\(name), \(lines) line\(lines == 1 ? "" : "s")"
    }
}

/// One recovery file per running workbench: `~/.osvm/recovery/recovery-<pid>.ovsm` (0600),
/// next to `recovery-<pid>.lock`, which the process holds with `flock` for its lifetime.
/// Two workbenches never write the same file, and at start-up a recovery file whose lock
/// is free belongs to a process that is gone (quit, killed, crashed): an orphan to offer.
/// (The lock is on a separate file because the recovery file is replaced by rename.)
public final class RecoveryStore: @unchecked Sendable {
    public let dir: String
    public let pid: Int32
    private let lock = NSLock()
    private var lockFD: Int32 = -1
    static let header = ";; osvm-tui recovery: "

    public var file: String { "\(dir)/recovery-\(pid).ovsm" }
    var lockFile: String { "\(dir)/recovery-\(pid).lock" }
    /// The single file of versions before per-process recovery (offered once, then removed).
    var legacyFile: String { (dir as NSString).deletingLastPathComponent + "/tui_recovery.ovsm" }

    public init(home: String, pid: Int32 = getpid()) {
        dir = home + "/.osvm/recovery"
        self.pid = pid
        try? PrivateFile.makeDirectory(dir)
        let fd = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 { lockFD = fd } else if fd >= 0 { close(fd) }
    }

    deinit { release() }

    /// Gives up the lock (the process is quitting; a test ends an instance).
    public func release() {
        lock.withLock {
            if lockFD >= 0 { close(lockFD); lockFD = -1; unlink(lockFile) }
        }
    }

    /// Writes and removals run in the order they were asked for, on one queue: a write in
    /// the background (`writeLater`) never lands after a later `clear` or `write`.
    private let queue = DispatchQueue(label: "osvm.recovery")

    /// Replaces this instance's recovery file (temp file + fsync + rename, 0600), after
    /// any pending background write; returns when the file is on disk.
    public func write(path: String?, text: String) {
        queue.sync { writeNow(path: path, text: text) }
    }

    /// Writes in the background: `text` is produced on the queue, so a large buffer is
    /// turned into text and written without holding up the caller (the workbench's key
    /// handling). Used for the coalesced writes while typing.
    public func writeLater(path: String?, text: @escaping @Sendable () -> String) {
        queue.async { self.writeNow(path: path, text: text()) }
    }

    private func writeNow(path: String?, text: String) {
        lock.withLock {
            try? PrivateFile.makeDirectory(dir)
            // One copy of a large text, not three (concatenated string, then Data).
            var data = Data((Self.header + (path ?? "") + "\n").utf8)
            var text = text
            text.withUTF8 { data.append($0) }
            try? AtomicFile.write(data, to: file)
        }
    }

    /// Removes the recovery file (after any pending background write).
    public func clear() { queue.sync { lock.withLock { _ = unlink(file) } } }

    /// Removes it in order after pending writes, without waiting.
    public func clearLater() { queue.async { self.lock.withLock { _ = unlink(self.file) } } }

    /// Returns when every queued write and removal is done (tests).
    public func drain() { queue.sync {} }

    /// This instance's own recovery (tests; the buffer a crash would leave).
    public func current() -> RecoveryOrphan? { Self.read(file) }

    static func read(_ file: String) -> RecoveryOrphan? {
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(data: data, encoding: .utf8), text.hasPrefix(header) else { return nil }
        let body = text.dropFirst(header.count)
        guard let nl = body.firstIndex(of: "\n") else { return nil }
        let path = String(body[..<nl])
        return RecoveryOrphan(file: file, path: path.isEmpty ? nil : path, text: String(body[body.index(after: nl)...]))
    }

    /// Recovery files of workbenches that are not running, newest first.
    public func orphans() -> [RecoveryOrphan] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        var found: [(Date, RecoveryOrphan)] = []
        for name in names where name.hasPrefix("recovery-") && name.hasSuffix(".ovsm") {
            let file = dir + "/" + name
            guard file != self.file, !Self.isLocked(String(file.dropLast(5)) + ".lock"), let o = Self.read(file) else { continue }
            found.append((Self.modified(file), o))
        }
        if let o = Self.read(legacyFile) { found.append((Self.modified(legacyFile), o)) }
        return found.sorted { $0.0 > $1.0 }.map(\.1)
    }

    /// Takes an orphan over: its text becomes this instance's recovery, then it is removed
    /// (in that order, so a crash in between leaves two copies, never none).
    public func adopt(_ o: RecoveryOrphan) {
        write(path: o.path, text: o.text)
        discard(o)
    }

    /// Removes an orphan (the user chose to drop it).
    public func discard(_ o: RecoveryOrphan) {
        unlink(o.file)
        if o.file.hasPrefix(dir + "/") { unlink(String(o.file.dropLast(5)) + ".lock") }
    }

    /// True when another open file description holds the lock (its process is running).
    static func isLocked(_ lockFile: String) -> Bool {
        let fd = open(lockFile, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }        // no lock file: nobody holds it
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { flock(fd, LOCK_UN); return false }
        return true
    }

    static func modified(_ file: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date) ?? .distantPast
    }
}
