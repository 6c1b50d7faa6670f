/// LSP base protocol framing: `Content-Length: N\r\n\r\n` then N bytes of JSON. Bytes come
/// in arbitrary chunks; `next()` yields each complete message body.
public struct MessageFraming {
    var buffer: [UInt8] = []
    /// Largest body accepted (1 GiB): far above any real document, far below overflow.
    public static let maxBody = 1 << 30
    public init() {}

    public mutating func append(_ bytes: [UInt8]) { buffer += bytes }

    /// The next complete message body, nil when more bytes are needed. A header block
    /// without a valid Content-Length is dropped (there is no way to find its end).
    /// Iterative, and the buffer is shifted once per call: a long run of bad header blocks
    /// (a pasted garbage stream) costs linear time and no stack.
    public mutating func next() -> [UInt8]? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var consumed = 0
        defer { if consumed > 0 { buffer.removeSubrange(0..<consumed) } }
        while let headerEnd = find(separator, from: consumed) {
            let header = String(decoding: buffer[consumed..<headerEnd], as: UTF8.self)
            var length: Int? = nil
            for line in header.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "content-length" {
                    length = Int(parts[1].trimmingCharacters(in: " \t"))
                }
            }
            let bodyStart = headerEnd + separator.count
            // A length that is missing, negative or absurd (it would overflow the arithmetic
            // below) cannot be trusted: drop that header block.
            guard let n = length, n >= 0, n <= MessageFraming.maxBody else {
                consumed = bodyStart
                continue
            }
            guard buffer.count >= bodyStart + n else { return nil }
            consumed = bodyStart + n
            return Array(buffer[bodyStart..<bodyStart + n])
        }
        return nil
    }

    func find(_ pattern: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + pattern.count <= buffer.count {
            if buffer[i..<i + pattern.count].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }

    /// One framed message.
    public static func frame(_ body: String) -> [UInt8] {
        let b = Array(body.utf8)
        return Array("Content-Length: \(b.count)\r\n\r\n".utf8) + b
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
