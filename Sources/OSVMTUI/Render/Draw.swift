/// Small drawing helpers shared by the renderers: boxes, number formatting, spinners.
enum Draw {
    static let spinnerFrames: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    static func spinner(_ tick: Int) -> String { String(spinnerFrames[abs(tick) % spinnerFrames.count]) }

    /// A box with `title` in its top border (and optional text in the bottom border).
    static func box(_ b: inout ScreenBuffer, _ r: Rect, title: String, focused: Bool, bottom: String? = nil, bottomRole: Role = .errorText) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border: Role = focused ? .borderFocus : .border
        b.put("┌", x: r.x, y: r.y, role: border)
        b.repeatChar("─", x: r.x + 1, y: r.y, count: r.width - 2, role: border)
        b.put("┐", x: r.maxX - 1, y: r.y, role: border)
        b.put("└", x: r.x, y: r.maxY - 1, role: border)
        b.repeatChar("─", x: r.x + 1, y: r.maxY - 1, count: r.width - 2, role: border)
        b.put("┘", x: r.maxX - 1, y: r.maxY - 1, role: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            b.repeatChar("│", x: r.x, y: y, count: 1, role: border)
            b.repeatChar("│", x: r.maxX - 1, y: y, count: 1, role: border)
        }
        let t = DisplayWidth.truncate(" " + title + " ", to: r.width - 3)
        b.put(t, x: r.x + 1, y: r.y, role: focused ? .titleFocus : .title)
        if let bottom {
            b.put(DisplayWidth.truncate(" " + bottom + " ", to: r.width - 3), x: r.x + 1, y: r.maxY - 1, role: bottomRole)
        }
    }

    /// 1204 → "1,204".
    static func grouped(_ n: UInt64) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// "9xQeWv…Fin" for long base58 strings.
    static func short(_ s: String, keep: Int = 6) -> String {
        s.count <= keep * 2 + 1 ? s : String(s.prefix(keep)) + "…" + String(s.suffix(4))
    }
}
