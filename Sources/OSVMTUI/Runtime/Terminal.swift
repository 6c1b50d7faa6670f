import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// The terminal adapter — the only file that imports CNcurses. It owns curses, waits for
/// input, signals and wake-ups without polling, and draws a `ScreenBuffer` by diffing it
/// against the previous frame (only changed cells are sent).
final class Terminal {
    enum Event { case key(Key), paste(String), pasteRefused(bytes: Int), click(x: Int, y: Int), wheel(x: Int, y: Int, up: Bool), resize(width: Int, height: Int), wake, quit(signal: Int32), suspend, resumed }
    struct StartError: Error, CustomStringConvertible { var description: String }

    private let screen: OpaquePointer
    private let signalFD: Int32
    private let wakeRead: Int32
    let wakeWrite: Int32
    private var last: ScreenBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private var theme: Theme?
    private let useColor: Bool
    private let colorCount: Int
    private(set) var width: Int
    private(set) var height: Int
    private var ended = false
    /// The terminfo entry has X10 mouse reports: SGR was switched on, decoded here.
    private var sgrMouse = false

    struct PairKey: Hashable { var fg: Int32; var bg: Int32 }

    /// Blocks the workbench's signals in the calling thread and every thread started after.
    static func blockSignals() { _ = cn_block_signals() }

    init(noColor: Bool, mouse: Bool = false) throws {
        setlocale(LC_ALL, "")
        if getenv("ESCDELAY") == nil { setenv("ESCDELAY", "25", 1) }
        guard let scr = nc_newterm(nil, cn_stdout(), cn_stdin()) else {
            throw StartError(description: "cannot start the terminal (TERM=\(getenv("TERM").map { String(cString: $0) } ?? "unset"))")
        }
        screen = scr
        nc_raw(); nc_noecho(); nc_nonl()
        nc_keypad(cn_stdscr(), true)
        nc_nodelay(cn_stdscr(), true)
        cn_install_crash_handlers()
        if mouse { sgrMouse = cn_mouse_on() != 0 }
        cn_paste_on()
        useColor = !noColor && nc_has_colors()
        if useColor { nc_start_color(); nc_use_default_colors() }
        colorCount = useColor ? Int(cn_colors()) : 0
        signalFD = cn_signalfd()
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        wakeRead = fds[0]; wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, O_NONBLOCK)
        height = Int(cn_getmaxy(cn_stdscr())); width = Int(cn_getmaxx(cn_stdscr()))
    }

    /// Restores the terminal (idempotent; every exit path calls it).
    func end() {
        guard !ended else { return }
        ended = true
        nc_curs_set(1)
        if sgrMouse { cn_mouse_sgr_off() }
        cn_paste_off()
        nc_endwin()
        nc_delscreen(screen)
        close(signalFD); close(wakeRead); close(wakeWrite)
    }

    /// Blocks until something happens; returns all pending events (keys in order).
    func wait() -> [Event] {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let n = poll(&fds, 3, -1)
        if n < 0 { return [] }
        var events: [Event] = []
        if fds[1].revents != 0 {
            while case let sig = cn_signalfd_next(signalFD), sig > 0 {
                switch sig {
                case SIGWINCH: events.append(resize())
                case SIGTSTP: events.append(.suspend)
                case SIGCONT: events.append(.resumed)
                default: events.append(.quit(signal: sig))
                }
            }
        }
        if fds[0].revents != 0 { events += readKeys() }
        if fds[2].revents != 0 {
            var byte: UInt8 = 0
            while read(wakeRead, &byte, 1) > 0 {}
            events.append(.wake)
        }
        return events
    }

    private func readKeys() -> [Event] {
        var out: [Event] = []
        while true {
            if !pushedKeys.isEmpty { out += pushedKeys.map { .key($0) }; pushedKeys = [] }
            var wch: wint_t = 0
            let r = nc_get_wch(&wch)
            if r == ERR { break }
            if r == KEY_CODE_YES {
                if Int32(wch) == cn_key_resize() { out.append(resize()); continue }
                if Int32(wch) == cn_key_mouse() {
                    var mx: Int32 = 0, my: Int32 = 0
                    switch cn_mouse_event(&mx, &my) {
                    case 1: out.append(.click(x: Int(mx), y: Int(my)))
                    case 2: out.append(.wheel(x: Int(mx), y: Int(my), up: true))
                    case 3: out.append(.wheel(x: Int(mx), y: Int(my), up: false))
                    default: break
                    }
                    continue
                }
                if let k = Self.keyCode(Int32(wch)) { out.append(.key(k)) }
                continue
            }
            if wch == 27 {
                var next: wint_t = 0
                let r2 = nc_get_wch(&next)
                if r2 == OK, next == 91, readPasteStart() { readPaste(into: &out); continue }
                if sgrMouse, r2 == OK, next == 91 {
                    let m = readSGRMouse()
                    if m.matched { if let e = m.event { out.append(e) }; continue }
                }
                if r2 == OK, next == 13 || next == 10 {
                    out.append(.key(.alt("\r")))   // Alt-Enter
                } else if r2 == OK, let k = Key.fromScalar(UInt32(next)), case .char(let c) = k {
                    out.append(.key(.alt(c)))
                } else if r2 == OK, let k = Key.fromScalar(UInt32(next)) {
                    out.append(.key(.escape)); out.append(.key(k))
                } else if r2 == KEY_CODE_YES, let k = Self.keyCode(Int32(next)) {
                    out.append(.key(.escape)); out.append(.key(k))
                } else {
                    out.append(.key(.escape))
                }
                continue
            }
            if let k = Key.fromScalar(UInt32(wch)) { out.append(.key(k)) }
        }
        return out
    }

    /// After ESC `[`: true when `200~` follows (a bracketed paste starts), else the bytes
    /// read are pushed back.
    private func readPasteStart() -> Bool {
        var got: [wint_t] = []
        for want in "200~".unicodeScalars {
            var c: wint_t = 0
            var r = nc_get_wch(&c)
            if r == ERR, waitForInput(milliseconds: 25) { r = nc_get_wch(&c) }   // a marker split across writes
            guard r == OK else {
                if r == KEY_CODE_YES, let k = Self.keyCode(Int32(c)) { pushedKeys.append(k) }
                break
            }
            got.append(c)
            if UInt32(c) != want.value { break }
        }
        if got.count == 4, got.last == 126 { return true }
        for c in got.reversed() { _ = nc_unget_wch(wchar_t(bitPattern: UInt32(c))) }
        return false
    }

    /// Keys met while looking for a marker (function keys cannot be pushed back into curses).
    private var pushedKeys: [Key] = []

    private func waitForInput(milliseconds: Int32) -> Bool {
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, milliseconds) > 0
    }

    /// The body of a bracketed paste, up to its end marker, as ONE event. What curses has
    /// queued is read through curses; the bulk is read straight from the descriptor in 64 kB
    /// chunks (curses reads a byte per system call). Bytes after the end marker go back to
    /// curses (or, past what its queue holds, become keys here) so nothing typed is lost.
    private func readPaste(into out: inout [Event]) {
        var paste = BracketedPaste()
        func deliver(_ outcome: BracketedPaste.Outcome) {
            switch outcome {
            case .text(let t): out.append(.paste(t))
            case .refused(let n): out.append(.pasteRefused(bytes: n))
            }
        }
        // curses' queue holds at most the bytes it read ahead matching a key (< 140): after
        // 200 characters without an ESC in the last 8 it is empty, whatever came before.
        var drained = 0, sinceEsc = 0
        while drained < 200 || sinceEsc < 8 {
            var c: wint_t = 0
            let r = nc_get_wch(&c)
            if r == ERR { break }
            drained += 1; sinceEsc += 1
            guard r == OK, let scalar = Unicode.Scalar(UInt32(c)) else { continue }   // a key code: not text
            if c == 27 { sinceEsc = 0 }
            if let done = paste.feed(Array(String(Character(scalar)).utf8)[...]) {
                deliver(done.outcome)
                return
            }
        }
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            // The terminal went quiet without an end marker: the paste is what came.
            guard waitForInput(milliseconds: 2_000) else { deliver(paste.finish()); return }
            let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            if n <= 0 { deliver(paste.finish()); return }
            if let done = paste.feed(buf[0..<n]) {
                deliver(done.outcome)
                let rest = Array(String(decoding: done.rest, as: UTF8.self).unicodeScalars)
                let queued = max(0, rest.count - 100)
                for u in rest[..<queued] { if let k = Key.fromScalar(u.value) { out.append(.key(k)) } }
                for u in rest[queued...].reversed() { _ = nc_unget_wch(wchar_t(bitPattern: u.value)) }
                return
            }
        }
    }

    /// After ESC `[`: an SGR mouse report (`<b;x;y` then `M`/`m`), read and decoded.
    /// matched false: it is not one, and the bytes read are pushed back.
    private func readSGRMouse() -> (matched: Bool, event: Event?) {
        var bytes: [UInt32] = []
        while bytes.count < 24 {
            var c: wint_t = 0
            guard nc_get_wch(&c) == OK else { break }
            bytes.append(UInt32(c))
            if bytes.count == 1, c != 60 { break }          // not `<`
            if c == 77 || c == 109 { break }                // M (press) / m (release)
        }
        guard let r = SGRMouse.decode(bytes) else {
            for b in bytes.reversed() { _ = nc_unget_wch(wchar_t(b)) }
            return (false, nil)
        }
        switch r.kind {
        case .click: return (true, .click(x: r.x, y: r.y))
        case .wheelUp: return (true, .wheel(x: r.x, y: r.y, up: true))
        case .wheelDown: return (true, .wheel(x: r.x, y: r.y, up: false))
        case .other: return (true, nil)
        }
    }

    static func keyCode(_ c: Int32) -> Key? {
        switch c {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            let f = c - cn_key_f0()
            if (1...24).contains(f) { return .function(Int(f)) }   // 13…24: Shift-F1…F12
            return nil
        }
    }

    private func resize() -> Event {
        var rows: Int32 = 0, cols: Int32 = 0
        if cn_winsize(1, &rows, &cols) == 0 { nc_resize_term(rows, cols) }
        height = Int(cn_getmaxy(cn_stdscr())); width = Int(cn_getmaxx(cn_stdscr()))
        last = nil
        return .resize(width: width, height: height)
    }

    /// Leaves curses, stops the process (the shell's `fg` continues it), then redraws.
    func suspend() {
        cn_paste_off()                 // the shell gets plain pastes while we are stopped
        nc_endwin()
        kill(getpid(), SIGSTOP)
        resumeScreen()
    }

    func resumeScreen() {
        nc_reset_prog_mode()
        cn_paste_on()
        last = nil
        nc_clearok(cn_stdscr(), true)
    }

    /// Draws `frame`, sending only the cells that differ from the previous frame.
    func draw(_ frame: ScreenBuffer, theme: Theme) {
        if self.theme != theme { self.theme = theme; pairs.removeAll(); last = nil }
        let full = last == nil || last?.width != frame.width || last?.height != frame.height
        if full { nc_erase(); nc_clearok(cn_stdscr(), true) }
        var run: [wchar_t] = []
        for y in 0..<min(frame.height, height) {
            var x = 0
            while x < min(frame.width, width) {
                let cell = frame[x, y]
                if !full, let prev = last, prev[x, y] == cell, (x + 1 >= frame.width || prev[x + 1, y] == frame[x + 1, y] || cell.width != 2) {
                    x += 1; continue
                }
                if cell.width == 0 { x += 1; continue }
                // Collect a run of changed cells with the same role.
                let role = cell.role
                run.removeAll(keepingCapacity: true)
                let startX = x
                while x < min(frame.width, width) {
                    let c = frame[x, y]
                    if c.role != role { break }
                    if !full, let prev = last, prev[x, y] == c, c.width != 0 { break }
                    if c.width != 0 { for u in c.char.unicodeScalars { run.append(wchar_t(bitPattern: u.value)) } }
                    x += 1
                }
                if x == startX { x += 1; continue }
                setStyle(role)
                run.append(0)
                _ = nc_mvaddnwstr(Int32(y), Int32(startX), run, Int32(run.count - 1))
            }
        }
        if let c = frame.cursor, c.x >= 0, c.y >= 0, c.x < width, c.y < height {
            nc_curs_set(1)
            nc_move(Int32(c.y), Int32(c.x))
        } else {
            nc_curs_set(0)
        }
        nc_refresh()
        last = frame
    }

    /// Writes bytes that are not cells (OSC 52) after the frame: curses has flushed its
    /// output by now (refresh), and this is the thread that draws.
    func writeRaw(_ bytes: [UInt8]) {
        fflush(cn_stdout())
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return }
            done += n
        }
    }

    private func setStyle(_ role: Role) {
        guard let theme else { return }
        let st = useColor ? theme.style(role) : Theme.monochrome(theme.style(role), role: role)
        var a = cn_a_normal()
        if st.bold { a |= cn_a_bold() }
        if st.dim { a |= cn_a_dim() }
        if st.underline { a |= cn_a_underline() }
        if st.reverse { a |= cn_a_reverse() }
        if st.italic { a |= cn_a_italic() }
        var pair: Int16 = 0
        if useColor { pair = pairFor(fg: color(st.fg), bg: color(st.bg)) }
        _ = nc_attr_set(a, pair, nil)
    }

    private func pairFor(fg: Int32, bg: Int32) -> Int16 {
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let n = Int16(pairs.count + 1)
        guard Int32(n) < cn_color_pairs() else { return 0 }
        if colorCount >= 0x1000000 { _ = nc_init_extended_pair(Int32(n), fg, bg) } else { _ = nc_init_pair(n, Int16(fg), Int16(bg)) }
        pairs[key] = n
        return n
    }

    private func color(_ c: ThemeColor) -> Int32 {
        Int32(ColorMapping.terminalColor(c, colors: colorCount))
    }
}
