/// Text as lines, stored for large files: a two-level rope of UTF-8 chunks.
///
/// The text lives in chunks of about `target` bytes, each a run of whole lines (every
/// line ends with "\n" inside its chunk) with the byte offset of each line start. A line
/// is found by binary search over the chunks' first-line numbers, and an edit rewrites
/// only the chunk(s) it touches, so the work per keystroke follows the chunk (≤ 32 KB)
/// and the edit, not the file. Nothing is kept per character: a 50 MB file costs about
/// 50 MB plus 4 bytes a line. As a value type it copies on write per chunk: a copy of
/// the store shares every chunk, and a later edit copies only the chunk it changes.
///
/// Why not a piece table: the editor works in (row, column) positions, so a line-indexed
/// structure answers "line r" directly; chunks give the same per-edit cost without a
/// separate line index over pieces.
public struct LineStore: Sendable {
    struct Chunk: Sendable, Equatable {
        /// Lines, each followed by "\n".
        var bytes: [UInt8]
        /// Byte offset of every line start in `bytes`.
        var starts: [Int32]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            starts = Chunk.lineStarts(bytes)
        }

        static func lineStarts(_ bytes: [UInt8]) -> [Int32] {
            var s: [Int32] = []
            s.reserveCapacity(bytes.count / 32 + 1)
            var begin = 0
            bytes.withUnsafeBufferPointer { p in
                for i in 0..<p.count where p[i] == 0x0A {
                    s.append(Int32(begin)); begin = i + 1
                }
            }
            return s
        }

        /// Bytes of line `i` of the chunk, without its newline.
        func range(_ i: Int) -> Range<Int> {
            let a = Int(starts[i])
            let b = i + 1 < starts.count ? Int(starts[i + 1]) : bytes.count
            return a..<(b - 1)
        }
    }

    /// Chunk size in bytes; a chunk is split when it grows past twice this.
    public static let defaultTarget = 16 * 1024
    let target: Int

    private(set) var chunks: [Chunk]
    /// Line number of the first line of every chunk.
    private var firsts: [Int]
    public private(set) var lineCount: Int

    /// `chunkTarget` is for tests (small chunks exercise splitting with little text).
    public init(_ text: String = "", chunkTarget: Int = LineStore.defaultTarget) {
        target = max(1, chunkTarget)
        chunks = []; firsts = []; lineCount = 0
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        chunks = Self.cut(bytes, target: target)
        reindex(from: 0)
    }

    /// `bytes` (whole lines) cut into chunks of about `target` bytes at line ends.
    static func cut(_ bytes: [UInt8], target: Int) -> [Chunk] {
        guard bytes.count > 2 * target else { return bytes.isEmpty ? [] : [Chunk(bytes: bytes)] }
        var out: [Chunk] = []
        var begin = 0
        while begin < bytes.count {
            var end = min(bytes.count, begin + target)
            if end < bytes.count {
                // Extend to the end of the line (a very long line makes one big chunk).
                while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
            }
            out.append(Chunk(bytes: Array(bytes[begin..<end])))
            begin = end
        }
        return out
    }

    private mutating func reindex(from c: Int) {
        if firsts.count != chunks.count {
            firsts = Array(firsts.prefix(c))
            firsts.reserveCapacity(chunks.count)
            var n = c == 0 ? 0 : firsts[c - 1] + chunks[c - 1].starts.count
            for i in c..<chunks.count { firsts.append(n); n += chunks[i].starts.count }
            lineCount = n
        } else {
            var n = c == 0 ? 0 : firsts[c - 1] + chunks[c - 1].starts.count
            for i in c..<chunks.count { firsts[i] = n; n += chunks[i].starts.count }
            lineCount = n
        }
    }

    /// The chunk holding line `row` (binary search) and the line's index in it.
    func locate(_ row: Int) -> (chunk: Int, line: Int) {
        var lo = 0, hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firsts[mid] <= row { lo = mid } else { hi = mid - 1 }
        }
        return (lo, row - firsts[lo])
    }

    /// Line `row` as a string (no newline).
    public func line(_ row: Int) -> String {
        let (c, l) = locate(row)
        let ch = chunks[c]
        return String(decoding: ch.bytes[ch.range(l)], as: UTF8.self)
    }

    /// The first byte of line `row` (nil when empty): cheap checks without a String.
    public func firstByte(_ row: Int) -> UInt8? {
        let (c, l) = locate(row)
        let r = chunks[c].range(l)
        return r.isEmpty ? nil : chunks[c].bytes[r.lowerBound]
    }

    /// Byte length of line `row`.
    public func byteCount(_ row: Int) -> Int { let (c, l) = locate(row); return chunks[c].range(l).count }

    /// Total text size in bytes (newlines included).
    public var byteCount: Int { chunks.reduce(0) { $0 + $1.bytes.count } - 1 }

    /// The whole text (the last line has no newline).
    public var text: String {
        var all: [UInt8] = []
        all.reserveCapacity(byteCount + 1)
        for c in chunks { all.append(contentsOf: c.bytes) }
        all.removeLast()
        return String(decoding: all, as: UTF8.self)
    }

    /// Replaces lines `rows` (possibly empty: an insertion before `rows.lowerBound`) with
    /// `lines`. The result keeps at least one line. Work: the touched chunks plus the new
    /// text, and an index update over the chunk list (integers, no text).
    public mutating func replace(_ rows: Range<Int>, with lines: [String]) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= lineCount)
        var newLines = lines
        if rows.count == lineCount, newLines.isEmpty { newLines = [""] }
        // The chunks involved: from the one holding the first row to the one holding the last.
        let (ca, la): (Int, Int) = rows.lowerBound < lineCount ? locate(rows.lowerBound)
            : (chunks.count - 1, chunks[chunks.count - 1].starts.count)
        let (cb, lb): (Int, Int) = rows.isEmpty ? (ca, la) : {
            let (c, l) = locate(rows.upperBound - 1); return (c, l + 1)
        }()
        let first = chunks[ca], last = chunks[cb]
        let headEnd = la < first.starts.count ? Int(first.starts[la]) : first.bytes.count
        let tailStart = lb < last.starts.count ? Int(last.starts[lb]) : last.bytes.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headEnd + (last.bytes.count - tailStart) + newLines.reduce(0) { $0 + $1.utf8.count + 1 })
        bytes.append(contentsOf: first.bytes[0..<headEnd])
        for l in newLines { bytes.append(contentsOf: l.utf8); bytes.append(0x0A) }
        bytes.append(contentsOf: last.bytes[tailStart...])
        var replacement = Self.cut(bytes, target: target)
        if replacement.isEmpty, chunks.count == cb - ca + 1 { replacement = [Chunk(bytes: [0x0A])] }
        chunks.replaceSubrange(ca...cb, with: replacement)
        reindex(from: ca)
    }
}

extension LineStore {
    /// How many chunks of `self` do not share storage with `other`: after an edit of a
    /// copy, the chunks the edit rewrote (a count, not a timing, for tests and the bench).
    public func chunksNotShared(with other: LineStore) -> Int {
        var theirs = Set<UnsafeRawPointer>()
        for c in other.chunks { c.bytes.withUnsafeBytes { if let p = $0.baseAddress { theirs.insert(p) } } }
        var n = 0
        for c in chunks { c.bytes.withUnsafeBytes { if let p = $0.baseAddress, theirs.contains(p) { return }; n += 1 } }
        return n
    }

    public var chunkCount: Int { chunks.count }
}

extension LineStore: Equatable {
    /// Same text (chunk boundaries may differ).
    public static func == (a: LineStore, b: LineStore) -> Bool {
        if a.chunks == b.chunks { return true }
        guard a.lineCount == b.lineCount, a.byteCount == b.byteCount else { return false }
        return a.text == b.text
    }
}
