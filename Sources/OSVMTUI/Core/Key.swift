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
