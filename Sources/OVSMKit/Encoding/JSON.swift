/// The JSON mapping of spec §9: `parse-json`, `json-stringify`, RPC results.
///
///     try JSON.parse(#"{"b": 1, "a": [true, null, 2.5]}"#)   // {:b 1 :a [true null 2.5]}
///     try JSON.stringify(.array([.int(1), .float(2)]))        // "[1,2.0]"
///
/// Parsing keeps the text's key order (a duplicate key's last value wins at its first
/// position), makes ints of numbers written without fraction or exponent that fit in 64
/// bits and floats of everything else. Invalid text → `type` with a line/column; nesting
/// deeper than `maxDepth` → `limit`. The parser is iterative (no recursion), so no input
/// can overflow the stack.
public enum JSON {
    /// Deepest array/object nesting `parse` accepts.
    public static let maxDepth = 10_000

    /// Parses JSON text into a value.
    public static func parse(_ text: String) throws -> Value {
        if let r = try text.utf8.withContiguousStorageIfAvailable({ buf in
            try JSONParser.parse(UnsafeRawBufferPointer(buf))
        }) {
            return r
        }
        let bytes = Array(text.utf8)
        return try parse(bytes: bytes)
    }

    /// Parses JSON from UTF-8 bytes (invalid UTF-8 inside strings is replaced by U+FFFD).
    public static func parse(bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try JSONParser.parse($0) }
    }

    /// Parses JSON from a raw UTF-8 buffer (e.g. an HTTP response body).
    public static func parse(bytes: UnsafeRawBufferPointer) throws -> Value {
        try JSONParser.parse(bytes)
    }

    /// Compact JSON text of a value (no spaces). Non-finite floats, functions and macros
    /// → `type`.
    public static func stringify(_ v: Value) throws -> String {
        var w = JSONWriter()
        try w.write(v, depth: 0)
        return String(decoding: w.out, as: UTF8.self)
    }
}
