import Foundation

/// A colour as written in a theme file: terminal default, one of 256 indexed colours, or
/// true colour (mapped down to 256 or 16 colours by the terminal adapter when needed).
public enum ThemeColor: Sendable, Equatable, Hashable, Codable {
    case terminalDefault
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func parse(_ text: String) -> ThemeColor? {
        let t = text.lowercased()
        if t == "default" || t == "-" { return .terminalDefault }
        if let i = names.firstIndex(of: t) { return .indexed(i) }
        if t.hasPrefix("bright-"), let i = names.firstIndex(of: String(t.dropFirst(7))) { return .indexed(i + 8) }
        if let n = Int(t), (0...255).contains(n) { return .indexed(n) }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            return .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }
}

/// How one role looks.
public struct RoleStyle: Sendable, Equatable, Hashable, Codable {
    public var fg: ThemeColor = .terminalDefault
    public var bg: ThemeColor = .terminalDefault
    public var bold = false, dim = false, underline = false, reverse = false, italic = false
}

/// Role → style, loaded from a `key = value` file (format in docs/WORKBENCH.md):
///
///     name = dark
///     border.focus = bright-cyan default bold
///     syntax.string = #98c379
public struct Theme: Sendable, Equatable, Codable {
    public var name: String
    public var styles: [RoleStyle]

    public init(name: String) {
        self.name = name
        styles = Array(repeating: RoleStyle(), count: Role.allCases.count)
    }

    public func style(_ role: Role) -> RoleStyle { styles[Int(role.rawValue)] }

    enum CodingKeys: String, CodingKey { case name, styles }

    /// A theme read back from a session recording (docs/RECORD-REPLAY.md) holds one style per
    /// role as roles were then: a role added since takes the built-in theme's style (or
    /// the plain one), so an older recording still replays.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        var styles = try c.decode([RoleStyle].self, forKey: .styles)
        let count = Role.allCases.count
        if styles.count < count {
            let base = Theme.load(name, searchPaths: []) ?? Theme(name: name)
            styles += base.styles[styles.count...]
        }
        self.styles = Array(styles.prefix(count))
    }

    /// Parses a theme file; unknown keys and bad colours are reported, not fatal.
    public static func parse(_ text: String, defaultName: String) -> (Theme, [String]) {
        var theme = Theme(name: defaultName)
        var problems: [String] = []
        let byKey = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.themeKey, $0) })
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }   // whole-line comments only (#rrggbb is a colour)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { problems.append("line \(n + 1): expected key = value"); continue }
            if parts[0] == "name" { theme.name = parts[1]; continue }
            guard let role = byKey[parts[0]] else { problems.append("line \(n + 1): unknown role \(parts[0])"); continue }
            var st = RoleStyle()
            var colours = 0
            for word in parts[1].split(separator: " ").map(String.init) {
                switch word.lowercased() {
                case "bold": st.bold = true
                case "dim": st.dim = true
                case "underline": st.underline = true
                case "reverse": st.reverse = true
                case "italic": st.italic = true
                default:
                    guard let c = ThemeColor.parse(word) else { problems.append("line \(n + 1): bad colour \(word)"); continue }
                    if colours == 0 { st.fg = c } else { st.bg = c }
                    colours += 1
                }
            }
            theme.styles[Int(role.rawValue)] = st
        }
        return (theme, problems)
    }

    /// Names of the themes shipped with the workbench.
    public static let builtinNames = ["dark", "light", "high-contrast"]

    /// A theme by name: `Themes/NAME.theme` under the given directories first, then the
    /// built-in copy (the same text as the shipped files).
    public static func load(_ name: String, searchPaths: [String]) -> Theme? {
        for dir in searchPaths {
            let path = (dir as NSString).appendingPathComponent(name + ".theme")
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                return parse(text, defaultName: name).0
            }
        }
        guard let text = BuiltinThemes.text[name] else { return nil }
        return parse(text, defaultName: name).0
    }
}
