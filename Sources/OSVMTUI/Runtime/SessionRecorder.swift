import Foundation
import OSVMSettings
#if canImport(Glibc)
import Glibc
#endif

/// Writes a session recording (`osvm-tui --record FILE`, docs/RECORD-REPLAY.md): the
/// header at once, then every action the store reduces, in order, then the trailer at quit.
///
/// The file is created 0600 (it holds what was typed, opened files and chat text). Lines
/// are buffered and written on each tick, at quit, at 64 KB, and at most `flushDelay` after
/// any line (a background flush), so a kill -9 loses at most the last moments. The first
/// failed write (a full disk) is reported once through `report` and the recording stops;
/// the workbench goes on.
final class SessionRecorder: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var fd: Int32
    private var buffer = Data()
    private var failed = false
    private var ended = false
    private var flushScheduled = false
    private let started = ContinuousClock.now
    private let encoder = RecordingFormat.encoder()
    private var report: @Sendable (String) -> Void = { _ in }
    private let queue = DispatchQueue(label: "osvm.recorder")
    static let flushDelay = 0.2
    static let flushBytes = 64 << 10

    /// Creates (or truncates) the file: before the terminal is taken, so that a bad path is
    /// a plain error message.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RecordingError("--record \(path): \(String(cString: strerror(errno)))") }
        // An existing file keeps its mode through O_TRUNC: narrow a regular file to 0600.
        var st = stat()
        if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_mode & 0o077 != 0 { _ = fchmod(fd, 0o600) }
        self.fd = fd
    }

    /// Writes the header. A write that fails (a full disk), now or later, goes to `report`
    /// once and stops the recording; the workbench goes on.
    func begin(seed: WorkbenchSeed, report: @escaping @Sendable (String) -> Void) {
        let header = RecordingFormat.Header(format: RecordingFormat.name, version: RecordingFormat.version,
                                            osvm: RecordingFormat.osvmVersion, seed: seed)
        lock.withLock {
            self.report = report
            do { buffer = try RecordingFormat.line(header, encoder) } catch {
                fail("recording \(path): header not written (\(error)); recording stopped")
                return
            }
            flushLocked()
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Records one action (called by the store before it reduces the action).
    func record(_ action: Action) {
        let t = elapsed()
        lock.withLock {
            guard !failed, !ended else { return }
            do {
                buffer.append(try RecordingFormat.line(RecordingFormat.Event(t: t, a: Self.scrubbed(action)), encoder))
            } catch {
                fail("recording: action not written (\(error)); recording stopped")
                return
            }
            if case .tick = action { flushLocked() } else if buffer.count >= Self.flushBytes { flushLocked() } else { scheduleFlushLocked() }
        }
    }

    /// Writes the trailer (the screen the user saw last) and closes the file.
    func end(screen: ScreenBuffer) {
        let t = elapsed()
        lock.withLock {
            guard !ended else { return }
            ended = true
            if !failed {
                let end = RecordingFormat.End(t: t, width: screen.width, height: screen.height, screen: screen.lines)
                if let line = try? RecordingFormat.line(RecordingFormat.Trailer(end: end), encoder) { buffer.append(line) }
            }
            flushLocked()
            close(fd)
            fd = -1
        }
    }

    /// Writes what is buffered (a signal ends the process: no trailer, the lines so far kept).
    func flush() { lock.withLock { _ = flushLocked() } }

    private func elapsed() -> Double {
        let d = ContinuousClock.now - started
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return (s * 1000).rounded() / 1000     // milliseconds are enough to pace a replay
    }

    private func scheduleFlushLocked() {
        guard !flushScheduled else { return }
        flushScheduled = true
        queue.asyncAfter(deadline: .now() + Self.flushDelay) { [weak self] in
            guard let self else { return }
            self.lock.withLock { self.flushScheduled = false; self.flushLocked() }
        }
    }

    /// Writes the buffer; on failure stops the recording and returns the problem.
    @discardableResult
    private func flushLocked() -> String? {
        guard !failed, fd >= 0, !buffer.isEmpty else { buffer.removeAll(); return nil }
        let problem: String? = buffer.withUnsafeBytes { (buf: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
        buffer.removeAll(keepingCapacity: true)
        if let problem { fail("recording \(path): \(problem); recording stopped (the workbench goes on)") }
        return problem
    }

    private func fail(_ message: String) {
        failed = true
        buffer.removeAll()
        let report = self.report
        queue.async { report(message) }     // not under the lock: it sends an action
    }

    /// What a recording must not carry: RPC URLs' secrets (nothing on screen reads `url`).
    static func scrubbed(_ a: Action) -> Action {
        if case .statusUpdated(var st) = a { st.url = Redact.url(st.url); return .statusUpdated(st) }
        return a
    }
}
