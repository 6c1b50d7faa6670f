/// What a cell means, not how it looks: the theme maps roles to colours and attributes.
/// Renderers only ever pick roles, so `:theme` and `NO_COLOR` never touch pane code.
public enum Role: UInt8, Sendable, CaseIterable {
    case text, dim, border, borderFocus, title, titleFocus, header, footer, footerKey
    case keyword, string, number, comment, symbol, bracket, bracketMatch, syntaxError
    case prompt, result, errorText, info, warn, debug, cursor, selection, lineNumber
    case tab, tabActive, overlay, spinner, good, bad
    /// The debugger: a breakpoint marker in the editor gutter, the line a paused run is on.
    case breakpoint, currentLine

    /// The name used in theme files (`border.focus`, `syntax.keyword`, …).
    public var themeKey: String {
        switch self {
        case .text: return "text"
        case .dim: return "dim"
        case .border: return "border"
        case .borderFocus: return "border.focus"
        case .title: return "title"
        case .titleFocus: return "title.focus"
        case .header: return "header"
        case .footer: return "footer"
        case .footerKey: return "footer.key"
        case .keyword: return "syntax.keyword"
        case .string: return "syntax.string"
        case .number: return "syntax.number"
        case .comment: return "syntax.comment"
        case .symbol: return "syntax.symbol"
        case .bracket: return "syntax.bracket"
        case .bracketMatch: return "syntax.bracket.match"
        case .syntaxError: return "syntax.error"
        case .prompt: return "repl.prompt"
        case .result: return "repl.result"
        case .errorText: return "error"
        case .info: return "log.info"
        case .warn: return "log.warn"
        case .debug: return "log.debug"
        case .cursor: return "cursor"
        case .selection: return "selection"
        case .lineNumber: return "line.number"
        case .tab: return "tab"
        case .tabActive: return "tab.active"
        case .overlay: return "overlay"
        case .spinner: return "spinner"
        case .good: return "good"
        case .bad: return "bad"
        case .breakpoint: return "debug.breakpoint"
        case .currentLine: return "debug.line"
        }
    }
}
