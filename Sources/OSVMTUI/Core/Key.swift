/// A decoded key press. The terminal adapter turns curses codes into these; everything
/// else (keymaps, Update, tests) speaks only `Key`.
public enum Key: Sendable, Hashable {
    case char(Character)
    case ctrl(Character)      // lowercase letter: .ctrl("q")
    case alt(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1…F12; F13…F24 are Shift-F1…Shift-F12 (curses' convention: xterm sends Shift-F11
    /// as `ESC[23;2~`, which terminfo names kf23).
    case function(Int)

    /// Human label used by the help overlay and the footer.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + c.uppercased()
        case .alt(let c): return "Alt+" + String(c)
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .escape: return "Esc"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return n > 12 ? "Shift-F\(n - 12)" : "F\(n)"
        }
    }

    /// Decodes a raw byte-level character the way a terminal in raw mode sends it.
    public static func fromScalar(_ v: UInt32) -> Key? {
        switch v {
        case 9: return .tab
        case 13: return .enter
        case 10: return .ctrl("j")   // Ctrl-J (Enter sends CR: curses runs with nonl)
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return .ctrl(" ")
        case 1...26:
            guard let s = Unicode.Scalar(v + 96) else { return nil }
            return .ctrl(Character(s))
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .char(Character(s))
        }
    }
}

/// In a session recording a key is one string (docs/RECORD-REPLAY.md): a typed character
/// is itself (`"a"`, `"<"`, `"日"`); any other key is a name in angle brackets: `"<enter>"`,
/// `"<C-q>"`, `"<M-x>"`, `"<F5>"`. A single character is never a name, so `"<"` stays a
/// character.
extension Key: Codable {
    static let names: [Key: String] = [
        .enter: "enter", .tab: "tab", .backTab: "backtab", .backspace: "backspace", .delete: "delete",
        .escape: "esc", .up: "up", .down: "down", .left: "left", .right: "right", .home: "home",
        .end: "end", .pageUp: "pgup", .pageDown: "pgdn",
    ]
    static let byName: [String: Key] = Dictionary(uniqueKeysWithValues: names.map { ($0.value, $0.key) })

    /// The recorded form (see above).
    public var recorded: String {
        switch self {
        case .char(let c): return String(c)
        case .ctrl(let c): return "<C-\(c)>"
        case .alt(let c): return "<M-\(c)>"
        case .function(let n): return "<F\(n)>"
        default: return "<\(Self.names[self] ?? "?")>"
        }
    }

    /// Reads the recorded form; nil when it names no key.
    public init?(recorded s: String) {
        if s.count == 1, let c = s.first { self = .char(c); return }
        guard s.count >= 3, s.hasPrefix("<"), s.hasSuffix(">") else { return nil }
        let name = String(s.dropFirst().dropLast())
        if let k = Self.byName[name] { self = k; return }
        if name.count == 3, let c = name.last {
            if name.hasPrefix("C-") { self = .ctrl(c); return }
            if name.hasPrefix("M-") { self = .alt(c); return }
        }
        if name.hasPrefix("F"), let n = Int(name.dropFirst()), (1...24).contains(n) { self = .function(n); return }
        return nil
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let k = Key(recorded: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "no key is named \(s)")
        }
        self = k
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(recorded)
    }
}
