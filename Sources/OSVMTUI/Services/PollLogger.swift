/// Decides which results of a repeated poll (the header's `getEpochInfo` every 5 s) are
/// worth a Log line: the first answer, the first failure (and a different one), and the
/// recovery — not one line per poll.
struct PollLogger: Sendable, Equatable {
    enum Seen: Sendable, Equatable { case nothing, ok, failing(String) }
    private(set) var seen = Seen.nothing

    /// The line to log for this result, if its state changed.
    mutating func observe(method: String, ms: Int, error: String?) -> (LogLine.Level, String)? {
        let before = seen
        switch (before, error) {
        case (.nothing, nil):
            seen = .ok
            return (.debug, "rpc \(method) \(ms) ms (polled; logged again when it changes)")
        case (.ok, nil):
            return nil
        case (.failing, nil):
            seen = .ok
            return (.info, "rpc \(method) recovered (\(ms) ms)")
        case (.failing(let old), let e?) where old == e:
            return nil
        case (_, let e?):
            seen = .failing(e)
            return (.error, "rpc \(method) failed after \(ms) ms: \(e) (polled; logged again when it changes)")
        }
    }
}
