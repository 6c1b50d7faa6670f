/// Compact JSON writer (see `JSON.stringify`): escapes only `"`, `\` and U+0000–U+001F
/// (spec §16), floats in print form, object keys in insertion order.
struct JSONWriter {
    var out: [UInt8] = []
    /// Deeper values are rejected with `limit` rather than risking the stack.
    static let maxDepth = 100_000
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    init() { out.reserveCapacity(256) }

    @inline(__always) mutating func append(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func write(_ v: Value, depth: Int) throws(OVSMError) {
        switch v {
        case .null: append("null")
        case .bool(let b): if b { append("true") } else { append("false") }
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .float(let d):
            guard d.isFinite else {
                throw OVSMError(.type, "json-stringify: cannot encode non-finite float \(Printer.formatFloat(d))")
            }
            out.append(contentsOf: Printer.formatFloat(d).utf8)
        case .string(let s): writeString(s)
        case .keyword(let k): writeString(k.name)
        case .symbol(let s): writeString(s.name)
        case .array, .object:
            guard depth < JSONWriter.maxDepth else { throw OVSMError(.limit, "json-stringify: value nested too deeply") }
            if depth % StackGuard.checkInterval == StackGuard.checkInterval - 1 && !StackGuard.hasRoom() {
                // Continue on a fresh stack (StackGuard); the output buffer goes along.
                var sub = self
                sub.out = []
                swap(&sub.out, &out)
                defer { swap(&sub.out, &out) }
                try StackGuard.continueOnNewStack { () throws(OVSMError) in try sub.writeContainer(v, depth: depth) }
                return
            }
            try writeContainer(v, depth: depth)
        case .function(let f):
            throw OVSMError(.type, "json-stringify: cannot encode a function (\(f.name ?? "lambda"))")
        case .macro(let m):
            throw OVSMError(.type, "json-stringify: cannot encode a macro (\(m.name))")
        case .multiple(let m):
            try write(m.primary, depth: depth)
        }
    }

    /// A value shared many times over (a DAG) can encode to more text than memory holds.
    @inline(__always) func checkLength() throws(OVSMError) {
        guard WalkContext.mustStop(at: out.count) else { return }
        if let c = WalkContext.current(), c.cancel.isCancelled { throw OVSMError(.limit, "cancelled") }
        let max = WalkContext.current()?.maxText ?? Printer.maxLength
        throw OVSMError(.limit, "json-stringify: result larger than \(max >> 20) MiB")
    }

    mutating func writeContainer(_ v: Value, depth: Int) throws(OVSMError) {
        switch v {
        case .array(let a): try writeArray(a, depth: depth)
        case .object(let o): try writeObject(o, depth: depth)
        default: try write(v, depth: depth)
        }
    }

    mutating func writeArray(_ a: [Value], depth: Int) throws(OVSMError) {
        try checkLength()
        out.append(UInt8(ascii: "["))
        var first = true
        for e in a {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            try write(e, depth: depth + 1)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func writeObject(_ o: OVSMObject, depth: Int) throws(OVSMError) {
        try checkLength()
        out.append(UInt8(ascii: "{"))
        let ks = o.storage.keys, vs = o.storage.values
        for idx in 0..<ks.count {
            if idx > 0 { out.append(UInt8(ascii: ",")) }
            writeString(ks[idx])
            out.append(UInt8(ascii: ":"))
            try write(vs[idx], depth: depth + 1)
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func writeString(_ s: String) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var runStart = 0
            for k in 0..<u.count {
                let b = u[k]
                if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
                if runStart < k { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<k])) }
                runStart = k + 1
                switch b {
                case 0x22: append("\\\"")
                case 0x5C: append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                default:
                    append("\\u00")
                    out.append(JSONWriter.hexDigits[Int(b >> 4)])
                    out.append(JSONWriter.hexDigits[Int(b & 0xF)])
                }
            }
            if runStart < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<u.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
