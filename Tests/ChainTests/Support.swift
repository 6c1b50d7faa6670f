import Foundation
import Testing
@testable import Chain
import OVSMKit

/// The repository root (Tests/ChainTests/Support.swift → ../..).
let repoRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// A fresh temporary directory, removed by `cleanup()`.
final class TempDir: @unchecked Sendable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "osvm-chain-test-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    deinit { cleanup() }
}

enum ServerError: Error, CustomStringConvertible {
    case startFailed(String)
    var description: String { if case .startFailed(let m) = self { return m }; return "?" }
}

/// A child process that prints `LISTENING <port>` when ready; stopped with SIGTERM.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let home: TempDir
    private let stderrPipe = Pipe()

    var url: String { "http://127.0.0.1:\(port)" }

    init(executable: String, arguments: [String], readyTimeout: Double = 20) throws {
        home = TempDir()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path           // tests never touch the real HOME
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read the first line ("LISTENING <port>") with a deadline.
        let handle = out.fileHandleForReading
        let lineBox = LineBox()
        let sem = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buf = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buf.append(chunk)
                if let nl = buf.firstIndex(of: 0x0A) {
                    lineBox.set(String(decoding: buf[..<nl], as: UTF8.self))
                    break
                }
            }
            sem.signal()
        }
        if sem.wait(timeout: .now() + readyTimeout) == .timedOut {
            process.terminate()
            throw ServerError.startFailed("server did not report LISTENING within \(readyTimeout) s")
        }
        guard let line = lineBox.get(), line.hasPrefix("LISTENING "), let p = Int(line.dropFirst(10)) else {
            let err = String(decoding: stderrPipe.fileHandleForReading.availableData, as: UTF8.self)
            process.terminate()
            throw ServerError.startFailed("server failed to start: \(lineBox.get() ?? "") \(err)")
        }
        port = p
    }

    func stop() {
        if process.isRunning {
            process.terminate()   // SIGTERM
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        home.cleanup()
    }

    deinit { if process.isRunning { stop() } }
}

private final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var line: String?
    func set(_ s: String) { lock.lock(); line = s; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return line }
}

enum Localnet {
    static let python = repoRoot + "/tools/localnet/.venv/bin/python"
    static let script = repoRoot + "/tools/localnet/localnet.py"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static let skipMessage = "tools/localnet/.venv is missing: run `bash tools/localnet/setup.sh` to enable the local-validator tests"

    static func start() throws -> ServerProcess {
        try ServerProcess(executable: python, arguments: [script, "--host", "127.0.0.1", "--port", "0"])
    }

    /// Runs a Python snippet in the validator's venv (solders available); returns stdout.
    static func runPython(_ code: String, args: [String] = []) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", code] + args
        let tmp = TempDir()
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = tmp.path
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = s.makeIterator()
    while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
    return out
}
