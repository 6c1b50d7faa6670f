import Foundation

/// One line of the merged log: script output, RPC calls, errors.
public struct LogLine: Sendable, Equatable, Codable {
    public enum Level: String, Sendable, Codable { case debug, info, warn, error }
    public var time: String
    public var level: Level
    public var text: String
    public init(time: String, level: Level, text: String) { self.time = time; self.level = level; self.text = text }
}

/// The log pane: a bounded ring buffer with follow/pause and a filter. Lines carry an
/// absolute sequence number (`received` counts every line ever added); the filter keeps
/// the sequence numbers of matching lines, updated incrementally, so drawing never scans
/// the whole ring.
public struct LogState: Sendable {
    public static let capacity = 100_000
    public var lines = RingBuffer<LogLine>(capacity: LogState.capacity)
    public var follow = true
    /// Visible lines scrolled up from the bottom (when not following).
    public var offset = 0
    public private(set) var filter = ""
    private var needle = ""
    /// Sequence numbers of lines matching `filter` (oldest first).
    private var matches: [Int] = []
    public var filterInput: TextBuffer?
    /// Total lines ever received (the ring drops the oldest).
    public private(set) var received = 0

    /// Sequence number of the oldest line still in the ring.
    var firstSequence: Int { received - lines.count }

    func isMatch(_ l: LogLine) -> Bool { l.text.lowercased().contains(needle) }

    mutating func append(_ new: [LogLine]) {
        let base = received
        lines.append(contentsOf: new)
        received += new.count
        var added = new.count
        if !filter.isEmpty {
            added = 0
            for (i, l) in new.enumerated() where isMatch(l) { matches.append(base + i); added += 1 }
            let first = firstSequence
            if let keep = matches.firstIndex(where: { $0 >= first }), keep > 0 { matches.removeFirst(keep) }
            else if matches.last.map({ $0 < first }) == true { matches.removeAll() }
        }
        if !follow { offset += added }
    }

    mutating func setFilter(_ f: String) {
        filter = f
        needle = f.lowercased()
        matches = []
        offset = 0
        guard !f.isEmpty else { return }
        let first = firstSequence
        for i in 0..<lines.count where isMatch(lines[i]) { matches.append(first + i) }
    }

    mutating func clear() {
        lines = RingBuffer(capacity: LogState.capacity)
        matches = []
        offset = 0
    }

    /// Number of lines the pane can show (all, or the matching ones).
    var visibleCount: Int { filter.isEmpty ? lines.count : matches.count }

    /// Ring indexes of the lines to draw, oldest first (at most `limit`).
    func visibleIndexes(limit: Int) -> [Int] {
        let skip = follow ? 0 : offset
        let end = max(0, visibleCount - skip)
        let start = max(0, end - limit)
        if filter.isEmpty { return Array(start..<end) }
        let first = firstSequence
        return matches[start..<end].compactMap { $0 >= first ? $0 - first : nil }
    }
}
