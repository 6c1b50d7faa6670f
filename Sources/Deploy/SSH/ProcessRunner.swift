import Foundation
import OSVMSettings
import Synchronization
import OSVMSettings

/// One line of a child's output, tagged with its stream.
public struct OutputLine: Sendable, Equatable, Codable {
    public enum Stream: String, Sendable, Codable { case stdout, stderr }
    public var stream: Stream
    public var text: String
    public init(_ stream: Stream, _ text: String) { self.stream = stream; self.text = text }
}

/// What a finished child left behind: exit status and its collected output.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the overall timeout ended the child.
    public var timedOut: Bool
    public var succeeded: Bool { status == 0 && !timedOut }
    public var lastLine: String {
        let pick = stderr.isEmpty ? stdout : stderr
        return pick.split(separator: "\n").last.map { String($0) } ?? ""
    }
}

/// Runs a local executable (ssh, scp) with streamed lines, a timeout and cancellation.
///
///     let r = try await ProcessRunner.run("/usr/bin/ssh", ["-V"]) { line in print(line.text) }
///
/// Task cancellation sends SIGTERM to the child (then SIGKILL after 2 s) and throws
/// `DeployError.cancelled`. Output is read to EOF on two threads, so no line is lost.
public enum ProcessRunner {
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                           timeout: Double? = nil,
                           onLine: (@Sendable (OutputLine) -> Void)? = nil) async throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // --debug: the command line (remote scripts are the last argument: shown, never secrets).
        // One line per command: a remote script's newlines are shown as \n.
        let traced = DebugLog.enabled ? Redact.arguments([executable] + arguments)
            .map { ($0.count > 200 ? String($0.prefix(200)) + "…" : $0).replacingOccurrences(of: "\n", with: "\\n") }
            .joined(separator: " ") : ""
        let started = Date()
        defer { if DebugLog.enabled { DebugLog.log("exec", "\(traced) (\(DebugLog.ms(since: started)) ms)") } }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe: Pipe? = stdin == nil ? nil : Pipe()
        process.standardInput = inPipe ?? FileHandle.nullDevice
        let state = RunState()
        let done = DispatchGroup()
        done.enter(); done.enter(); done.enter()
        process.terminationHandler = { _ in done.leave() }
        do { try process.run() } catch {
            throw DeployError.local("cannot run \(executable): \(PlainError.reason(error))")
        }
        if let data = stdin, let inPipe {
            let h = inPipe.fileHandleForWriting
            Thread.detachNewThread { try? h.write(contentsOf: data); try? h.close() }
        }
        for (pipe, stream) in [(outPipe, OutputLine.Stream.stdout), (errPipe, .stderr)] {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                var splitter = LineSplitter()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    for line in splitter.feed(chunk) { state.append(stream, line); onLine?(OutputLine(stream, line)) }
                }
                if let last = splitter.finish() { state.append(stream, last); onLine?(OutputLine(stream, last)) }
                done.leave()
            }
        }
        let pid = process.processIdentifier
        let timer: Task<Void, Never>? = timeout.map { t in
            Task.detached {
                try? await Task.sleep(nanoseconds: UInt64(t * 1e9))
                if !Task.isCancelled { state.markTimedOut(); terminate(pid) }
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                done.notify(queue: .global()) { c.resume() }
            }
        } onCancel: {
            state.markCancelled()
            terminate(pid)
        }
        timer?.cancel()
        if state.cancelled { throw DeployError.cancelled }
        return state.result(status: process.terminationStatus)
    }

    /// SIGTERM now, SIGKILL after 2 s if the child is still there.
    static func terminate(_ pid: Int32) {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { if kill(pid, 0) == 0 { kill(pid, SIGKILL) } }
    }
}

/// Output collected from both streams, guarded for the reader threads.
final class RunState: Sendable {
    private struct S { var out: [String] = []; var err: [String] = []; var timedOut = false; var cancelled = false }
    private let s = Mutex(S())
    func append(_ stream: OutputLine.Stream, _ line: String) {
        s.withLock { if stream == .stdout { $0.out.append(line) } else { $0.err.append(line) } }
    }
    func markTimedOut() { s.withLock { $0.timedOut = true } }
    func markCancelled() { s.withLock { $0.cancelled = true } }
    var cancelled: Bool { s.withLock { $0.cancelled } }
    func result(status: Int32) -> CommandResult {
        s.withLock { CommandResult(status: status, stdout: $0.out.joined(separator: "\n"),
                                   stderr: $0.err.joined(separator: "\n"), timedOut: $0.timedOut) }
    }
}

/// Splits a byte stream into UTF-8 lines (LF or CRLF).
struct LineSplitter {
    private var buffer = Data()
    mutating func feed(_ chunk: Data) -> [String] {
        buffer.append(chunk)
        var lines: [String] = []
        while let nl = buffer.firstIndex(of: 0x0A) {
            var line = buffer[buffer.startIndex..<nl]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            buffer = Data(buffer[buffer.index(after: nl)...])
        }
        return lines
    }
    mutating func finish() -> String? {
        defer { buffer = Data() }
        return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
    }
}
