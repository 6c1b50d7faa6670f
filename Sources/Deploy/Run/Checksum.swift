import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OSVMSettings
import OVSMKit

/// SHA-256 of local files, compared with `sha256sum` on the host after upload. The file is
/// streamed through OVSMKit's `SHA256` (osvm's one SHA-256) in 1 MiB reads, so a large
/// validator binary is never held in memory.
public enum Checksum {
    /// Lower-case hex SHA-256 of the file at `path`; a plain error naming the file otherwise
    /// ("cannot read /x/agave: no such file").
    public static func sha256(file path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DeployError.local(PlainError.file("read", path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw DeployError.local("cannot read \(path): is a directory")
        }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw DeployError.local(PlainError.file("read", path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)))
            }
            hasher.update(buffer[0..<n])
        }
        return Hex.encode(hasher.finalize())
    }
}
