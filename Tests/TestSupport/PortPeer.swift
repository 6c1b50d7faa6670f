import Foundation

/// A peer process a test starts on 127.0.0.1 with an ephemeral port, which prints
/// `PORT <n>` on stdout once it knows its port. Its stdin is a pipe we hold: when the test
/// process ends, however it ends, the peer sees EOF and exits. Shared by the test targets
/// whose peers speak this start-up line (tests/peers, the audit's chat peer, the explorer's
/// changing RPC server).
public final class PortPeer: @unchecked Sendable {
    public let process = Process()
    public let stdin = Pipe()
    public let port: Int

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `executable arguments…` and waits up to `timeout` s for its `PORT` line; stderr
    /// is discarded. Throws, with the process stopped, when no port line comes.
    public init(executable: String, arguments: [String], timeout: Double = 20) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        let deadline = Date().addingTimeInterval(timeout)
        let fd = out.fileHandleForReading.fileDescriptor
        while Date() < deadline {
            // `availableData` alone would block past the deadline on a peer that never
            // prints (a stalled start once hung a whole test run): wait with poll first.
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = max(1, Int32(deadline.timeIntervalSinceNow * 1000))
            if poll(&ready, 1, ms) <= 0 { continue }
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
               let p = Int(line.dropFirst(5).trimmingCharacters(in: .whitespaces)) {
                port = p
                return
            }
        }
        process.terminate()
        process.waitUntilExit()
        let name = arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? executable
        throw PortPeerError(description: "\(name) did not print its port within \(timeout) s: \(String(decoding: buffer, as: UTF8.self).prefix(200))")
    }

    /// Closes the peer's stdin (its signal to exit), gives it `grace` seconds, then SIGTERM.
    public func stop(grace: Double = 0) {
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

public struct PortPeerError: Error, CustomStringConvertible {
    public let description: String
}
