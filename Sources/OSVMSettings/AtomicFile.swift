import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole file so that readers see the old or the new content, never half, and a
/// crash leaves the old file: a temporary sibling is written, fsynced and renamed over the
/// target, then the directory is fsynced.
///
/// Permissions: files osvm writes can hold secrets (Bearer tokens, API keys, chat text),
/// so the default mode is 0600. An existing file keeps any stricter mode it has (the new
/// mode is the requested one masked by the old), so a rewrite never widens access.
/// Missing parent directories are created 0700.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws(SettingsError) {
        let target = resolved(path)
        var st = stat()
        try replace(target, with: data, mode: stat(target, &st) == 0 ? (mode & st.st_mode & 0o7777) : mode)
    }

    /// A file that belongs to the user rather than to osvm (a script saved from the editor):
    /// an existing file keeps its mode exactly (executable bit included); a new one gets
    /// 0666 minus the umask, as any editor would create it.
    public static func writeDocument(_ data: Data, to path: String) throws(SettingsError) {
        let target = resolved(path)
        var st = stat()
        if stat(target, &st) == 0 { return try replace(target, with: data, mode: st.st_mode & 0o7777) }
        try replace(target, with: data, mode: 0o666 & ~currentUmask())
    }

    /// A symlinked file (dotfiles managers link config files) is replaced where it lives,
    /// so the link survives the rename.
    static func resolved(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return path }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// The process umask, read from /proc: calling umask() to read it would change it for
    /// a moment under the other threads.
    static func currentUmask() -> mode_t {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
              let value = mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) else { return 0o022 }
        return value
    }

    private static func replace(_ path: String, with data: Data, mode finalMode: mode_t) throws(SettingsError) {
        let dir = (path as NSString).deletingLastPathComponent
        try PrivateFile.makeDirectory(dir.isEmpty ? "." : dir)
        let tmp = (dir.isEmpty ? "." : dir) + "/." + (path as NSString).lastPathComponent
            + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SettingsError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var failure: String?
        // fchmod: the mode given to open() is masked by the umask; this one is exact.
        if fchmod(fd, finalMode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil { failure = PrivateFile.writeAll(fd, data) }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(tmp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(tmp)
            throw SettingsError("cannot write \(path): \(failure)")
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }
}
