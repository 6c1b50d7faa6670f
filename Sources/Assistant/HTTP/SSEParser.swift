import Foundation

/// Incremental Server-Sent Events parser: feed body chunks, get complete events.
/// Handles `\n` and `\r\n`, multi-line `data:`, `event:`/`id:` fields and `:` comments.
///
///     var p = SSEParser()
///     for e in p.feed(Data("data: hi\n\n".utf8)) { e.data }   // "hi"
public struct SSEParser: Sendable {
    public struct Event: Sendable, Equatable {
        public var event: String?
        public var data: String
        public var id: String?
    }

    /// Upper bound on one unterminated line (a bad peer cannot grow memory without limit).
    public var maxLineBytes = 8 << 20
    private var buffer: [UInt8] = []
    private var dataLines: [String] = []
    private var eventName: String?
    private var eventID: String?

    public init() {}

    public enum Failure: Error, CustomStringConvertible {
        case lineTooLong(Int)
        public var description: String {
            switch self { case .lineTooLong(let n): return "SSE line longer than \(n) bytes" }
        }
    }

    public mutating func feed(_ data: Data) throws -> [Event] {
        buffer.append(contentsOf: data)
        var events: [Event] = []
        var start = 0
        while let nl = buffer[start...].firstIndex(of: 0x0A) {
            var end = nl
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            let line = String(decoding: buffer[start..<end], as: UTF8.self)
            start = nl + 1
            if let e = take(line) { events.append(e) }
        }
        buffer.removeFirst(start)
        if buffer.count > maxLineBytes { throw Failure.lineTooLong(maxLineBytes) }
        return events
    }

    /// Flushes a final event not followed by a blank line (peer closed early).
    public mutating func finish() -> Event? {
        if !buffer.isEmpty {
            let line = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll()
            if let e = take(line) { return e }
        }
        return take("")
    }

    private mutating func take(_ line: String) -> Event? {
        if line.isEmpty {
            defer { dataLines.removeAll(); eventName = nil }
            guard !dataLines.isEmpty else { return nil }
            return Event(event: eventName, data: dataLines.joined(separator: "\n"), id: eventID)
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": eventName = String(value)
        case "id": eventID = String(value)
        default: break
        }
        return nil
    }
}
