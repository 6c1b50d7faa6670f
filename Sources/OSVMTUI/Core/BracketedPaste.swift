/// Reads the body of an xterm bracketed paste (mode 2004: the terminal wraps pasted text
/// in `ESC [200~` … `ESC [201~`), pure: bytes in, text (or a refusal) out.
///
/// The terminal adapter recognises the start marker and then feeds everything it reads, in
/// chunks of any size, until `feed` reports the end marker. Bytes past `limit` are counted
/// and dropped (memory stays bounded however large the paste), and the paste is refused.
///
///     var p = BracketedPaste()
///     p.feed(Array("a\r\nb\u{1B}[201~x".utf8)[...])   // (.text("a\nb"), rest: [0x78])
public struct BracketedPaste: Sendable {
    public static let startMarker: [UInt8] = Array("\u{1B}[200~".utf8)
    public static let endMarker: [UInt8] = Array("\u{1B}[201~".utf8)
    /// 16 MB: far above any source file or form someone pastes (the largest OVSM program
    /// is a few hundred kB), far below what hurts: the editor keeps a pasted text a few times
    /// over (rope, undo record, analysis), and a terminal delivers 16 MB in seconds. Larger
    /// data belongs in a file (`:open`).
    public static let defaultLimit = 16_000_000

    public enum Outcome: Sendable, Equatable {
        case text(String)
        /// Larger than the limit: nothing of it is kept.
        case refused(bytes: Int)
    }

    public let limit: Int
    private var kept: [UInt8] = []
    /// Bytes of the paste's body seen so far (kept or not).
    public private(set) var total = 0
    /// How many bytes of the end marker the input ended with (they may still be text).
    private var matched = 0

    public init(limit: Int = BracketedPaste.defaultLimit) { self.limit = limit }

    /// Feeds the next bytes. When they contain the end marker: the outcome and the bytes
    /// after the marker (keys typed after the paste), else nil (more to come).
    public mutating func feed(_ chunk: ArraySlice<UInt8>) -> (outcome: Outcome, rest: [UInt8])? {
        let end = Self.endMarker
        var i = chunk.startIndex
        while i < chunk.endIndex {
            if matched > 0 {
                if chunk[i] == end[matched] {
                    matched += 1; i += 1
                    if matched == end.count { matched = 0; return (finish(), Array(chunk[i...])) }
                    continue
                }
                keep(end[0..<matched])         // a prefix of the marker that was text after all
                matched = 0
                continue                       // chunk[i] may start the marker itself
            }
            let esc = chunk[i...].firstIndex(of: 0x1B) ?? chunk.endIndex
            keep(chunk[i..<esc])
            i = esc
            if i < chunk.endIndex { matched = 1; i += 1 }
        }
        return nil
    }

    /// The paste so far, as it stands (the end marker never came: the terminal went quiet).
    public mutating func finish() -> Outcome {
        if matched > 0 { keep(Self.endMarker[0..<matched]); matched = 0 }
        if total > limit { return .refused(bytes: total) }
        let text = Self.normalise(kept)
        kept = []
        return .text(text)
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) {
        total += bytes.count
        if total <= limit { kept.append(contentsOf: bytes) } else if !kept.isEmpty { kept = [] }
    }

    /// Text as the workbench stores it: CR LF and lone CR become LF (terminals send Enter as
    /// CR), other control characters except tab are dropped (they are not text: a pasted
    /// escape sequence must not reach the screen), invalid UTF-8 becomes U+FFFD.
    public static func normalise(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x20 && b != 0x7F || b == 0x09 || b == 0x0A || b >= 0x80 {
                out.append(b)
            } else if b == 0x0D {
                out.append(0x0A)
                if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// "100.0 MB" (decimal megabytes, as the limit is given).
    public static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
