/// Theme colours → what the terminal can show: true colour as packed RGB on direct-colour
/// terminals, the nearest xterm-256 entry on 256-colour terminals, else the nearest of 16.
enum ColorMapping {
    static func terminalColor(_ c: ThemeColor, colors: Int) -> Int {
        switch c {
        case .terminalDefault: return -1
        case .indexed(let i):
            if colors >= 0x1000000 { return i < 16 ? i : packed(rgb(ofIndex: i)) }
            if i < colors { return i }
            return nearest16(rgb(ofIndex: i), colors: colors)
        case .rgb(let r, let g, let b):
            if colors >= 0x1000000 { return packed((Int(r), Int(g), Int(b))) }
            if colors >= 256 { return nearest256((Int(r), Int(g), Int(b))) }
            return nearest16((Int(r), Int(g), Int(b)), colors: colors)
        }
    }

    static let base16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cube = [0, 95, 135, 175, 215, 255]

    static func packed(_ c: (Int, Int, Int)) -> Int { c.0 << 16 | c.1 << 8 | c.2 }

    static func rgb(ofIndex i: Int) -> (Int, Int, Int) {
        if i < 16 { return base16[max(0, i)] }
        if i < 232 { let v = i - 16; return (cube[v / 36], cube[v / 6 % 6], cube[v % 6]) }
        let g = 8 + (min(i, 255) - 232) * 10
        return (g, g, g)
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }

    static func nearest256(_ c: (Int, Int, Int)) -> Int {
        func level(_ v: Int) -> Int { cube.indices.min { abs(cube[$0] - v) < abs(cube[$1] - v) } ?? 0 }
        let ci = 16 + 36 * level(c.0) + 6 * level(c.1) + level(c.2)
        let avg = (c.0 + c.1 + c.2) / 3
        let gi = 232 + max(0, min(23, (avg - 8) / 10))
        return distance(rgb(ofIndex: ci), c) <= distance(rgb(ofIndex: gi), c) ? ci : gi
    }

    static func nearest16(_ c: (Int, Int, Int), colors: Int) -> Int {
        let n = colors >= 16 ? 16 : max(1, min(8, colors))
        return (0..<n).min { distance(base16[$0], c) < distance(base16[$1], c) } ?? 7
    }
}

extension Theme {
    /// NO_COLOR: keep the attributes, and make roles that only differed by colour
    /// stand out with bold/reverse.
    static func monochrome(_ st: RoleStyle, role: Role) -> RoleStyle {
        var m = RoleStyle()
        m.bold = st.bold; m.underline = st.underline; m.reverse = st.reverse; m.italic = st.italic
        switch role {
        case .selection, .tabActive, .bracketMatch, .cursor, .header, .currentLine: m.reverse = true
        case .breakpoint: m.bold = true
        case .borderFocus, .titleFocus, .errorText, .prompt, .footerKey: m.bold = true
        case .syntaxError: m.underline = true
        default: break
        }
        return m
    }
}
