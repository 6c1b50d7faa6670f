/// One line of the merged log: script output, RPC calls, errors.
public struct LogLine: Sendable, Equatable {
    public enum Level: String, Sendable { case debug, info, warn, error }
    public var time: String
    public var level: Level
    public var text: String
    public init(time: String, level: Level, text: String) { self.time = time; self.level = level; self.text = text }
}

/// The log pane: a bounded ring buffer with follow/pause and a filter.
public struct LogState: Sendable {
    public static let capacity = 100_000
    public var lines = RingBuffer<LogLine>(capacity: LogState.capacity)
    public var follow = true
    /// Lines scrolled up from the bottom (when not following).
    public var offset = 0
    public var filter = ""
    public var filterInput: TextBuffer?
    /// Total lines ever received (the ring drops the oldest).
    public var received = 0

    mutating func append(_ new: [LogLine]) {
        lines.append(contentsOf: new)
        received += new.count
        if !follow { offset += new.count }
    }

    /// Indexes of the lines that pass the filter (all when none).
    func visibleIndexes(limit: Int) -> [Int] {
        var out: [Int] = []
        var i = lines.count - 1
        var skip = follow ? 0 : offset
        while i >= 0, out.count < limit {
            if filter.isEmpty || lines[i].text.localizedCaseInsensitiveContains(filter) {
                if skip > 0 { skip -= 1 } else { out.append(i) }
            }
            i -= 1
        }
        return out.reversed()
    }
}
