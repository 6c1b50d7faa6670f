import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files that grow line by line (chat logs, the workbench history): opened for appending
/// with mode 0600, and an existing file wider than that is narrowed, never widened.
public enum PrivateFile {
    public static func openForAppending(_ path: String) throws(SettingsError) -> FileHandle {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try makeDirectory(dir) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SettingsError("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        var st = stat()
        if fstat(fd, &st) == 0, st.st_mode & 0o077 != 0 { _ = fchmod(fd, st.st_mode & 0o700) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Creates `dir` and missing parents with mode 0700; an existing directory is left alone.
    public static func makeDirectory(_ dir: String) throws(SettingsError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue { return }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw SettingsError(PlainError.file("create directory", dir, error))
        }
    }

    /// Writes every byte (retrying short writes and EINTR); an error text or nil.
    static func writeAll(_ fd: Int32, _ data: Data) -> String? {
        data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }

    /// The file's permission bits when group or others have any access; nil otherwise.
    public static func accessibleByOthers(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & 0o077 != 0 else { return nil }
        return st.st_mode & 0o777
    }

    /// `ssh`-style check for a file holding a private key: a warning when group or others
    /// may read or write it, nil otherwise (or when it cannot be stat'ed; reading reports that).
    public static func unprotectedWarning(_ path: String, what: String = "keypair file") -> String? {
        guard let m = accessibleByOthers(path) else { return nil }
        let mode = String(m, radix: 8)
        return "warning: UNPROTECTED PRIVATE KEY FILE: \(what) \(path) has mode 0\(mode) and is accessible by other users; run: chmod 600 \(path)"
    }
}
