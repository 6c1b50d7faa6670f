#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Terminal state shared with signal handlers and `atexit` (plain globals: a signal
// handler can capture nothing). Only the main thread changes them, while no handler runs.
nonisolated(unsafe) private var savedAttributes = termios()
nonisolated(unsafe) private var rawModeActive = false
nonisolated(unsafe) private var restoreHooksInstalled = false

/// `write(2)` (the name is taken inside `REPLTerminal`).
private func rawWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }

/// Puts the terminal back as it was and re-raises the signal with its default action.
private func restoreTerminalAndReraise(_ sig: Int32) {
    if rawModeActive {
        var t = savedAttributes
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &t)
        rawModeActive = false
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

/// The raw terminal under the line editor (termios). Raw mode is on only while a line is
/// being edited; it is restored after each line, at exit and on fatal signals.
enum REPLTerminal {
    /// Both ends are terminals: line editing, prompts and banner.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Switches stdin to raw mode (no echo, no line buffering, no signal keys).
    @discardableResult
    static func enableRaw() -> Bool {
        if rawModeActive { return true }
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return false }
        savedAttributes = original
        installRestoreHooks()
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)       // the editor writes "\r\n" itself
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        // TCSANOW (not TCSAFLUSH): keep typed-ahead and pasted input.
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return false }
        rawModeActive = true
        return true
    }

    /// Restores the attributes saved by `enableRaw` (no-op when not raw).
    static func restore() {
        guard rawModeActive else { return }
        var t = savedAttributes
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &t)
        rawModeActive = false
    }

    private static func installRestoreHooks() {
        guard !restoreHooksInstalled else { return }
        restoreHooksInstalled = true
        atexit { REPLTerminal.restore() }
        for sig in [SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE] {
            signal(sig, restoreTerminalAndReraise)
        }
    }

    /// Ctrl-Z: give the terminal back, stop, and re-enter raw mode when continued.
    static func suspend() {
        restore()
        raise(SIGTSTP)
        enableRaw()
    }

    /// Terminal width in columns (80 when unknown).
    static var columns: Int {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }

    /// Reads one byte from stdin. With a timeout, nil means nothing arrived in time;
    /// without, nil means end of input.
    static func readByte(timeoutMillis: Int32? = nil) -> UInt8? {
        if let timeoutMillis {
            var p = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            while true {
                let r = poll(&p, 1, timeoutMillis)
                if r > 0 { break }
                if r < 0 && errno == EINTR { continue }
                return nil
            }
        }
        var byte: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 1 { return byte }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Writes all of `text` to a file descriptor (stdout by default), unbuffered.
    static func write(_ text: String, fd: Int32 = STDOUT_FILENO) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { rawWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            done += n
        }
    }
}
