import Foundation
import Testing

/// A fresh temporary directory used as HOME; removed on deinit.
final class TempHome: @unchecked Sendable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "osvm-settings-test-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path + "/.config/osvm", withIntermediateDirectories: true)
    }
    var config: String { path + "/.config/osvm/config.yml" }
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let p = path + "/" + name
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: p)
        return p
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func fileMode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
}

/// The `osvm` built next to this test bundle (`OSVM_BINARY` overrides).
let osvmBinary: String = {
    if let b = ProcessInfo.processInfo.environment["OSVM_BINARY"] { return b }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // swift-testing runs `<scratch>/debug/osvmPackageTests.xctest` (a file on Linux).
    for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("osvm").path) {
        dir.deleteLastPathComponent()
    }
    return dir.appendingPathComponent("osvm").path
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `osvm args…` with HOME=`home` and only a few inherited variables; stdin /dev/null.
func osvm(_ args: [String], home: String, env extra: [String: String] = [:], timeout: Double = 30) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: osvmBinary)
    p.arguments = args
    var env = ["HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
    for (k, v) in extra { env[k] = v }
    p.environment = env
    let base = NSTemporaryDirectory() + "osvm-settings-run-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
    _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
    defer { unlink(base + ".out"); unlink(base + ".err") }
    p.standardOutput = FileHandle(forWritingAtPath: base + ".out")
    p.standardError = FileHandle(forWritingAtPath: base + ".err")
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(20_000) }
    if p.isRunning { kill(p.processIdentifier, SIGKILL); Issue.record("osvm \(args) timed out") }
    p.waitUntilExit()
    let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    return RunResult(status: p.terminationStatus, stdout: out, stderr: err)
}

/// A tiny JSON-RPC server on 127.0.0.1 (ephemeral port) answering every call with
/// `result` (`"ok"` for getHealth) and recording each request's path and body to a file.
final class RecordingRPCServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let log: String
    private let script: String

    static let source = #"""
import http.server, json, sys
log = open(sys.argv[1], "a")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        log.write(json.dumps({"path": self.path, "body": body, "auth": self.headers.get("Authorization")}) + "\n"); log.flush()
        try:
            req = json.loads(body)
        except Exception:
            req = {}
        result = "ok" if isinstance(req, dict) and req.get("method") == "getHealth" else 4242
        out = json.dumps({"jsonrpc": "2.0", "id": req.get("id", 1) if isinstance(req, dict) else 1, "result": result}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
    do_GET = do_POST
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("LISTENING", s.server_address[1], flush=True)
s.serve_forever()
"""#

    init() throws {
        let base = NSTemporaryDirectory() + "osvm-rpc-\(UUID().uuidString)"
        script = base + ".py"
        log = base + ".log"
        try Data(Self.source.utf8).write(to: URL(fileURLWithPath: script))
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, log]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, let p = Int(words[1].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown)
        }
        port = p
    }

    var requests: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    deinit {
        // SIGKILL: a child spawned from a test-pool thread inherits its blocked SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        unlink(script)
        unlink(log)
    }
}
