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
/// The self-pipe through which a Ctrl-C at the prompt reaches the editor (-1: none). Set
/// once by `enableInterruptKey` before any handler can write to it.
nonisolated(unsafe) private var interruptPipe: (read: Int32, write: Int32) = (-1, -1)

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

    /// From now on raw mode keeps Ctrl-C a signal (ISIG; Ctrl-Z and Ctrl-\\ stay keys), so a
    /// Ctrl-C is one event whatever the terminal mode is when it is typed: the SIGINT
    /// handler decides (`InterruptGate`) and hands a Ctrl-C at the prompt to the editor
    /// with `postInterrupt`. Call once, before installing the handler.
    static func enableInterruptKey() {
        guard interruptPipe.read < 0 else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        interruptPipe = (fds[0], fds[1])
    }

    /// A Ctrl-C for the editor: the next `readByte` returns 0x03 (safe from any thread).
    static func postInterrupt() {
        guard interruptPipe.write >= 0 else { return }
        var b: UInt8 = 0x03
        _ = rawWrite(interruptPipe.write, &b, 1)
    }

    /// Consumes a posted Ctrl-C, if any (the editor checks right after `onAccept`: a
    /// Ctrl-C handled before the line counted as submitted must not wait for the next line).
    static func takePostedInterrupt() -> Bool {
        guard interruptPipe.read >= 0 else { return false }
        var drain = [UInt8](repeating: 0, count: 64)
        var took = false
        while read(interruptPipe.read, &drain, drain.count) > 0 { took = true }
        return took
    }

    /// Whether a key (or a posted Ctrl-C) can be read without waiting.
    static func inputPending() -> Bool {
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: interruptPipe.read, events: Int16(POLLIN), revents: 0)]
        let n = poll(&fds, interruptPipe.read >= 0 ? 2 : 1, 0)
        return n > 0
    }

    /// Switches stdin to raw mode (no echo, no line buffering; Ctrl-C stays a signal once
    /// `enableInterruptKey` ran, else every key is a byte).
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
        let signalKey = interruptPipe.read >= 0
        // Without NOFLSH the kernel drops input not yet read when Ctrl-C is typed, as in
        // cooked mode: what was typed before it is either in the buffer (which Ctrl-C
        // clears) or gone, never replayed after it.
        if signalKey { raw.c_lflag |= tcflag_t(ISIG) }
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = signalKey ? 0 : 1      // see readByte
            cc[Int(VTIME)] = 0
            if signalKey {
                // Only VINTR signals; suspend and quit stay keys the editor handles.
                #if os(Linux)
                let disabled: UInt8 = 0
                #else
                let disabled: UInt8 = 0xFF
                #endif
                cc[Int(VQUIT)] = disabled
                cc[Int(VSUSP)] = disabled
            }
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
    /// without, nil means end of input, and a posted Ctrl-C (`postInterrupt`) reads as 0x03.
    static func readByte(timeoutMillis: Int32? = nil) -> UInt8? {
        // With the interrupt pipe, raw mode reads never block (VMIN 0): a Ctrl-C typed
        // between poll and read makes the kernel drop the pending input, and a blocking read
        // would then wait past the Ctrl-C posted to the pipe.
        let watchPipe = timeoutMillis == nil && interruptPipe.read >= 0
        while true {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: watchPipe ? interruptPipe.read : -1, events: Int16(POLLIN), revents: 0)]
            if timeoutMillis != nil || interruptPipe.read >= 0 {
                let r = poll(&fds, 2, timeoutMillis ?? -1)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { return nil }
                if fds[1].revents & Int16(POLLIN) != 0 {
                    _ = takePostedInterrupt()
                    return 0x03
                }
            }
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 1 { return byte }
            if n < 0 && errno == EINTR { continue }
            let hungUp = fds[0].revents & Int16(POLLHUP | POLLERR) != 0
            if n == 0 && watchPipe && rawModeActive && !hungUp { continue }   // the input was dropped
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
