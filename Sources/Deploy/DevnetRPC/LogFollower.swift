import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tail -f` for the node's log: the last lines, then whatever is appended. A log that
/// is truncated (copytruncate) or replaced (rotation by rename) is followed from its new
/// start instead of going silent.
public final class LogFollower {
    public let path: String
    private var offset: UInt64 = 0
    private var inode: UInt64?

    /// Follows from the current end of the file (or from its start once it appears).
    public init(path: String) {
        self.path = path
        if let (size, ino) = Self.fileInfo(path) { (offset, inode) = (size, ino) }
    }

    public enum Event: Equatable, Sendable {
        case data(Data)
        /// The file shrank or was replaced: following restarts at its beginning.
        case restarted
    }

    /// New bytes since the last call (possibly none). Never blocks.
    public func poll(maxBytes: Int = 1 << 20) -> [Event] {
        guard let (size, ino) = Self.fileInfo(path) else { return [] }   // removed: wait for it to come back
        var events: [Event] = []
        if let inode, inode != ino || size < offset {
            offset = 0
            events.append(.restarted)
        }
        inode = ino
        guard size > offset, let h = FileHandle(forReadingAtPath: path) else { return events }
        defer { try? h.close() }
        do {
            try h.seek(toOffset: offset)
            let data = try h.read(upToCount: min(maxBytes, Int(size - offset))) ?? Data()
            offset += UInt64(data.count)
            if !data.isEmpty { events.append(.data(data)) }
        } catch {}
        return events
    }

    /// The last `count` lines of a file (fewer when it is shorter; "" when it is missing).
    /// Reads only the file's tail, so a multi-gigabyte validator log costs nothing.
    public static func lastLines(of path: String, count: Int) -> String {
        guard count > 0, let h = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? h.close() }
        guard let end = try? h.seekToEnd(), end > 0 else { return "" }
        var chunk = 64 * 1024
        while true {
            let start = end > UInt64(chunk) ? end - UInt64(chunk) : 0
            guard (try? h.seek(toOffset: start)) != nil, let data = try? h.readToEnd() else { return "" }
            var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }   // the final newline
            // From the middle of the file the first line is partial: need one more than asked.
            if lines.count > count || start == 0 {
                let picked = lines.suffix(count)
                return picked.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n") + (picked.isEmpty ? "" : "\n")
            }
            chunk *= 4
        }
    }

    private static func fileInfo(_ path: String) -> (size: UInt64, inode: UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_size), UInt64(st.st_ino))
    }
}
