/// An open document of the language server: its text and the conversions between LSP
/// positions (line, UTF-16 code unit — the protocol's default encoding) and UTF-8 offsets
/// (the reader's spans).
public struct TextDocument {
    public var uri: String
    public var text: String
    public var version: Int

    public init(uri: String, text: String, version: Int) {
        self.uri = uri
        self.text = text
        self.version = version
    }

    /// UTF-8 offset of a position; past the end of a line → the line's end, past the last
    /// line → the end of the text.
    public func offset(line: Int, character: Int) -> Int {
        var offset = 0
        var currentLine = 0
        let utf8 = Array(text.utf8)
        while currentLine < line {
            guard let nl = utf8[offset...].firstIndex(of: 0x0A) else { return utf8.count }
            offset = nl + 1
            currentLine += 1
        }
        var units = 0
        var i = offset
        let lineText = String(decoding: utf8[offset..<(utf8[offset...].firstIndex(of: 0x0A) ?? utf8.count)], as: UTF8.self)
        for scalar in lineText.unicodeScalars {
            if units >= character { break }
            units += scalar.value > 0xFFFF ? 2 : 1
            i += String(scalar).utf8.count
        }
        return i
    }

    /// Position (line, UTF-16 character) of a UTF-8 offset.
    public func position(ofOffset target: Int) -> (line: Int, character: Int) {
        var line = 0
        var character = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            if offset >= target { break }
            let n = String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                character = 0
            } else {
                character += scalar.value > 0xFFFF ? 2 : 1
            }
            offset += n
        }
        return (line, character)
    }

    /// Applies one `contentChanges` entry: with a range, replaces it; without, the whole text.
    public mutating func apply(start: (line: Int, character: Int)?, end: (line: Int, character: Int)?, text newText: String) {
        guard let s = start, let e = end else {
            text = newText
            return
        }
        var bytes = Array(text.utf8)
        let from = offset(line: s.line, character: s.character)
        let to = max(from, offset(line: e.line, character: e.character))
        bytes.replaceSubrange(from..<min(to, bytes.count), with: Array(newText.utf8))
        text = String(decoding: bytes, as: UTF8.self)
    }
}
