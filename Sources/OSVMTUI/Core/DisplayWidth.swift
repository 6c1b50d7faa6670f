import Chain

/// Terminal column width for the workbench: Chain's `TerminalWidth`, the one width
/// function osvm has (the CLI line editor uses it too).
enum DisplayWidth {
    static func of(_ c: Character) -> Int { TerminalWidth.of(c) }
    static func of(_ s: String) -> Int { TerminalWidth.of(s) }
    static func truncate(_ s: String, to width: Int, ellipsis: Bool = true) -> String {
        TerminalWidth.truncate(s, to: width, ellipsis: ellipsis)
    }
}
