/// SGR (1006) mouse reports, `ESC [ < b ; x ; y M` (press) or `m` (release), with 1-based
/// columns and rows and no upper limit (the X10 encoding loses columns past 223). Decoded
/// here when the terminfo entry does not let ncurses do it (tmux-256color, screen).
enum SGRMouse {
    struct Report: Equatable {
        enum Kind: Equatable { case click, wheelUp, wheelDown, other }
        var kind: Kind
        var x: Int
        var y: Int
    }

    /// `bytes`: what follows `ESC [`, from `<` to the final `M`/`m`. nil: not a report.
    static func decode(_ bytes: [UInt32]) -> Report? {
        guard bytes.count >= 7, bytes.first == 60, let final = bytes.last, final == 77 || final == 109 else { return nil }
        let body = String(String.UnicodeScalarView(bytes.dropFirst().dropLast().compactMap(Unicode.Scalar.init)))
        let parts = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let b = parts[0], let x = parts[1], let y = parts[2], x >= 1, y >= 1 else { return nil }
        let button = b & ~(4 | 8 | 16)          // without Shift, Alt, Ctrl
        let kind: Report.Kind
        switch (button, final == 77) {
        case (0, true): kind = .click            // left press (the release is ignored)
        case (64, true): kind = .wheelUp
        case (65, true): kind = .wheelDown
        default: kind = .other                   // other buttons, motion (+32), releases
        }
        return Report(kind: kind, x: x - 1, y: y - 1)
    }
}
