import Chain

/// Display width for the line editor: Chain's `TerminalWidth`, the one width function
/// osvm has (the workbench uses it too).
enum TextWidth {
    static func of(_ ch: Character) -> Int { TerminalWidth.of(ch) }
    static func of<S: Sequence>(_ s: S) -> Int where S.Element == Character { TerminalWidth.of(s) }
}
