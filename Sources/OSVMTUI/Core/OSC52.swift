import Foundation

/// OSC 52, the terminal's clipboard: `ESC ] 52 ; c ; <base64> BEL` sets the clipboard
/// selection (`c`) to the decoded text. xterm, kitty, iTerm2, WezTerm, foot and tmux
/// (`set -g set-clipboard on`) honour it, also over SSH — the terminal, not the host,
/// owns the clipboard.
enum OSC52 {
    /// Terminals cap the sequence (xterm: 100 000 bytes of base64 by default).
    static let maxBytes = 74_994

    /// The bytes that put `text` on the clipboard; nil when it is too long for terminals.
    static func sequence(_ text: String) -> [UInt8]? {
        let data = Data(text.utf8)
        guard data.count <= maxBytes else { return nil }
        return Array("\u{1B}]52;c;".utf8) + Array(data.base64EncodedString().utf8) + [0x07]
    }
}

/// Bytes for the terminal besides the frame (OSC 52), queued by any thread and written
/// by the terminal thread between frames, so they never split a drawing sequence.
final class TerminalOutbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [[UInt8]] = []
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    func send(_ bytes: [UInt8]) {
        lock.withLock { pending.append(bytes) }
        wake()
    }

    func take() -> [[UInt8]] { lock.withLock { defer { pending = [] }; return pending } }
}
