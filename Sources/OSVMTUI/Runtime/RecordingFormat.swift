import Foundation
import OSVMSettings

/// The file format of a session recording (docs/RECORD-REPLAY.md): JSON lines.
///
///     {"format":"osvm-tui-recording","version":1,"osvm":"0.1.0","seed":{…}}     header
///     {"t":0.004,"a":{"key":{"_0":"("}}}                                       one Action each
///     {"end":{"t":9.81,"width":100,"height":30,"screen":["…", …]}}            trailer (at quit)
///
/// `t` is seconds since the recording began (paced replay). The header's `seed` makes the
/// first `AppState`; every later change comes from the recorded actions, service replies
/// included, so a replay needs no services.
enum RecordingFormat {
    static let name = "osvm-tui-recording"
    /// Bumped when an older reader could misread a newer file (a new field with a default
    /// is not such a change; a renamed or re-typed one is).
    static let version = 1
    /// The osvm release that wrote a file (kept in step with `osvm --version`); a replay
    /// only mentions a difference, it does not refuse it.
    static let osvmVersion = OSVMVersion.release

    struct Header: Codable {
        var format: String
        var version: Int
        var osvm: String
        var seed: WorkbenchSeed
    }

    struct Event: Codable {
        var t: Double
        var a: Action
    }

    /// What the recorder saw last: the screen before the action that quit.
    struct End: Codable, Equatable {
        var t: Double
        var width: Int
        var height: Int
        var screen: [String]
    }

    struct Trailer: Codable { var end: End }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Node figures may be NaN or infinite; JSON has no such numbers.
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// One line (without its newline).
    static func line<T: Encodable>(_ value: T, _ encoder: JSONEncoder) throws -> Data {
        var d = try encoder.encode(value)
        d.append(0x0A)
        return d
    }
}

/// Why a recording cannot be read, naming the file and line.
struct RecordingError: Error, CustomStringConvertible, Equatable {
    var description: String
    init(_ d: String) { description = d }
}

/// A recording read back.
struct Recording {
    var header: RecordingFormat.Header
    var events: [RecordingFormat.Event]
    /// Nil when the recorder did not quit normally (killed, crashed).
    var end: RecordingFormat.End?
    /// Things worth telling but not fatal (a truncated last line, another osvm release).
    var warnings: [String] = []

    var seed: WorkbenchSeed { header.seed }

    static func read(path: String) throws -> Recording {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw RecordingError("\(path): " + FileProblem.describe(error, path: path))
        }
        return try parse(data, name: path)
    }

    /// Parses a whole file. A last line without its newline that does not parse is what a
    /// killed recorder leaves: dropped with a warning. Any other bad line is an error.
    static func parse(_ data: Data, name: String) throws -> Recording {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        let endsWithNewline = lines.last?.isEmpty ?? false
        if endsWithNewline { lines.removeLast() }
        guard let first = lines.first, !first.isEmpty else { throw RecordingError("\(name): empty file, not a recording") }
        let d = RecordingFormat.decoder()
        let header = try readHeader(first, d, name)
        var warnings: [String] = []
        if header.osvm != RecordingFormat.osvmVersion {
            warnings.append("\(name): recorded by osvm \(header.osvm), replayed by \(RecordingFormat.osvmVersion)")
        }
        var events: [RecordingFormat.Event] = []
        var end: RecordingFormat.End?
        for (i, raw) in lines.enumerated().dropFirst() {
            let n = i + 1
            let isLast = i == lines.count - 1
            if raw.isEmpty { continue }                     // a blank line (an edited file) says nothing
            if end != nil {
                throw RecordingError("\(name):\(n): a line after the end of the recording")
            }
            do {
                if raw.starts(with: Array(#"{"end""#.utf8)) {     // keys are sorted: "a" < "t", and "end" alone
                    end = try d.decode(RecordingFormat.Trailer.self, from: Data(raw)).end
                } else {
                    events.append(try d.decode(RecordingFormat.Event.self, from: Data(raw)))
                }
            } catch {
                if isLast && !endsWithNewline {
                    warnings.append("\(name):\(n): the last line is cut off (the recorder was stopped while writing it); ignored")
                    break
                }
                throw RecordingError("\(name):\(n): \(describe(error))")
            }
            if case .resize(let w, let h)? = events.last?.a, end == nil, let problem = sizeProblem(w, h) {
                throw RecordingError("\(name):\(n): resize to \(problem)")
            }
        }
        return Recording(header: header, events: events, end: end, warnings: warnings)
    }

    static func readHeader(_ raw: Data.SubSequence, _ d: JSONDecoder, _ name: String) throws -> RecordingFormat.Header {
        // The name and version first: a future version's seed may not decode, and "newer
        // than this osvm-tui" is the useful message then.
        struct Preamble: Decodable { var format: String?; var version: Int? }
        guard let pre = try? d.decode(Preamble.self, from: Data(raw)), pre.format == RecordingFormat.name,
              let version = pre.version else {
            throw RecordingError("\(name):1: not an osvm-tui recording (no \"format\":\"\(RecordingFormat.name)\" header)")
        }
        guard version <= RecordingFormat.version else {
            throw RecordingError("\(name):1: recording format \(version) is newer than this osvm-tui reads (\(RecordingFormat.version)); replay it with a newer osvm-tui")
        }
        let header: RecordingFormat.Header
        do { header = try d.decode(RecordingFormat.Header.self, from: Data(raw)) } catch {
            throw RecordingError("\(name):1: \(describe(error))")
        }
        if let problem = sizeProblem(header.seed.width, header.seed.height) {
            throw RecordingError("\(name):1: the terminal size \(problem)")
        }
        return header
    }

    /// A replay draws at the recorded size: a size no terminal has (a damaged file) would
    /// only cost memory.
    static func sizeProblem(_ width: Int, _ height: Int) -> String? {
        (1...4096).contains(width) && (1...2048).contains(height)
            ? nil : "\(width)×\(height) is not a terminal size (up to 4096×2048)"
    }

    /// A decoding error as one line: where in the value, and what was wrong.
    static func describe(_ error: Error) -> String {
        func at(_ path: [CodingKey]) -> String {
            let p = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "" : " at \(p)"
        }
        switch error {
        case DecodingError.dataCorrupted(let c):
            if c.codingPath.isEmpty { return "not valid JSON" }
            return c.debugDescription + at(c.codingPath)
        case DecodingError.keyNotFound(let k, let c):
            return "missing \"\(k.stringValue)\"" + at(c.codingPath)
        case DecodingError.typeMismatch(let t, let c):
            return "expected \(t)" + at(c.codingPath) + (c.debugDescription.isEmpty ? "" : " (\(c.debugDescription))")
        case DecodingError.valueNotFound(let t, let c):
            return "no \(t) value" + at(c.codingPath)
        default:
            return "\(error)"
        }
    }
}
