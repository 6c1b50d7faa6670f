/// Iterative JSON parser over UTF-8 bytes (see `JSON`).
struct JSONParser {
    let p: UnsafeRawBufferPointer
    var i = 0

    static func parse(_ buffer: UnsafeRawBufferPointer) throws -> Value {
        var parser = JSONParser(p: buffer)
        return try parser.parseDocument()
    }

    init(p: UnsafeRawBufferPointer) { self.p = p }

    // MARK: errors

    /// Line and column (1-based, columns in bytes) of byte offset `at`.
    func position(_ at: Int) -> (line: Int, column: Int) {
        var line = 1, col = 1
        var k = 0
        let end = min(at, p.count)
        while k < end {
            if p[k] == 10 { line += 1; col = 1 } else if p[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return (line, col)
    }

    func fail(_ what: String, at: Int? = nil) -> OVSMError {
        let off = at ?? i
        let (l, c) = position(off)
        return OVSMError(.type, "parse-json: \(what) at line \(l), column \(c)")
    }

    func tooDeep() -> OVSMError {
        let (l, c) = position(i)
        return OVSMError(.limit, "parse-json: nesting deeper than \(JSON.maxDepth) levels at line \(l), column \(c)")
    }

    func unexpected() -> OVSMError {
        guard i < p.count else { return fail("unexpected end of input") }
        let b = p[i]
        if b >= 0x20 && b < 0x7F {
            return fail("unexpected character '\(Character(Unicode.Scalar(b)))'")
        }
        return fail("unexpected byte 0x\(String(b, radix: 16))")
    }

    // MARK: lexing helpers

    @inline(__always) mutating func skipWhitespace() {
        while i < p.count {
            let b = p[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
        }
    }

    @inline(__always) mutating func expectLiteral(_ word: StaticString, _ v: Value) throws -> Value {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { throw fail("invalid literal") }
        let w = word.utf8Start
        for k in 0..<n where p[i + k] != w[k] { throw fail("invalid literal", at: i) }
        i += n
        return v
    }

    // MARK: document

    mutating func parseDocument() throws -> Value {
        // Explicit container stack: kinds (true = object), open arrays, open objects, and
        // the key awaiting its value in each open object.
        var isObject: [Bool] = []
        var arrays: [[Value]] = []
        var objects: [OVSMObject] = []
        var keys: [String] = []
        var result = Value.null

        skipWhitespace()
        outer: while true {
            // Parse the start of one value.
            skipWhitespace()
            guard i < p.count else { throw fail("unexpected end of input") }
            var v: Value
            switch p[i] {
            case UInt8(ascii: "{"):
                guard isObject.count < JSON.maxDepth else { throw tooDeep() }
                i += 1
                skipWhitespace()
                if i < p.count && p[i] == UInt8(ascii: "}") {
                    i += 1
                    v = .object(OVSMObject())
                } else {
                    isObject.append(true)
                    objects.append(OVSMObject())
                    keys.append(try parseKey())
                    continue outer
                }
            case UInt8(ascii: "["):
                guard isObject.count < JSON.maxDepth else { throw tooDeep() }
                i += 1
                skipWhitespace()
                if i < p.count && p[i] == UInt8(ascii: "]") {
                    i += 1
                    v = .array([])
                } else {
                    isObject.append(false)
                    arrays.append([])
                    continue outer
                }
            case UInt8(ascii: "\""):
                v = .string(try parseString())
            case UInt8(ascii: "t"): v = try expectLiteral("true", .bool(true))
            case UInt8(ascii: "f"): v = try expectLiteral("false", .bool(false))
            case UInt8(ascii: "n"): v = try expectLiteral("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                v = try parseNumber()
            default:
                throw unexpected()
            }
            // Attach the finished value to its container, closing containers as needed.
            while true {
                guard let top = isObject.last else {
                    result = v
                    break outer
                }
                skipWhitespace()
                guard i < p.count else { throw fail("unexpected end of input") }
                let b = p[i]
                if top {
                    objects[objects.count - 1].set(keys.removeLast(), v)
                    if b == UInt8(ascii: ",") {
                        i += 1
                        keys.append(try parseKey())
                        continue outer
                    }
                    guard b == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                    i += 1
                    isObject.removeLast()
                    v = .object(objects.removeLast())
                } else {
                    arrays[arrays.count - 1].append(v)
                    if b == UInt8(ascii: ",") {
                        i += 1
                        continue outer
                    }
                    guard b == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                    i += 1
                    isObject.removeLast()
                    v = .array(arrays.removeLast())
                }
            }
        }
        skipWhitespace()
        guard i == p.count else { throw fail("unexpected trailing characters") }
        return result
    }

    /// `"key" :` — leaves `i` after the colon.
    mutating func parseKey() throws -> String {
        skipWhitespace()
        guard i < p.count, p[i] == UInt8(ascii: "\"") else {
            if i >= p.count { throw fail("unexpected end of input") }
            throw fail("expected a string key")
        }
        let k = try parseString()
        skipWhitespace()
        guard i < p.count, p[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        i += 1
        return k
    }

    // MARK: strings

    /// Parses a string starting at the opening quote.
    mutating func parseString() throws -> String {
        let start = i
        i += 1
        let bodyStart = i
        // Fast path: no escapes.
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: p[bodyStart..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in string") }
            i += 1
        }
        guard i < p.count else { throw fail("unterminated string", at: start) }
        // Slow path: escapes present.
        var buf: [UInt8] = []
        buf.reserveCapacity(i - bodyStart + 16)
        buf.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[bodyStart..<i]))
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: buf, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character in string") }
            if b != UInt8(ascii: "\\") {
                buf.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < p.count else { break }
            let e = p[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): buf.append(0x22)
            case UInt8(ascii: "\\"): buf.append(0x5C)
            case UInt8(ascii: "/"): buf.append(0x2F)
            case UInt8(ascii: "b"): buf.append(0x08)
            case UInt8(ascii: "f"): buf.append(0x0C)
            case UInt8(ascii: "n"): buf.append(0x0A)
            case UInt8(ascii: "r"): buf.append(0x0D)
            case UInt8(ascii: "t"): buf.append(0x09)
            case UInt8(ascii: "u"):
                var cp = try hex4()
                if cp >= 0xD800 && cp < 0xDC00 {
                    // High surrogate: combine with a following low surrogate if present.
                    if i + 6 <= p.count && p[i] == UInt8(ascii: "\\") && p[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        let lo = try hex4()
                        if lo >= 0xDC00 && lo < 0xE000 {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                        } else {
                            i = save
                            cp = 0xFFFD
                        }
                    } else {
                        cp = 0xFFFD
                    }
                } else if cp >= 0xDC00 && cp < 0xE000 {
                    cp = 0xFFFD
                }
                appendScalar(cp, to: &buf)
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'", at: i - 2)
            }
        }
        throw fail("unterminated string", at: start)
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= p.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = p[i]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 97...102: d = UInt32(b - 87)
            case 65...70: d = UInt32(b - 55)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    func appendScalar(_ cp: UInt32, to buf: inout [UInt8]) {
        switch cp {
        case 0..<0x80:
            buf.append(UInt8(cp))
        case 0x80..<0x800:
            buf.append(UInt8(0xC0 | cp >> 6)); buf.append(UInt8(0x80 | cp & 0x3F))
        case 0x800..<0x10000:
            buf.append(UInt8(0xE0 | cp >> 12)); buf.append(UInt8(0x80 | cp >> 6 & 0x3F))
            buf.append(UInt8(0x80 | cp & 0x3F))
        default:
            buf.append(UInt8(0xF0 | cp >> 18)); buf.append(UInt8(0x80 | cp >> 12 & 0x3F))
            buf.append(UInt8(0x80 | cp >> 6 & 0x3F)); buf.append(UInt8(0x80 | cp & 0x3F))
        }
    }

    // MARK: numbers

    mutating func parseNumber() throws -> Value {
        let start = i
        var negative = false
        if p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < p.count, p[i] >= 48 && p[i] <= 57 else { throw fail("invalid number", at: start) }
        // Integer part, accumulated negatively so Int.min fits.
        var acc = 0
        var overflow = false
        if p[i] == 48 {
            i += 1
            if i < p.count && p[i] >= 48 && p[i] <= 57 { throw fail("leading zero in number", at: start) }
        } else {
            while i < p.count {
                let b = p[i]
                guard b >= 48 && b <= 57 else { break }
                if !overflow {
                    let (m, o1) = acc.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.subtractingReportingOverflow(Int(b - 48))
                    if o1 || o2 { overflow = true } else { acc = s }
                }
                i += 1
            }
        }
        var isFloat = false
        if i < p.count && p[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard i < p.count, p[i] >= 48 && p[i] <= 57 else { throw fail("invalid number", at: start) }
            while i < p.count && p[i] >= 48 && p[i] <= 57 { i += 1 }
        }
        if i < p.count && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            isFloat = true
            i += 1
            if i < p.count && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < p.count, p[i] >= 48 && p[i] <= 57 else { throw fail("invalid number", at: start) }
            while i < p.count && p[i] >= 48 && p[i] <= 57 { i += 1 }
        }
        if !isFloat && !overflow {
            if negative { return .int(acc) }
            if acc != Int.min { return .int(-acc) }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        guard let d = Double(text) else { throw fail("invalid number", at: start) }
        return .float(d)
    }
}
